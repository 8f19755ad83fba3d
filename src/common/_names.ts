import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { dnsLabel } from './_validators';
import { ValidationError } from './validation-error';

/**
 * Object names derived from a release name, the way the seed's Helm charts derive
 * them (`_helpers.tpl` "fullname"): `<release>-<chart>`, or the release alone when
 * it already contains the chart name; at most 63 characters, no trailing "-".
 * Keeping Helm's rule means a cluster installed by the tutorial keeps its PVC and
 * Service names when it moves to this library.
 */
export function helmFullname(release: string, chart: string): string {
  const full = release.includes(chart) ? release : `${release}-${chart}`;
  return full.slice(0, 63).replace(/-+$/, '');
}

/**
 * The namespace of the chart a construct lives in. Every construct of this library
 * requires one: ClusterRoleBinding subjects and cross-object references need it,
 * and the manifest checklist wants it explicit.
 */
export function requireNamespace(scope: IConstruct): string {
  const ns = Chart.of(scope).namespace;
  if (ns === undefined) {
    throw new ValidationError('namespace', ns, `the chart containing ${scope.node.path} must set a namespace (ChartProps.namespace), e.g. "milvus"`);
  }
  return dnsLabel('namespace', ns);
}

/**
 * cdk8s gives every ApiObject its chart's namespace, also cluster-scoped kinds;
 * the API server would ignore it, but it misleads readers and linters, so remove it.
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}

/** Kinds without a namespace, among those this library renders (the API server's scope, not cdk8s's). */
const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'PriorityClass']);

/** Whether objects of `kind` are cluster-scoped. */
export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
