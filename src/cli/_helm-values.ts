/**
 * How each value of a milvus-helm 0.10.x / 1.1.x release (milvus-io/milvus-helm tags
 * `milvus-0.10.0` … `milvus-1.1.6`, `charts/milvus/values.yaml`) and of nfs-client-provisioner 1.2.8
 * (helm/charts `stable/nfs-client-provisioner/values.yaml`) maps onto this tool's config: one rule
 * per chart key, each either carrying the value to a config key or saying why it cannot.
 */

/** Collects the config, comments on its keys and what was not carried over. */
export class Conversion {
  public readonly config: Record<string, any> = {};
  /** Comment above a config key, by dotted path. */
  public readonly comments = new Map<string, string>();
  public readonly notCarried: Array<{ key: string; value: unknown; why: string }> = [];
  public readonly notes: string[] = [];
  /** Raw chart values by key, for rules that need another value (image.tag for the version...). */
  public constructor(public readonly values: Record<string, any>, public readonly nfsValues: Record<string, any> | undefined) {}

  public set(path: string, value: unknown, comment?: string) {
    const keys = path.split('.');
    let at = this.config;
    for (const k of keys.slice(0, -1)) { at = at[k] ??= {}; }
    at[keys[keys.length - 1]] = value;
    if (comment) { this.comment(path, comment); }
  }

  public comment(path: string, text: string) {
    const before = this.comments.get(path);
    this.comments.set(path, before ? `${before}\n${text}` : text);
  }

  public drop(key: string, value: unknown, why: string) {
    // A password is never printed, not even in the list of what was left behind.
    this.notCarried.push({ key, value: /password/i.test(key) ? '<not shown>' : value, why });
  }
}

/** A rule: `to` maps the value (it may also drop it), or `why` drops any value, or `same` accepts only the value this tool uses anyway. */
export interface Rule {
  readonly to?: (c: Conversion, value: any, key: string) => void;
  readonly why?: string;
  readonly same?: unknown;
}

const EMPTY_OK = (why: string): Rule => ({ to: (c, v, k) => { if (!isEmpty(v)) { c.drop(k, v, why); } } });

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** `{limits: {cpu, memory}, requests: {cpu, memory}}` → `ContainerResources`. */
function resources(target: string): Rule {
  return {
    to: (c, v, k) => {
      if (isEmpty(v)) { return; }
      const out: Record<string, string> = {};
      for (const [side, prefix] of [['requests', 'Request'], ['limits', 'Limit']] as const) {
        for (const [res, value] of Object.entries<any>(v?.[side] ?? {})) {
          const name = res === 'cpu' ? 'cpu' : res === 'memory' ? 'memory' : res === 'ephemeral-storage' ? 'ephemeralStorage' : undefined;
          if (name) { out[`${name}${prefix}`] = String(value); } else { c.drop(`${k}.${side}.${res}`, value, 'only cpu, memory and ephemeral-storage are resources here (GPUs: the node\'s `gpu` key)'); }
        }
      }
      c.set(target, out);
    },
  };
}

const toBoth = (writable: string, readonly: string): Rule => ({ to: (c, v) => { c.set(writable, v); c.set(readonly, v); } });
const to = (path: string, map: (v: any) => unknown = v => v): Rule => ({ to: (c, v) => c.set(path, map(v)) });
const pullPolicy = (path: string): Rule => to(path, v => v);

/** Chart keys that were dropped between versions or are spelled two ways. */
const SERVER_CONFIG = (prefix: string, node: 'writable' | 'readonly'): Array<[string, Rule]> => [
  [`${prefix}logs.level`, to(`${node}.config.logs.level`)],
  // Log retention is sized by this tool against the pod's ephemeral-storage limit (a chart value such
  // as 1024MB x every rotated file could not fit): it is named, not carried.
  ...(['maxLogFileSize', 'logRotateNum'] as const).map((key): [string, Rule] => [`${prefix}logs.${key}`, {
    why: `log retention is sized by this tool to fit the pod's ephemeral storage: set ${node}.config.logs.${key} with ${node}.resources.ephemeralStorageLimit`,
  }]),
  [`${prefix}logs.logToStdOut`, {
    // The 1.1 chart's default "false" hides the server log from kubectl logs; this tool keeps it on.
    to: (c, v, k) => { if (String(v) === 'true') { c.set(`${node}.config.logs.logToStdout`, true); } else { c.drop(k, v, 'the server log always goes to standard output here (kubectl logs reads it)'); } },
  }],
  [`${prefix}logs.logToFile`, to(`${node}.config.logs.logToFile`, v => String(v) === 'true')],
  [`${prefix}logs.path`, { same: '/var/lib/milvus/logs', why: 'logs are written to /var/lib/milvus/logs inside the pod' }],
  [`${prefix}cache.insertBufferSize`, to(`${node}.config.cache.insertBufferSize`)],
  [`${prefix}cache.cacheSize`, to(`${node}.config.cache.cacheSize`)],
  [`${prefix}gpu.enabled`, { to: (c, v) => { if (v === true) { c.set(`${node}.gpu.count`, 1, 'the chart\'s gpu.enabled: one GPU per pod (the chart requested nvidia.com/gpu in image.resources)'); } } }],
  ...(['cacheSize', 'gpuSearchThreshold', 'searchDevices', 'buildIndexDevices'] as const).map((key): [string, Rule] => [`${prefix}gpu.${key}`, {
    to: (c, v) => {
      const enabled = (prefix ? c.values.readonly?.gpu?.enabled : c.values.gpu?.enabled) === true;
      if (enabled) { c.set(`${node}.gpu.${key === 'gpuSearchThreshold' ? 'searchThreshold' : key}`, v); }
    },
  }]),
];

export const MILVUS_RULES: Array<[string, Rule]> = [
  ['cluster.enabled', { to: (c, v) => { if (v !== true) { c.notes.push('The release ran one standalone Milvus (cluster.enabled was not true). This config describes the cluster of the tutorial: one writable node (which takes over the standalone node\'s data volume), readonly nodes and Mishards.'); } } }],
  ['version', { why: 'the server config format: this tool writes the one of the Milvus version' }],
  ['primaryPath', { same: '/var/lib/milvus', why: 'the image\'s layout is fixed: /var/lib/milvus' }],
  ['timeZone', toBoth('writable.config.timezone', 'readonly.config.timezone')],
  ...SERVER_CONFIG('', 'writable'),
  ...SERVER_CONFIG('readonly.', 'readonly'),
  ['network.httpEnabled', { same: true, why: 'HTTP (19121) is always on: the readiness probes use it' }],
  ['network.httpPort', { same: 19121, why: 'the HTTP port is fixed at 19121' }],
  ['storage.autoFlushInterval', toBoth('writable.config.autoFlushInterval', 'readonly.config.autoFlushInterval')],
  ['storage.s3.enabled', { same: false, why: 'S3 storage is not supported: the nodes share one ReadWriteMany volume' }],
  ['storage.s3', { to: (c, v, k) => { if (c.values.storage?.s3?.enabled === true) { c.drop(k, v, 'S3 storage is not supported'); } } }],
  ['wal.enabled', { same: true, why: 'the writable node always keeps a WAL (on the shared volume; readonly nodes none)' }],
  ['wal.recoveryErrorIgnore', to('writable.config.wal.recoveryErrorIgnore')],
  ['wal.bufferSize', to('writable.config.wal.bufferSize')],
  ['wal.path', { same: '/var/lib/milvus/db/wal', why: 'the WAL lives on the shared data volume (/var/lib/milvus/db/wal)' }],
  ['metrics.enabled', toBoth('writable.config.metric.enable', 'readonly.config.metric.enable')],
  ['metrics.address', toBoth('writable.config.metric.address', 'readonly.config.metric.address')],
  ['metrics.port', toBoth('writable.config.metric.port', 'readonly.config.metric.port')],
  ['initContainerImage', { why: 'each part\'s init containers use their own pinned image (`initImage`)' }],
  ['restartPolicy', { same: 'Always', why: 'pods of Deployments and StatefulSets always restart' }],
  ['terminationGracePeriodSeconds', { same: 30, why: 'the grace period is fixed per part' }],
  ...['extraInitContainers', 'extraContainers', 'extraVolumes', 'extraVolumeMounts', 'extraConfigFiles', 'extraEnv', 'podLabels', 'podAnnotations']
    .map((k): [string, Rule] => [k, EMPTY_OK('no such extension point: patch the synthesized YAML (README, "Escape hatches")')]),
  ['service.type', to('mishards.exposure.type')],
  ['service.port', { same: 19530, why: 'the Mishards Service port is fixed at 19530' }],
  ['service.nodePort', to('mishards.exposure.nodePort')],
  ['service.loadBalancerIP', to('mishards.exposure.loadBalancerIp')],
  ['service.loadBalancerSourceRanges', {
    to: (c, v, k) => {
      if (c.values.service?.type !== 'LoadBalancer') { return; }
      if (Array.isArray(v) && !(v.length === 1 && v[0] === '0.0.0.0/0')) { c.set('mishards.exposure.sourceRanges', v); } else { c.drop(k, v, 'an open range is the default of a LoadBalancer here'); }
    },
  }],
  ['service.annotations', { to: (c, v) => { if (!isEmpty(v)) { c.set(c.values.service?.type === 'LoadBalancer' ? 'mishards.exposure.annotations' : 'mishards.serviceAnnotations', v); } } }],
  ['service.labels', EMPTY_OK('per-Service labels: use `labels` (on every object)')],
  ['service.externalIPs', EMPTY_OK('external IPs are not supported: use a LoadBalancer or NodePort')],
  ['service.clusterIP', EMPTY_OK('the cluster assigns the Service IP')],
  ['persistence.enabled', { to: (c, v) => { if (v !== true) { c.notes.push('The release kept its data on an emptyDir (persistence.enabled was not true): there is nothing to move. This config creates the shared claim.'); } } }],
  ['persistence.mountPath', { same: '/var/lib/milvus/db', why: 'the data volume is mounted at /var/lib/milvus/db' }],
  ['persistence.annotations', EMPTY_OK('claim annotations are not supported')],
  ['persistence.persistentVolumeClaim.existingClaim', { to: (c, v) => { if (!isEmpty(v)) { c.notes.push(`The release mounted the existing claim ${v}: reuse it as shown under "Moving the data".`); } } }],
  ['persistence.persistentVolumeClaim.storageClass', { to: () => { /* decided with the NFS values in storage() */ } }],
  ['persistence.persistentVolumeClaim.accessModes', { same: 'ReadWriteMany', why: 'the shared data volume is always ReadWriteMany' }],
  ['persistence.persistentVolumeClaim.size', to('storage.size')],
  ['persistence.persistentVolumeClaim.subPath', { same: '', why: 'the volume is mounted whole' }],
  ['logsPersistence.enabled', { to: (c, v, k) => { if (v === true) { c.drop(k, v, 'logs are not kept on a volume (they go to an emptyDir)'); } } }],
  ['logsPersistence', { to: () => { /* only with logsPersistence.enabled */ } }],
  ['image.repository', { to: () => { /* with image.tag, in version() */ } }],
  ['image.tag', { to: () => { /* in version() */ } }],
  ['image.pullPolicy', toBoth('writable.imagePullPolicy', 'readonly.imagePullPolicy')],
  ['image.resources', resources('writable.resources')],
  ['replicas', { same: 1, why: 'there is exactly one writable node' }],
  ['livenessProbe', { why: 'probes are set per part (startup, readiness on HTTP /state, liveness)' }],
  ['readinessProbe', { why: 'probes are set per part (startup, readiness on HTTP /state, liveness)' }],
  ['nodeSelector', { to: (c, v) => { if (!isEmpty(v)) { ['writable', 'readonly', 'mishards'].forEach(p => c.set(`${p}.nodeSelector`, v)); } } }],
  ['tolerations', { to: (c, v) => { if (!isEmpty(v)) { ['writable', 'readonly', 'mishards'].forEach(p => c.set(`${p}.tolerations`, v)); } } }],
  ['affinity', { to: (c, v, k) => { if (!isEmpty(v)) { c.set('writable.affinity', v); c.set('readonly.affinity', v); c.drop(k, v, 'Mishards has no affinity key (its pods spread by themselves from 2 replicas): carried to the Milvus nodes only'); } } }],
  ['serviceAccounts', { why: 'every part has its own ServiceAccount' }],
  ['mishards.image.repository', { to: () => { /* in version() */ } }],
  ['mishards.image.tag', { to: () => { /* in version() */ } }],
  ['mishards.image.pullPolicy', pullPolicy('mishards.imagePullPolicy')],
  ['mishards.replicas', to('mishards.replicas')],
  ['mishards.resources', resources('mishards.resources')],
  ['mishards.debug', to('mishards.debug')],
  ['mishards.maxworkers', to('mishards.maxWorkers')],
  ['mishards.maxWorkers', to('mishards.maxWorkers')],
  ['mishards.discoveryClassName', to('mishards.discovery.type')],
  ['mishards.trace.enabled', { to: (c, v, k) => { if (v === true) { c.drop(k, v, 'tracing (Jaeger) is not configured by this tool'); } } }],
  ['mishards.trace', { to: () => { /* only with trace.enabled */ } }],
  ['readonly.replicas', to('readonly.replicas')],
  ['readonly.resources', resources('readonly.resources')],
  ['admin.enabled', { to: (c, v, k) => { if (v === true) { c.drop(k, v, 'the admin UI (milvus-em) is not deployed'); } } }],
  ['admin', { to: () => { /* only with admin.enabled */ } }],
  ['externalMysql', { to: () => { /* in metaStore() */ } }],
  ['mysql.enabled', { to: () => { /* in metaStore() */ } }],
  ['mysql.name', { same: 'mysql', why: 'MySQL\'s objects are named <release>-mysql' }],
  ['mysql.imageTag', to('mysql.image', v => `mysql:${v}`)],
  ['mysql.imagePullPolicy', to('mysql.imagePullPolicy')],
  ['mysql.mysqlDatabase', to('mysql.database')],
  ['mysql.mysqlUser', to('mysql.user')],
  ['mysql.mysqlPassword', { why: 'passwords never go into the config: the chart\'s Secret <release>-mysql holds them (mysql.existingSecret)' }],
  ['mysql.mysqlRootPassword', { why: 'passwords never go into the config: the chart\'s Secret <release>-mysql holds them (mysql.existingSecret)' }],
  ['mysql.configurationFiles', { why: 'MySQL\'s server config is rendered by this tool; add lines with mysql.extraConfig' }],
  ['mysql.initializationFiles', { why: 'the initialisation (database, user, grants) is done by this tool' }],
  ['mysql.persistence.enabled', { same: true, why: 'MySQL always keeps its data on a retained volume' }],
  ['mysql.persistence.size', to('mysql.storageSize')],
  ['mysql.persistence.storageClass', { to: () => { /* in storage() */ } }],
  ['mysql.persistence.accessMode', { same: 'ReadWriteOnce', why: 'MySQL\'s volume is ReadWriteOnce' }],
  ['mysql.persistence.existingClaim', EMPTY_OK('MySQL\'s data lives in the StatefulSet\'s claim data-<release>-mysql-0: copy it there (see "Moving the data")')],
  ['mysql.persistence.annotations', EMPTY_OK('claim annotations are not supported')],
  ['mysql.resources', resources('mysql.resources')],
  ['mysql.testFramework', { why: 'no Helm test pod: use the smoke test' }],
  ['mysql', { why: 'a value of the MySQL subchart (stable/mysql 1.6.4) this tool does not carry' }],
  // The tutorial's `--set web.enabled=true` only worked around a NOTES.txt bug of chart 0.10.0.
  ['web', { why: 'not a chart value (the tutorial\'s workaround for a NOTES.txt bug of chart 0.10.0)' }],
];

export const NFS_RULES: Array<[string, Rule]> = [
  ['nfs.server', to('storage.nfs.server')],
  ['nfs.path', to('storage.nfs.path')],
  ['nfs.mountOptions', { to: (c, v) => { if (!isEmpty(v)) { c.set('storage.nfs.mountOptions', v); } } }],
  ['storageClass.create', { same: true, why: 'the NFS provisioner always brings its StorageClass (an existing class: storage.storageClassName)' }],
  ['storageClass.name', to('storage.nfs.storageClassName')],
  ['storageClass.defaultClass', to('storage.nfs.defaultClass')],
  ['storageClass.allowVolumeExpansion', to('storage.nfs.allowVolumeExpansion')],
  ['storageClass.reclaimPolicy', to('storage.nfs.reclaimPolicy')],
  ['storageClass.archiveOnDelete', { to: (c, v, k) => { if (v === false || v === 'false') { c.drop(k, v, 'kept true: deleted volumes are archived, not erased; set archiveOnDelete: false with allowDataLoss: true if you mean it'); } } }],
  ['image', { why: 'the chart\'s nfs-client-provisioner v3.1.0 fails on Kubernetes 1.20+: this tool runs nfs-subdir-external-provisioner v4.0.2' }],
  ['replicaCount', { same: 1, why: 'one provisioner pod' }],
  ['strategyType', { why: 'the provisioner\'s rollout strategy is fixed' }],
  ['rbac.create', { same: true, why: 'RBAC is always created' }],
  ['podSecurityPolicy.enabled', { same: false, why: 'PodSecurityPolicy was removed in Kubernetes 1.25; the namespace\'s Pod Security Admission applies' }],
  ['serviceAccount', { why: 'the provisioner has its own ServiceAccount' }],
  ['resources', resources('storage.nfs.resources')],
  ['nodeSelector', { to: (c, v) => { if (!isEmpty(v)) { c.set('storage.nfs.nodeSelector', v); } } }],
  ['tolerations', { to: (c, v) => { if (!isEmpty(v)) { c.set('storage.nfs.tolerations', v); } } }],
  ['affinity', EMPTY_OK('the provisioner has no affinity key')],
];

/** Leaves of a values tree as dotted keys (lists and empty maps are leaves). */
export function leaves(values: Record<string, any>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(values).flatMap(([k, v]): Array<[string, unknown]> => (
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
}

/** Applies the rule of each leaf (the longest rule key that is the leaf or one of its parents). */
export function applyRules(c: Conversion, values: Record<string, any>, rules: Array<[string, Rule]>, chart: string) {
  const byKey = new Map(rules);
  const applied = new Set<string>();
  const valueAt = (key: string) => key.split('.').reduce((o: any, k) => o?.[k], values);
  for (const [key, value] of leaves(values)) {
    const parts = key.split('.');
    let ruleKey: string | undefined;
    for (let n = parts.length; n > 0 && ruleKey === undefined; n--) {
      if (byKey.has(parts.slice(0, n).join('.'))) { ruleKey = parts.slice(0, n).join('.'); }
    }
    const rule = ruleKey === undefined ? undefined : byKey.get(ruleKey)!;
    if (!rule) {
      c.drop(key, value, `not a value of ${chart} (a typo?)`);
    } else if (rule.to && ruleKey === key) {
      rule.to(c, value, key);
    } else if (rule.to) {
      // A rule on a parent map (resources, nodeSelector...) takes the whole map, once.
      if (!applied.has(ruleKey!)) { rule.to(c, valueAt(ruleKey!), ruleKey!); }
    } else if ('same' in rule && JSON.stringify(value) === JSON.stringify(rule.same)) {
      // What this tool does anyway.
    } else if (ruleKey !== key) {
      // A map no rule takes apart (probes, serviceAccounts...): named once, with what it held.
      if (!applied.has(ruleKey!)) { c.drop(ruleKey!, valueAt(ruleKey!), rule.why!); }
    } else if (!isEmpty(value)) {
      c.drop(key, value, rule.why!);
    }
    if (ruleKey !== undefined) { applied.add(ruleKey); }
  }
}
