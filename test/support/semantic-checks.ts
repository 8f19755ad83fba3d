/**
 * Checks the Kubernetes schema cannot express:
 * name formats per kind, port ranges and names, unique names, selectors that
 * match pod templates, Services that reach a declared port, StatefulSets with a
 * headless Service, namespaces on namespaced objects and binding subjects.
 */
import { containersOf, K8sObject, podSpecOf } from './manifests';
import { objectName, port, portName } from '../../src/common/_validators';

const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume', 'Namespace', 'PriorityClass']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export interface SemanticOptions {
  /** Namespaced objects must carry a namespace (always true for this library's charts). */
  readonly requireNamespace?: boolean;
  /** The API server's NodePort range. */
  readonly nodePortRange?: [number, number];
}

function attempt(errors: string[], label: string, fn: () => void) {
  try { fn(); } catch (e: any) { errors.push(`${label}: ${e.message}`); }
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** One message per problem found; an empty list means the set passes. */
export function semanticErrors(objects: K8sObject[], opts: SemanticOptions = {}): string[] {
  const errors: string[] = [];
  const [npMin, npMax] = opts.nodePortRange ?? [30000, 32767];
  const seen = new Set<string>();
  const podTemplates = objects
    .filter(o => WORKLOADS.has(o.kind) || o.kind === 'Pod')
    .map(o => ({ obj: o, ns: o.metadata.namespace, labels: o.kind === 'Pod' ? o.metadata.labels : o.spec?.template?.metadata?.labels, spec: podSpecOf(o) }));

  for (const obj of objects) {
    const label = `${obj.kind}/${obj.metadata?.name}`;
    const key = `${obj.kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
    if (seen.has(key)) { errors.push(`${label}: duplicate name for this kind in namespace ${obj.metadata?.namespace}`); }
    seen.add(key);
    attempt(errors, label, () => objectName(obj.kind, 'metadata.name', obj.metadata?.name));

    if (CLUSTER_SCOPED.has(obj.kind)) {
      if (obj.metadata.namespace !== undefined) { errors.push(`${label}: cluster-scoped object carries namespace ${obj.metadata.namespace}`); }
    } else if (opts.requireNamespace !== false && !obj.metadata.namespace) {
      errors.push(`${label}: namespaced object has no metadata.namespace`);
    }

    if (obj.kind === 'ClusterRoleBinding' || obj.kind === 'RoleBinding') {
      for (const s of obj.subjects ?? []) {
        if (s.kind === 'ServiceAccount' && !s.namespace) { errors.push(`${label}: ServiceAccount subject ${s.name} has no namespace`); }
      }
    }

    const spec = podSpecOf(obj);
    if (spec) {
      if (WORKLOADS.has(obj.kind)) {
        const sel = obj.spec?.selector?.matchLabels ?? {};
        if (Object.keys(sel).length === 0) { errors.push(`${label}: empty selector`); }
        if (!matches(sel, obj.spec?.template?.metadata?.labels)) { errors.push(`${label}: selector ${JSON.stringify(sel)} does not match its pod template labels`); }
      }
      const names = new Set<string>();
      for (const c of containersOf(obj)) {
        const cl = `${label} container ${c.name}`;
        if (names.has(c.name)) { errors.push(`${cl}: duplicate container name`); }
        names.add(c.name);
        const portNames = new Set<string>();
        for (const p of c.ports ?? []) {
          attempt(errors, cl, () => port('containerPort', p.containerPort));
          if (p.name !== undefined) {
            attempt(errors, cl, () => portName('port name', p.name));
            if (portNames.has(p.name)) { errors.push(`${cl}: duplicate port name ${p.name}`); }
            portNames.add(p.name);
          }
        }
        const envNames = new Set<string>();
        for (const e of c.env ?? []) {
          if (envNames.has(e.name)) { errors.push(`${cl}: duplicate env ${e.name}`); }
          envNames.add(e.name);
        }
        for (const probeKind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
          const probe = c[probeKind];
          const p = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
          if (typeof p === 'string' && !portNames.has(p)) { errors.push(`${cl}: ${probeKind} uses undeclared port ${p}`); }
          if (typeof p === 'number' && !(c.ports ?? []).some((cp: any) => cp.containerPort === p)) { errors.push(`${cl}: ${probeKind} uses undeclared port ${p}`); }
        }
        const volumeNames = new Set((spec.volumes ?? []).map((v: any) => v.name));
        const claimTemplates = new Set((obj.spec?.volumeClaimTemplates ?? []).map((v: any) => v.metadata?.name));
        for (const m of c.volumeMounts ?? []) {
          if (!volumeNames.has(m.name) && !claimTemplates.has(m.name)) { errors.push(`${cl}: mounts unknown volume ${m.name}`); }
        }
      }
    }

    if (obj.kind === 'StatefulSet') {
      const svc = objects.find(o => o.kind === 'Service' && o.metadata.name === obj.spec?.serviceName && o.metadata.namespace === obj.metadata.namespace);
      if (!svc) { errors.push(`${label}: serviceName ${obj.spec?.serviceName} has no Service`); } else if (svc.spec?.clusterIP !== 'None') { errors.push(`${label}: serviceName ${svc.metadata.name} is not headless`); }
    }

    if (obj.kind === 'Service') {
      const selector = obj.spec?.selector ?? {};
      const targets = podTemplates.filter(t => t.ns === obj.metadata.namespace && Object.keys(selector).length > 0 && matches(selector, t.labels));
      if (Object.keys(selector).length > 0 && targets.length === 0) { errors.push(`${label}: selector ${JSON.stringify(selector)} matches no pod template`); }
      for (const p of obj.spec?.ports ?? []) {
        attempt(errors, label, () => port('port', p.port));
        if (p.name !== undefined) { attempt(errors, label, () => portName('port name', p.name)); }
        if (p.nodePort !== undefined) {
          if (obj.spec.type !== 'NodePort' && obj.spec.type !== 'LoadBalancer') { errors.push(`${label}: nodePort on a ${obj.spec.type ?? 'ClusterIP'} Service`); }
          attempt(errors, label, () => port('nodePort', p.nodePort, npMin, npMax));
        }
        const tp = p.targetPort;
        if (typeof tp === 'string') {
          for (const t of targets) {
            const declared = (t.spec?.containers ?? []).some((c: any) => (c.ports ?? []).some((cp: any) => cp.name === tp));
            if (!declared) { errors.push(`${label}: targetPort ${tp} is not a named port of ${t.obj.kind}/${t.obj.metadata.name}`); }
          }
        }
      }
    }

    if (obj.kind === 'PodDisruptionBudget') {
      const sel = obj.spec?.selector?.matchLabels ?? {};
      if (!podTemplates.some(t => t.ns === obj.metadata.namespace && matches(sel, t.labels))) { errors.push(`${label}: selects no pod template`); }
    }
  }
  return errors;
}

export function expectSemanticallyValid(objects: K8sObject[], opts?: SemanticOptions): void {
  expect(semanticErrors(objects, opts)).toEqual([]);
}
