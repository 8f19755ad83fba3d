/**
 * The merged manifest checklist (kube-score, kube-linter, Polaris and the design's own controls) as data. Each control
 * names its checklist row, the field and the value it requires, the kinds it applies
 * to, the linter checks that enforce it (so an exemption annotation can be matched to
 * it) and a check returning one message per violation on one object.
 *
 * A failing control is accepted only when the object carries the ignore annotations of
 * an exemption from `LINT_EXEMPTIONS` (src/common/_exemptions.ts) that relaxes the same
 * row and names one of the control's linter checks; and every ignore annotation an
 * object carries must be justified by a control that really fails on it.
 */
import { exemptionAnnotations, LINT_EXEMPTIONS, LintExemption, LintExemptionId } from '../../src/common/_exemptions';
import { K8sObject, podSpecOf } from '../support';
import type { Scenario } from './scenarios';

export interface PolicyContext {
  readonly objects: K8sObject[];
  readonly scenario: Scenario;
}

/** Linter check ids, as `kube-score:<id>`, `kube-linter:<id>`, `polaris:<id>`. */
export type LinterCheck = string;

export interface Control {
  /** Stable id used in messages. */
  readonly id: string;
  /** The control's row number in the project's checklist (rows no manifest field can show are not here). */
  readonly checklist: number;
  /** The field, relative to the object (P = pod spec, C = every container and init container). */
  readonly field: string;
  /** The value the field must have. */
  readonly required: string;
  /** Kinds it applies to (`*` = every object). */
  readonly kinds: readonly string[];
  /** Linter checks that enforce the control (exemption annotations are matched against these). */
  readonly linters: readonly LinterCheck[];
  /** One message per violation on `obj`. */
  readonly check: (obj: K8sObject, ctx: PolicyContext) => string[];
  /** Breaks a copy of a passing object set so that this control fails (proves the check can fail). */
  readonly breakIt: (objects: K8sObject[]) => void;
}

export const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'];
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume', 'PriorityClass'];
const STANDARD_LABELS = ['name', 'instance', 'component', 'part-of', 'managed-by'].map(l => `app.kubernetes.io/${l}`);
const STABLE_API: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  StorageClass: 'storage.k8s.io/v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  PersistentVolume: 'v1',
  PersistentVolumeClaim: 'v1',
  Namespace: 'v1',
};
const ALLOWED_VOLUMES = ['configMap', 'secret', 'emptyDir', 'persistentVolumeClaim', 'projected', 'downwardAPI'];
const SENSITIVE_NAME = /password|secret|token|bearer/i;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

// ---- helpers over synthesized objects -------------------------------------------------------

interface NamedContainer { readonly c: any; readonly init: boolean }

function containers(obj: K8sObject): NamedContainer[] {
  const spec = podSpecOf(obj);
  if (!spec) { return []; }
  return [...(spec.initContainers ?? []).map((c: any) => ({ c, init: true })), ...(spec.containers ?? []).map((c: any) => ({ c, init: false }))];
}

function podLabels(obj: K8sObject): Record<string, string> {
  return (obj.kind === 'Pod' ? obj.metadata.labels : obj.spec?.template?.metadata?.labels) ?? {};
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return selector !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function workloads(objects: K8sObject[], ns: string | undefined): K8sObject[] {
  return objects.filter(o => WORKLOADS.includes(o.kind) && o.metadata.namespace === ns);
}

function perContainer(obj: K8sObject, fn: (c: any, pod: any, init: boolean) => string | undefined): string[] {
  const pod = podSpecOf(obj) ?? {};
  return containers(obj).flatMap(({ c, init }) => {
    const msg = fn(c, pod, init);
    return msg ? [`container ${c.name}: ${msg}`] : [];
  });
}

const effective = (c: any, pod: any, field: string) => c.securityContext?.[field] ?? pod.securityContext?.[field];

function workloadOf(objects: K8sObject[], kind = 'Deployment'): K8sObject {
  return objects.find(o => o.kind === kind)!;
}

function firstContainer(objects: K8sObject[]): any {
  return podSpecOf(objects.find(o => o.kind === 'StatefulSet')!)!.containers[0];
}

function replicas(obj: K8sObject): number {
  return obj.spec?.replicas ?? 1;
}

function selectingPdbs(obj: K8sObject, objects: K8sObject[]): K8sObject[] {
  return objects.filter(p => p.kind === 'PodDisruptionBudget' && p.metadata.namespace === obj.metadata.namespace
    && Object.keys(p.spec?.selector?.matchLabels ?? {}).length > 0 && matches(p.spec.selector.matchLabels, podLabels(obj)));
}

function imagePinned(image: unknown): boolean {
  if (typeof image !== 'string') { return false; }
  if (/@sha256:[a-f0-9]{64}$/.test(image)) { return true; }
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return tag !== '' && tag !== 'latest';
}

// ---- the controls ----------------------------------------------------------------------------

export const CONTROLS: readonly Control[] = [
  {
    id: 'explicit-namespace',
    checklist: 1,
    field: 'metadata.namespace',
    required: 'set and not "default" on namespaced kinds; absent on cluster-scoped kinds',
    kinds: ['*'],
    linters: ['kube-linter:use-namespace'],
    check: o => {
      const ns = o.metadata.namespace;
      if (CLUSTER_SCOPED.includes(o.kind)) { return ns === undefined ? [] : [`cluster-scoped object has namespace ${ns}`]; }
      return ns && ns !== 'default' ? [] : [`namespace is ${JSON.stringify(ns)}`];
    },
    breakIt: objs => { objs.find(o => o.kind === 'ConfigMap')!.metadata.namespace = 'default'; },
  },
  {
    id: 'not-privileged',
    checklist: 2,
    field: 'C.securityContext.privileged',
    required: 'false',
    kinds: WORKLOADS,
    linters: ['kube-score:container-security-context-privileged', 'kube-linter:privileged-container', 'polaris:runAsPrivileged'],
    check: o => perContainer(o, c => (c.securityContext?.privileged === false ? undefined : `privileged is ${c.securityContext?.privileged}`)),
    breakIt: objs => { firstContainer(objs).securityContext.privileged = true; },
  },
  {
    id: 'no-privilege-escalation',
    checklist: 3,
    field: 'C.securityContext.allowPrivilegeEscalation',
    required: 'false',
    kinds: WORKLOADS,
    linters: ['kube-linter:privilege-escalation-container', 'polaris:privilegeEscalationAllowed'],
    check: o => perContainer(o, c => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : `allowPrivilegeEscalation is ${c.securityContext?.allowPrivilegeEscalation}`)),
    breakIt: objs => { delete firstContainer(objs).securityContext.allowPrivilegeEscalation; },
  },
  {
    id: 'drop-all-capabilities',
    checklist: 4,
    field: 'C.securityContext.capabilities',
    required: 'drop ["ALL"], no add',
    kinds: WORKLOADS,
    linters: ['kube-linter:drop-net-raw-capability', 'polaris:insecureCapabilities', 'polaris:dangerousCapabilities'],
    check: o => perContainer(o, c => {
      const caps = c.securityContext?.capabilities ?? {};
      if (!(caps.drop ?? []).includes('ALL')) { return `capabilities.drop is ${JSON.stringify(caps.drop)}`; }
      return (caps.add ?? []).length > 0 ? `capabilities.add is ${JSON.stringify(caps.add)}` : undefined;
    }),
    breakIt: objs => { firstContainer(objs).securityContext.capabilities.add = ['NET_ADMIN']; },
  },
  {
    id: 'seccomp-runtime-default',
    checklist: 5,
    field: 'P.securityContext.seccompProfile.type (or every C)',
    required: 'RuntimeDefault',
    kinds: WORKLOADS,
    linters: ['kube-score:container-seccomp-profile', 'polaris:linuxHardening'],
    check: o => perContainer(o, (c, pod) => {
      const type = c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      return type === 'RuntimeDefault' ? undefined : `seccompProfile.type is ${type}`;
    }),
    breakIt: objs => {
      const sts = workloadOf(objs, 'StatefulSet');
      delete podSpecOf(sts)!.securityContext.seccompProfile;
      podSpecOf(sts)!.containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
    },
  },
  {
    id: 'run-as-non-root',
    checklist: 6,
    field: 'C.securityContext.runAsNonRoot (or P)',
    required: 'true',
    kinds: WORKLOADS,
    linters: ['kube-linter:run-as-non-root', 'polaris:runAsRootAllowed'],
    check: o => perContainer(o, (c, pod) => (effective(c, pod, 'runAsNonRoot') === true ? undefined : `runAsNonRoot is ${effective(c, pod, 'runAsNonRoot')}`)),
    breakIt: objs => { firstContainer(objs).securityContext.runAsNonRoot = false; },
  },
  {
    id: 'high-uid-gid',
    checklist: 7,
    field: 'C.securityContext.runAsUser / runAsGroup (or P)',
    required: '>= 10000',
    kinds: WORKLOADS,
    linters: ['kube-score:container-security-context-user-group-id'],
    check: o => perContainer(o, (c, pod) => {
      const uid = effective(c, pod, 'runAsUser');
      const gid = effective(c, pod, 'runAsGroup');
      return typeof uid === 'number' && uid >= 10000 && typeof gid === 'number' && gid >= 10000 ? undefined : `runAsUser ${uid}, runAsGroup ${gid}`;
    }),
    breakIt: objs => {
      for (const w of objs.filter(o => podSpecOf(o)?.initContainers)) { podSpecOf(w)!.initContainers[0].securityContext.runAsUser = 0; }
    },
  },
  {
    id: 'read-only-root-filesystem',
    checklist: 9,
    field: 'C.securityContext.readOnlyRootFilesystem',
    required: 'true',
    kinds: WORKLOADS,
    linters: ['kube-score:container-security-context-readonlyrootfilesystem', 'kube-linter:no-read-only-root-fs', 'polaris:notReadOnlyRootFilesystem'],
    check: o => perContainer(o, c => (c.securityContext?.readOnlyRootFilesystem === true ? undefined : `readOnlyRootFilesystem is ${c.securityContext?.readOnlyRootFilesystem}`)),
    breakIt: objs => { firstContainer(objs).securityContext.readOnlyRootFilesystem = false; },
  },
  {
    id: 'no-host-access',
    checklist: 10,
    field: 'P.hostNetwork / hostPID / hostIPC, C.ports[].hostPort, P.volumes[].hostPath',
    required: 'unset or false',
    kinds: WORKLOADS,
    linters: ['kube-linter:host-network', 'kube-linter:host-pid', 'kube-linter:host-ipc', 'polaris:hostNetworkSet', 'polaris:hostPIDSet', 'polaris:hostIPCSet', 'polaris:hostPortSet', 'polaris:hostPathSet'],
    check: o => {
      const spec = podSpecOf(o) ?? {};
      const out = ['hostNetwork', 'hostPID', 'hostIPC'].filter(f => spec[f]).map(f => `${f} is true`);
      out.push(...perContainer(o, c => ((c.ports ?? []).some((p: any) => p.hostPort) ? 'declares a hostPort' : undefined)));
      out.push(...(spec.volumes ?? []).filter((v: any) => v.hostPath).map((v: any) => `volume ${v.name} is a hostPath`));
      return out;
    },
    breakIt: objs => { podSpecOf(workloadOf(objs))!.hostNetwork = true; },
  },
  {
    id: 'restricted-volume-types',
    checklist: 11,
    field: 'P.volumes[*]',
    required: `one of ${ALLOWED_VOLUMES.join(', ')}`,
    kinds: WORKLOADS,
    linters: [],
    check: o => (podSpecOf(o)?.volumes ?? []).flatMap((v: any) => {
      const types = Object.keys(v).filter(k => k !== 'name');
      return types.every(t => ALLOWED_VOLUMES.includes(t)) ? [] : [`volume ${v.name} is ${types.join(',')}`];
    }),
    breakIt: objs => { podSpecOf(workloadOf(objs))!.volumes.push({ name: 'x', nfs: { server: 'a', path: '/' } }); },
  },
  {
    id: 'pinned-image',
    checklist: 12,
    field: 'C.image',
    required: 'a tag other than latest, or a sha256 digest',
    kinds: WORKLOADS,
    linters: ['kube-score:container-image-tag', 'kube-linter:latest-tag', 'polaris:tagNotSpecified'],
    check: o => perContainer(o, c => (imagePinned(c.image) ? undefined : `image ${c.image} is not pinned`)),
    breakIt: objs => { firstContainer(objs).image = 'mysql:latest'; },
  },
  {
    id: 'image-pull-policy-set',
    checklist: 13,
    field: 'C.imagePullPolicy',
    required: 'Always, IfNotPresent or Never (explicit)',
    kinds: WORKLOADS,
    linters: [],
    check: o => perContainer(o, c => (['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy) ? undefined : `imagePullPolicy is ${c.imagePullPolicy}`)),
    breakIt: objs => { delete firstContainer(objs).imagePullPolicy; },
  },
  {
    // IfNotPresent on pinned images is the default trade-off (src/common/_exemptions.ts, pinned-image-if-not-present).
    id: 'image-pull-policy-always',
    checklist: 13,
    field: 'C.imagePullPolicy',
    required: 'Always (or IfNotPresent on pinned images, as an annotated exemption)',
    kinds: WORKLOADS,
    linters: ['kube-score:container-image-pull-policy', 'polaris:pullPolicyNotAlways'],
    check: o => perContainer(o, c => (c.imagePullPolicy === 'Always' ? undefined : `imagePullPolicy is ${c.imagePullPolicy}`)),
    breakIt: objs => { podSpecOf(objs.find(o => podSpecOf(o)?.containers.every((c: any) => c.imagePullPolicy === 'Always'))!)!.containers[0].imagePullPolicy = 'IfNotPresent'; },
  },
  {
    id: 'resources-set',
    checklist: 14,
    field: 'C.resources.{requests,limits}.{cpu,memory,ephemeral-storage}',
    required: 'all six set',
    kinds: WORKLOADS,
    linters: ['kube-score:container-resources', 'kube-score:container-ephemeral-storage-request-and-limit', 'kube-linter:unset-cpu-requirements',
      'kube-linter:unset-memory-requirements', 'polaris:cpuRequestsMissing', 'polaris:cpuLimitsMissing', 'polaris:memoryRequestsMissing', 'polaris:memoryLimitsMissing'],
    check: o => perContainer(o, c => {
      const missing = ['requests', 'limits'].flatMap(k => ['cpu', 'memory', 'ephemeral-storage'].filter(r => c.resources?.[k]?.[r] === undefined).map(r => `${k}.${r}`));
      return missing.length > 0 ? `resources missing ${missing.join(', ')}` : undefined;
    }),
    breakIt: objs => { delete podSpecOf(objs.find(o => podSpecOf(o)?.initContainers)!)!.initContainers[0].resources.limits['ephemeral-storage']; },
  },
  {
    id: 'probes-present-and-different',
    checklist: 16,
    field: 'C.readinessProbe, C.livenessProbe (long-running containers)',
    required: 'both set and different',
    kinds: WORKLOADS,
    linters: ['kube-score:pod-probes', 'kube-score:pod-probes-identical', 'kube-linter:no-liveness-probe', 'kube-linter:no-readiness-probe',
      'polaris:livenessProbeMissing', 'polaris:readinessProbeMissing'],
    check: o => perContainer(o, (c, _pod, init) => {
      if (init) { return undefined; }
      if (!c.readinessProbe || !c.livenessProbe) { return `readinessProbe ${c.readinessProbe ? 'set' : 'missing'}, livenessProbe ${c.livenessProbe ? 'set' : 'missing'}`; }
      return JSON.stringify(c.readinessProbe) === JSON.stringify(c.livenessProbe) ? 'readiness and liveness probes are identical' : undefined;
    }),
    breakIt: objs => { const c = firstContainer(objs); c.livenessProbe = c.readinessProbe; },
  },
  {
    id: 'probe-ports-declared',
    checklist: 17,
    field: 'C.*Probe.{httpGet,tcpSocket,grpc}.port',
    required: 'a declared containerPort (by name or number)',
    kinds: WORKLOADS,
    linters: ['kube-linter:liveness-port', 'kube-linter:readiness-port', 'kube-linter:startup-port'],
    check: o => perContainer(o, c => {
      const bad = ['livenessProbe', 'readinessProbe', 'startupProbe'].filter(k => {
        const p = c[k]?.httpGet?.port ?? c[k]?.tcpSocket?.port ?? c[k]?.grpc?.port;
        return p !== undefined && !(c.ports ?? []).some((cp: any) => cp.name === p || cp.containerPort === p);
      });
      return bad.length > 0 ? `${bad.join(', ')} use an undeclared port` : undefined;
    }),
    breakIt: objs => { firstContainer(objs).startupProbe = { tcpSocket: { port: 'nope' } }; },
  },
  {
    id: 'iana-port-names',
    checklist: 18,
    field: 'C.ports[].name, Service spec.ports[].name / targetPort',
    required: 'IANA service names',
    kinds: [...WORKLOADS, 'Service'],
    linters: ['kube-linter:invalid-target-ports'],
    check: o => {
      const iana = (n: unknown) => typeof n === 'string' && n.length <= 15 && IANA_SVC_NAME.test(n) && !n.includes('--') && /[a-z]/.test(n);
      if (o.kind === 'Service') {
        return (o.spec?.ports ?? []).flatMap((p: any) => [
          ...(p.name !== undefined && !iana(p.name) ? [`port name ${p.name}`] : []),
          ...(typeof p.targetPort === 'string' && !iana(p.targetPort) ? [`targetPort ${p.targetPort}`] : []),
        ]);
      }
      return perContainer(o, c => {
        const bad = (c.ports ?? []).filter((p: any) => p.name !== undefined && !iana(p.name)).map((p: any) => p.name);
        return bad.length > 0 ? `port names ${bad.join(', ')} are not IANA service names` : undefined;
      });
    },
    breakIt: objs => { objs.find(o => o.kind === 'Service')!.spec.ports[0].name = 'Not_IANA--name'; },
  },
  {
    id: 'env-no-literal-secrets',
    checklist: 19,
    field: 'C.env[]',
    required: 'unique names; no literal value on names like PASSWORD, SECRET, TOKEN',
    kinds: WORKLOADS,
    linters: ['kube-score:environment-variable-key-duplication', 'kube-linter:env-var-secret', 'kube-linter:duplicate-env-var', 'polaris:sensitiveContainerEnvVar'],
    check: o => perContainer(o, c => {
      const names = (c.env ?? []).map((e: any) => e.name);
      const dup = names.filter((n: string, i: number) => names.indexOf(n) !== i);
      const literal = (c.env ?? []).filter((e: any) => SENSITIVE_NAME.test(e.name) && e.value !== undefined).map((e: any) => e.name);
      const out = [...(dup.length ? [`duplicate env ${dup.join(', ')}`] : []), ...(literal.length ? [`literal value on ${literal.join(', ')}`] : [])];
      return out.length ? out.join('; ') : undefined;
    }),
    breakIt: objs => { podSpecOf(workloadOf(objs))!.containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; },
  },
  {
    id: 'no-secrets-in-configmaps',
    checklist: 19,
    field: 'ConfigMap data',
    required: 'no sensitive keys, no password values, no private keys',
    kinds: ['ConfigMap'],
    linters: ['polaris:sensitiveConfigmapContent'],
    check: (o, ctx) => Object.entries<string>(o.data ?? {}).flatMap(([k, v]) => [
      ...(SENSITIVE_NAME.test(k) ? [`key ${k} looks sensitive`] : []),
      ...(/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) ? [`key ${k} holds a private key`] : []),
      ...ctx.scenario.passwords.filter(p => v.includes(p)).map(() => `key ${k} contains a scenario password`),
    ]),
    breakIt: objs => { objs.find(o => o.kind === 'ConfigMap')!.data.token = 'x'; },
  },
  {
    id: 'dedicated-service-account',
    checklist: 20,
    field: 'P.serviceAccountName',
    required: 'a ServiceAccount of the set, not "default", used by this workload only; no deprecated serviceAccount',
    kinds: WORKLOADS,
    linters: ['kube-linter:non-existent-service-account', 'kube-linter:deprecated-service-account-field', 'kube-linter:default-service-account'],
    check: (o, ctx) => {
      const spec = podSpecOf(o) ?? {};
      const sa = spec.serviceAccountName;
      const out: string[] = [];
      if (!sa || sa === 'default') { out.push(`serviceAccountName is ${JSON.stringify(sa)}`); }
      if (spec.serviceAccount !== undefined) { out.push('uses the deprecated serviceAccount field'); }
      if (sa && !ctx.objects.some(s => s.kind === 'ServiceAccount' && s.metadata.name === sa && s.metadata.namespace === o.metadata.namespace)) { out.push(`ServiceAccount ${sa} is not in the set`); }
      const sharers = workloads(ctx.objects, o.metadata.namespace).filter(w => w !== o && podSpecOf(w)?.serviceAccountName === sa);
      if (sa && sharers.length > 0) { out.push(`ServiceAccount ${sa} shared with ${sharers.map(w => w.metadata.name).join(', ')}`); }
      return out;
    },
    breakIt: objs => { podSpecOf(workloadOf(objs, 'StatefulSet'))!.serviceAccountName = 'default'; },
  },
  {
    id: 'no-token-unless-needed',
    checklist: 21,
    field: 'P.automountServiceAccountToken (else the ServiceAccount\'s)',
    required: 'false',
    kinds: WORKLOADS,
    linters: ['polaris:automountServiceAccountToken'],
    check: (o, ctx) => {
      const spec = podSpecOf(o) ?? {};
      const sa = ctx.objects.find(s => s.kind === 'ServiceAccount' && s.metadata.name === spec.serviceAccountName && s.metadata.namespace === o.metadata.namespace);
      const mounted = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
      return mounted === false ? [] : ['the ServiceAccount token is mounted'];
    },
    breakIt: objs => { podSpecOf(workloadOf(objs, 'StatefulSet'))!.automountServiceAccountToken = true; },
  },
  {
    id: 'network-policy-per-pod',
    checklist: 22,
    field: 'NetworkPolicy selecting the pod',
    required: 'policyTypes Ingress and Egress (when networkPolicies are enabled)',
    kinds: WORKLOADS,
    linters: ['kube-score:pod-networkpolicy', 'polaris:missingNetworkPolicy'],
    check: (o, ctx) => {
      if (ctx.scenario.props.networkPolicies?.enabled === false) { return []; }
      const selecting = ctx.objects.filter(p => p.kind === 'NetworkPolicy' && p.metadata.namespace === o.metadata.namespace && matches(p.spec?.podSelector?.matchLabels ?? {}, podLabels(o)));
      const types = new Set(selecting.flatMap(p => p.spec?.policyTypes ?? []));
      return types.has('Ingress') && types.has('Egress') ? [] : [`NetworkPolicies cover ${[...types].join('+') || 'nothing'}`];
    },
    breakIt: objs => { for (const p of objs.filter(o => o.kind === 'NetworkPolicy')) { p.spec.podSelector = { matchLabels: { none: 'x' } }; } },
  },
  {
    id: 'network-policy-targets-pods',
    checklist: 22,
    field: 'NetworkPolicy spec.podSelector',
    required: 'selects at least one pod of the set',
    kinds: ['NetworkPolicy'],
    linters: ['kube-score:networkpolicy-targets-pod'],
    check: (o, ctx) => (workloads(ctx.objects, o.metadata.namespace).some(w => matches(o.spec?.podSelector?.matchLabels ?? {}, podLabels(w))) ? [] : ['selects no pod']),
    breakIt: objs => { objs.find(o => o.kind === 'NetworkPolicy')!.spec.podSelector = { matchLabels: { none: 'x' } }; },
  },
  {
    id: 'pdb-for-multi-replica',
    checklist: 23,
    field: 'PodDisruptionBudget selecting a workload with replicas >= 2',
    required: 'exists',
    kinds: ['Deployment', 'StatefulSet'],
    linters: ['kube-score:deployment-has-poddisruptionbudget', 'kube-score:statefulset-has-poddisruptionbudget'],
    check: (o, ctx) => (replicas(o) < 2 || selectingPdbs(o, ctx.objects).length > 0 ? [] : [`${replicas(o)} replicas and no PodDisruptionBudget`]),
    breakIt: objs => { for (const p of objs.filter(o => o.kind === 'PodDisruptionBudget')) { p.spec.selector.matchLabels = { none: 'x' }; } },
  },
  {
    id: 'pdb-every-deployment',
    checklist: 23,
    field: 'PodDisruptionBudget selecting every Deployment',
    required: 'exists (Polaris)',
    kinds: ['Deployment'],
    linters: ['polaris:missingPodDisruptionBudget'],
    check: (o, ctx) => (selectingPdbs(o, ctx.objects).length > 0 ? [] : ['no PodDisruptionBudget']),
    breakIt: objs => { for (const p of objs.filter(o => o.kind === 'PodDisruptionBudget')) { p.spec.selector.matchLabels = { none: 'x' }; } },
  },
  {
    id: 'pdb-allows-eviction',
    checklist: 23,
    field: 'PodDisruptionBudget spec',
    required: 'maxUnavailable >= 1 (no minAvailable), unhealthyPodEvictionPolicy AlwaysAllow',
    kinds: ['PodDisruptionBudget'],
    linters: ['kube-linter:pdb-max-unavailable', 'kube-linter:pdb-min-available', 'kube-linter:pdb-unhealthy-pod-eviction-policy', 'polaris:pdbDisruptionsIsZero'],
    check: o => {
      const mu = o.spec?.maxUnavailable;
      const ok = (typeof mu === 'number' && mu >= 1) || (typeof mu === 'string' && /^[1-9][0-9]*%$/.test(mu));
      return [
        ...(ok ? [] : [`maxUnavailable is ${JSON.stringify(mu)}`]),
        ...(o.spec?.minAvailable !== undefined ? [`minAvailable is set (${o.spec.minAvailable})`] : []),
        ...(o.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ? [] : [`unhealthyPodEvictionPolicy is ${o.spec?.unhealthyPodEvictionPolicy}`]),
      ];
    },
    breakIt: objs => { objs.find(o => o.kind === 'PodDisruptionBudget')!.spec.maxUnavailable = 0; },
  },
  {
    id: 'deployment-replicas',
    checklist: 23,
    field: 'Deployment spec.replicas',
    required: '>= 2',
    kinds: ['Deployment'],
    linters: ['kube-score:deployment-replicas', 'polaris:deploymentMissingReplicas'],
    check: o => (replicas(o) >= 2 ? [] : [`${replicas(o)} replica(s)`]),
    breakIt: objs => { for (const d of objs.filter(o => o.kind === 'Deployment')) { d.spec.replicas = 1; } },
  },
  {
    id: 'deployment-rolling-update',
    checklist: 23,
    field: 'Deployment spec.strategy.type',
    required: 'RollingUpdate',
    kinds: ['Deployment'],
    linters: ['kube-score:deployment-strategy', 'kube-linter:no-rolling-update-strategy'],
    check: o => ((o.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' ? [] : [`strategy is ${o.spec.strategy.type}`]),
    breakIt: objs => { for (const d of objs.filter(o => o.kind === 'Deployment')) { d.spec.strategy = { type: 'Recreate' }; } },
  },
  {
    id: 'anti-affinity-multi-replica',
    checklist: 24,
    field: 'P.affinity.podAntiAffinity (replicas >= 2)',
    required: 'a term on kubernetes.io/hostname selecting the pod\'s own labels',
    kinds: ['Deployment', 'StatefulSet'],
    linters: ['kube-score:deployment-has-host-podantiaffinity', 'kube-score:statefulset-has-host-podantiaffinity', 'kube-linter:no-anti-affinity'],
    check: o => {
      if (replicas(o) < 2) { return []; }
      const anti = podSpecOf(o)?.affinity?.podAntiAffinity ?? {};
      const terms = [
        ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => t.podAffinityTerm),
      ];
      const ok = terms.some((t: any) => ['kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region'].includes(t?.topologyKey)
        && matches(t?.labelSelector?.matchLabels, podLabels(o)));
      return ok ? [] : ['no pod anti-affinity on its own labels'];
    },
    breakIt: objs => { for (const d of objs.filter(o => o.kind === 'Deployment')) { d.spec.replicas = 3; delete podSpecOf(d)!.affinity; } },
  },
  {
    id: 'selector-matches-template',
    checklist: 26,
    field: 'spec.selector.matchLabels',
    required: 'non-empty and a subset of spec.template.metadata.labels',
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
    linters: ['kube-score:deployment-pod-selector-labels-match-template-metadata-labels', 'kube-score:statefulset-pod-selector-labels-match-template-metadata-labels', 'kube-linter:mismatching-selector'],
    check: o => {
      const sel = o.spec?.selector?.matchLabels ?? {};
      return Object.keys(sel).length > 0 && matches(sel, podLabels(o)) ? [] : [`selector ${JSON.stringify(sel)} does not match the template labels`];
    },
    breakIt: objs => { workloadOf(objs).spec.selector.matchLabels.extra = 'x'; },
  },
  {
    id: 'statefulset-headless-service',
    checklist: 27,
    field: 'StatefulSet spec.serviceName',
    required: 'a headless Service (clusterIP None) of the set selecting its pods',
    kinds: ['StatefulSet'],
    linters: ['kube-score:statefulset-has-servicename'],
    check: (o, ctx) => {
      const svc = ctx.objects.find(s => s.kind === 'Service' && s.metadata.name === o.spec?.serviceName && s.metadata.namespace === o.metadata.namespace);
      if (!svc) { return [`serviceName ${o.spec?.serviceName} is not in the set`]; }
      if (svc.spec?.clusterIP !== 'None') { return [`Service ${svc.metadata.name} is not headless`]; }
      return matches(svc.spec?.selector, podLabels(o)) ? [] : [`Service ${svc.metadata.name} does not select the pods`];
    },
    breakIt: objs => { workloadOf(objs, 'StatefulSet').spec.serviceName = 'missing'; },
  },
  {
    id: 'service-targets-pod',
    checklist: 28,
    field: 'Service spec.selector / targetPort',
    required: 'selects a pod of the set; named targetPorts declared by it',
    kinds: ['Service'],
    linters: ['kube-score:service-targets-pod', 'kube-linter:dangling-service'],
    check: (o, ctx) => {
      const selects = (w: K8sObject) => Object.keys(o.spec?.selector ?? {}).length > 0 && matches(o.spec.selector, podLabels(w));
      const targets = workloads(ctx.objects, o.metadata.namespace).filter(selects);
      if (targets.length === 0) { return [`selector ${JSON.stringify(o.spec?.selector)} selects no pod`]; }
      return (o.spec?.ports ?? []).filter((p: any) => typeof p.targetPort === 'string'
        && !targets.every(t => (podSpecOf(t)?.containers ?? []).some((c: any) => (c.ports ?? []).some((cp: any) => cp.name === p.targetPort))))
        .map((p: any) => `targetPort ${p.targetPort} is not declared by every selected pod`);
    },
    breakIt: objs => { objs.find(o => o.kind === 'Service')!.spec.ports[0].targetPort = 'ghost'; },
  },
  {
    id: 'service-type-cluster-ip',
    checklist: 29,
    field: 'Service spec.type',
    required: 'ClusterIP (NodePort/LoadBalancer only for the Mishards front door, LoadBalancer with source ranges)',
    kinds: ['Service'],
    linters: ['kube-score:service-type', 'kube-linter:exposed-services'],
    check: o => {
      const type = o.spec?.type ?? 'ClusterIP';
      if (type === 'ClusterIP') { return []; }
      const out = [`type ${type}`];
      if (type === 'LoadBalancer' && !(o.spec.loadBalancerSourceRanges ?? []).length) { out.push('LoadBalancer without loadBalancerSourceRanges'); }
      return out;
    },
    breakIt: objs => { objs.find(o => o.kind === 'Service' && o.metadata.name.endsWith('-mysql'))!.spec.type = 'NodePort'; },
  },
  {
    id: 'standard-labels',
    checklist: 30,
    field: 'metadata.labels (and pod template labels)',
    required: `${STANDARD_LABELS.join(', ')} with valid values`,
    kinds: ['*'],
    linters: ['kube-score:label-values'],
    check: o => {
      const out: string[] = [];
      const where: Array<[string, Record<string, string> | undefined]> = [['metadata', o.metadata.labels]];
      if (o.spec?.template) { where.push(['pod template', o.spec.template.metadata?.labels]); }
      for (const [w, labels] of where) {
        // A Namespace outlives releases: it must not carry a release's instance label, or deleting the
        // release by that label (kubectl delete -l app.kubernetes.io/instance=...) would delete the namespace.
        const required = o.kind === 'Namespace' ? STANDARD_LABELS.filter(l => l !== 'app.kubernetes.io/instance') : STANDARD_LABELS;
        const missing = required.filter(l => !labels?.[l]);
        if (missing.length) { out.push(`${w} lacks ${missing.join(', ')}`); }
        out.push(...Object.entries(labels ?? {}).filter(([, v]) => typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)).map(([k, v]) => `${w} label ${k}=${v} is invalid`));
      }
      return out;
    },
    breakIt: objs => { delete objs.find(o => o.kind === 'Service')!.metadata.labels['app.kubernetes.io/part-of']; },
  },
  {
    id: 'stable-api-versions',
    checklist: 32,
    field: 'apiVersion',
    required: 'the stable group version of the kind',
    kinds: ['*'],
    linters: ['kube-score:stable-version', 'kube-linter:no-extensions-v1beta'],
    check: o => (STABLE_API[o.kind] === o.apiVersion ? [] : [`${o.apiVersion} is not ${STABLE_API[o.kind] ?? 'a known stable version'}`]),
    breakIt: objs => { objs.find(o => o.kind === 'PodDisruptionBudget' || o.kind === 'Deployment')!.apiVersion = 'extensions/v1beta1'; },
  },
  {
    id: 'rbac-least-privilege',
    checklist: 33,
    field: 'Role/ClusterRole rules',
    required: 'no "*", no secrets, no pods/exec|attach, no create on pods, no bind/escalate/impersonate',
    kinds: ['Role', 'ClusterRole'],
    linters: ['kube-linter:wildcard-in-rules', 'kube-linter:access-to-secrets', 'kube-linter:access-to-create-pods', 'polaris:clusterrolePodExecAttach', 'polaris:rolePodExecAttach'],
    check: o => (o.rules ?? []).flatMap((r: any, i: number) => {
      const res: string[] = r.resources ?? [];
      const verbs: string[] = r.verbs ?? [];
      return [
        ...([...(r.apiGroups ?? []), ...res, ...verbs].includes('*') ? [`rule ${i} uses "*"`] : []),
        ...(res.includes('secrets') ? [`rule ${i} grants secrets`] : []),
        ...(res.some(x => x === 'pods/exec' || x === 'pods/attach') ? [`rule ${i} grants exec/attach`] : []),
        ...(res.includes('pods') && verbs.includes('create') ? [`rule ${i} creates pods`] : []),
        ...(verbs.some(v => ['bind', 'escalate', 'impersonate'].includes(v)) ? [`rule ${i} grants bind/escalate/impersonate`] : []),
      ];
    }),
    breakIt: objs => { objs.find(o => o.kind === 'Role')!.rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }); },
  },
  {
    id: 'rbac-binding-subjects',
    checklist: 33,
    field: 'RoleBinding/ClusterRoleBinding',
    required: 'bound to a dedicated ServiceAccount of the set, never default or cluster-admin',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    linters: ['polaris:clusterrolebindingClusterAdmin', 'polaris:rolebindingClusterAdminClusterRole', 'polaris:rolebindingClusterAdminRole', 'kube-linter:cluster-admin-role-binding'],
    check: (o, ctx) => [
      ...(o.roleRef?.name === 'cluster-admin' ? ['binds cluster-admin'] : []),
      ...(o.subjects ?? []).filter((s: any) => s.kind !== 'ServiceAccount' || s.name === 'default'
        || !ctx.objects.some(sa => sa.kind === 'ServiceAccount' && sa.metadata.name === s.name && sa.metadata.namespace === s.namespace))
        .map((s: any) => `subject ${s.kind}/${s.namespace}/${s.name} is not a ServiceAccount of the set`),
      ...(ctx.objects.some(r => r.kind === o.roleRef?.kind && r.metadata.name === o.roleRef?.name) ? [] : [`roleRef ${o.roleRef?.kind}/${o.roleRef?.name} is not in the set`]),
    ],
    breakIt: objs => { objs.find(o => o.kind === 'RoleBinding')!.subjects[0].name = 'default'; },
  },
];

// ---- exemptions ------------------------------------------------------------------------------

/** The linter checks an object's ignore annotations switch off, as `tool:check`. */
export function ignoredChecks(obj: K8sObject): Set<LinterCheck> {
  const out = new Set<LinterCheck>();
  for (const [k, v] of Object.entries<string>(obj.metadata.annotations ?? {})) {
    if (k === 'kube-score/ignore') { v.split(',').map(s => s.trim()).filter(Boolean).forEach(c => out.add(`kube-score:${c}`)); }
    if (k.startsWith('ignore-check.kube-linter.io/')) { out.add(`kube-linter:${k.slice('ignore-check.kube-linter.io/'.length)}`); }
    const polaris = /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(k);
    if (polaris) { out.add(`polaris:${polaris[1]}`); }
  }
  return out;
}

export function checksOf(e: LintExemption): LinterCheck[] {
  return [...e.kubeScore.map(c => `kube-score:${c}`), ...e.kubeLinter.map(c => `kube-linter:${c}`), ...e.polaris.map(c => `polaris:${c}`)];
}

/** Whether the object carries every annotation of the exemption (kube-score ids as a subset). */
export function carries(obj: K8sObject, id: LintExemptionId): boolean {
  const have = obj.metadata.annotations ?? {};
  const ignored = ignoredChecks(obj);
  const want = exemptionAnnotations(id);
  if (Object.keys(want).length === 0) { return false; }
  return Object.entries(want).every(([k, v]) => (k === 'kube-score/ignore'
    ? v.split(',').every(c => ignored.has(`kube-score:${c}`))
    : have[k] === v));
}

/** The exemptions of the list that excuse `control` failing on `obj`. */
export function excusingExemptions(obj: K8sObject, control: Control): LintExemptionId[] {
  return (Object.keys(LINT_EXEMPTIONS) as LintExemptionId[]).filter(id => {
    const e: LintExemption = LINT_EXEMPTIONS[id];
    return e.controls.includes(control.checklist) && checksOf(e).some(c => control.linters.includes(c)) && carries(obj, id);
  });
}

export interface Evaluation {
  /** `<scenario>: <Kind>/<name>: [<control>] <message>` for failures no exemption excuses. */
  readonly unexcused: string[];
  /** Ignore annotations that no failing control justifies, or that the exemption list does not define. */
  readonly stale: string[];
  /** Failures excused by an exemption (control id → count). */
  readonly excused: Map<string, number>;
  /** control x object evaluations performed. */
  readonly checks: number;
  /** Raw failures per object label, by control id. */
  readonly failures: Map<string, Set<string>>;
}

const KNOWN_CHECKS = new Set(Object.values(LINT_EXEMPTIONS).flatMap(e => checksOf(e)));

export function evaluate(ctx: PolicyContext, controls: readonly Control[] = CONTROLS): Evaluation {
  const unexcused: string[] = [];
  const stale: string[] = [];
  const excused = new Map<string, number>();
  const failures = new Map<string, Set<string>>();
  let checks = 0;
  for (const obj of ctx.objects) {
    const label = `${ctx.scenario.name}: ${obj.kind}/${obj.metadata.name}`;
    const failing = new Set<string>();
    const justified = new Set<LinterCheck>();
    for (const control of controls) {
      if (!control.kinds.includes('*') && !control.kinds.includes(obj.kind)) { continue; }
      checks++;
      const messages = control.check(obj, ctx);
      if (messages.length === 0) { continue; }
      failing.add(control.id);
      control.linters.forEach(c => justified.add(c));
      if (excusingExemptions(obj, control).length > 0) {
        excused.set(control.id, (excused.get(control.id) ?? 0) + 1);
      } else {
        messages.forEach(m => unexcused.push(`${label}: [${control.id}, §2.1 #${control.checklist}: ${control.field} → ${control.required}] ${m}`));
      }
    }
    failures.set(`${obj.kind}/${obj.metadata.name}`, failing);
    for (const c of ignoredChecks(obj)) {
      if (!KNOWN_CHECKS.has(c)) { stale.push(`${label}: ignores ${c}, which no exemption of LINT_EXEMPTIONS defines`); } else if (!justified.has(c)) { stale.push(`${label}: ignores ${c}, but no control enforced by it fails on this object`); }
    }
  }
  return { unexcused, stale, excused, checks, failures };
}
