/**
 * Configs of the composed cluster shared by the cluster and CLI suites: the example
 * files under `examples/`, a minimal one, and two configs that together set every key
 * of `MilvusClusterChartProps` (some keys exclude each other: `mysql` / `externalMysql`,
 * `storage.nfs` / `storage.storageClassName`, NodePort / LoadBalancer, kubernetes / static
 * discovery, `existingSecret` / passwords).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  ClusterMySqlConfig, ClusterStorageConfig, ExternalTrafficPolicy, ImagePullPolicy, MilvusClusterChart, MilvusClusterChartProps,
  MilvusLogLevel, MilvusNodeOptions,
  MilvusServerConfig,
} from '../../src';
import { ConfigSchema } from '../../src/cli/_schema';
import { MilvusSmokeTestOptions } from '../../src/smoke/milvus-smoke-test';
import { NFS_ALL_OPTIONS } from '../storage/_fixtures';
import { K8sObject, synth } from '../support';

export const REPO_ROOT = join(__dirname, '..', '..');
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** The CLI's config files, as a user writes them. */
export const EXAMPLE_CONFIGS = ['seed.yaml', 'minimal.yaml', 'production.yaml'] as const;

export function loadExample(file: string): MilvusClusterChartProps {
  return parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
}

export const INSTANCE = 'app.kubernetes.io/instance';

/** The minimum a user must write: namespace, release and an existing ReadWriteMany class. */
export const MINIMAL: MilvusClusterChartProps = {
  namespace: 'search',
  releaseName: 'demo',
  storage: { storageClassName: 'managed-nfs', readWriteMany: true },
};

const TOLERATIONS = [{ key: 'dedicated', operator: 'Equal', value: 'milvus', effect: 'NoSchedule' }];
const RESOURCES = { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '256Mi', ephemeralStorageRequest: '16Mi', ephemeralStorageLimit: '128Mi' };

/** CoreDNS under its own label, NodeLocal DNSCache, and the kube-dns Service IP it also answers on (iptables mode). */
const DNS = { namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' }, podLabels: { 'k8s-app': 'coredns' }, cidrs: ['169.254.20.10/32', '10.96.0.10/32'] };

const WRITABLE_CONFIG: Required<MilvusServerConfig> = {
  timezone: 'UTC+0',
  autoFlushInterval: 2,
  fileCleanupTimeout: 60,
  wal: { bufferSize: '512MB', recoveryErrorIgnore: false },
  cache: { cacheSize: '8GB', insertBufferSize: '2GB', preloadCollections: ['*'], cpuCacheThreshold: 0.85, cacheInsertData: true },
  // 5 files (warning, error, fatal, trace, global) x 3 x 600MB + /tmp fit the 10Gi ephemeral limit.
  logs: { level: MilvusLogLevel.WARNING, traceEnable: true, maxLogFileSize: '600MB', logRotateNum: 2, logToFile: true, logToStdout: true },
  metric: { enable: true, address: 'pushgateway.monitoring.svc', port: 9091 },
  extra: { engine_config: { use_blas_threshold: 1100 } },
};

const WRITABLE: Required<MilvusNodeOptions> = {
  replicas: 1,
  image: 'registry.example.com/milvus:1.1.1-gpu-custom',
  initImage: 'registry.example.com/alpine:3.20.3',
  guardImage: 'registry.example.com/mysql:5.7.44',
  imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
  imagePullSecrets: ['milvus-registry'],
  imageRegistry: 'registry.local:5000',
  // Only readonly nodes accept non-root and a read-only root (the writable one writes inside its image at start).
  runAsNonRoot: false,
  readOnlyRootFilesystem: false,
  resources: { cpuRequest: '2', cpuLimit: '4', memoryRequest: '12Gi', memoryLimit: '14Gi', ephemeralStorageRequest: '2Gi', ephemeralStorageLimit: '10Gi' },
  gpu: { count: 2, cacheSize: '2GB', searchThreshold: 500, searchDevices: ['gpu0', 'gpu1'], buildIndexDevices: ['gpu1'], runtimeClassName: 'nvidia' },
  nodeSelector: { 'node-role.example.com/milvus': 'writable' },
  tolerations: TOLERATIONS,
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
  priorityClassName: 'milvus-critical',
  config: WRITABLE_CONFIG,
};

/** Every option of the smoke test (issue 14); the all-options scenario of test/verification reuses it. */
export const SMOKE_TEST_ALL_OPTIONS: Required<MilvusSmokeTestOptions> = {
  image: 'registry.example.com/mishards:1.1.1-custom',
  imagePullPolicy: ImagePullPolicy.ALWAYS,
  imagePullSecrets: ['smoke-test-registry'],
  imageRegistry: 'harbor.example.com/smoke',
  resources: { cpuRequest: '200m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '1Gi', ephemeralStorageRequest: '32Mi', ephemeralStorageLimit: '128Mi' },
  connectTimeoutSeconds: 300,
  activeDeadlineSeconds: 900,
  ttlSecondsAfterFinished: 86400,
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: TOLERATIONS,
  priorityClassName: 'milvus-critical',
};

/**
 * Every top-level key but `externalMysql` (which replaces `mysql`); nested keys that
 * exclude each other are completed by `ALTERNATIVES` and `PASSWORDS`.
 */
export const ALL_OPTIONS: Required<Omit<MilvusClusterChartProps, 'externalMysql'>> = {
  namespace: 'vectors',
  releaseName: 'search',
  version: '1.1.1',
  images: {
    milvusImage: 'registry.example.com/milvus:1.1.1-cpu-custom',
    milvusGpuImage: 'registry.example.com/milvus:1.1.1-gpu-custom',
    mishardsImage: 'registry.example.com/mishards:1.1.1',
  },
  createNamespace: true,
  storage: {
    nfs: {
      ...NFS_ALL_OPTIONS,
      releaseName: 'vectors-nfs',
      resources: RESOURCES,
      tolerations: TOLERATIONS,
      // Same as networkPolicies' (which the chart passes down when these are not set).
      apiServerCidrs: ['10.96.0.1/32', '172.20.0.10/32'],
      apiServerPorts: [443],
      dns: DNS,
    },
    size: '200Gi',
  },
  mysql: {
    existingSecret: 'search-db-credentials',
    rootPasswordKey: 'root',
    passwordKey: 'milvus',
    database: 'vectors',
    user: 'vectors',
    storageSize: '20Gi',
    storageClassName: 'fast-ssd',
    replicas: 1,
    image: 'registry.example.com/mysql:5.7.44',
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    imagePullSecrets: ['db-registry'],
    imageRegistry: 'registry.local:5000/db',
    resources: { cpuRequest: '500m', cpuLimit: '2', memoryRequest: '1Gi', memoryLimit: '4Gi', ephemeralStorageRequest: '128Mi', ephemeralStorageLimit: '4Gi' },
    extraConfig: ['innodb_buffer_pool_size = 1G'],
    nodeSelector: { 'node-role.example.com/db': 'true' },
    tolerations: TOLERATIONS,
    priorityClassName: 'milvus-critical',
    networkPolicy: true,
    dns: DNS,
  } satisfies Omit<Required<ClusterMySqlConfig>, 'rootPassword' | 'password'>,
  writable: WRITABLE,
  readonly: {
    replicas: 3,
    image: 'registry.example.com/milvus:1.1.1-cpu-readonly',
    initImage: 'registry.example.com/alpine:3.20.3',
    // No image settings: the release-wide ones apply.
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    resources: { memoryRequest: '12Gi', memoryLimit: '16Gi' },
    nodeSelector: { 'node-role.example.com/milvus': 'readonly' },
    tolerations: TOLERATIONS,
    affinity: WRITABLE.affinity,
    priorityClassName: 'milvus-critical',
    config: { timezone: 'UTC-3', cache: { cacheSize: '12GB', insertBufferSize: '256MB' }, logs: { level: MilvusLogLevel.ERROR } },
  },
  mishards: {
    replicas: 2,
    image: 'registry.example.com/mishards:1.1.1-patched',
    initImage: 'registry.example.com/library/busybox:1.36.1',
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    imagePullSecrets: ['hub', 'proxy-registry'],
    imageRegistry: 'harbor.example.com/dockerhub',
    maxWorkers: 100,
    debug: true,
    timezone: 'Asia/Shanghai',
    runAsNonRoot: true,
    resources: { cpuRequest: '1', cpuLimit: '4', memoryRequest: '2Gi', memoryLimit: '4Gi', ephemeralStorageRequest: '200Mi', ephemeralStorageLimit: '4Gi' },
    nodeSelector: { 'node-role.example.com/milvus': 'proxy' },
    tolerations: TOLERATIONS,
    priorityClassName: 'milvus-critical',
    serviceAnnotations: { 'example.com/team': 'search' },
    exposure: {
      type: 'LoadBalancer',
      sourceRanges: ['203.0.113.0/24', '198.51.100.0/24'],
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
      loadBalancerIp: '203.0.113.10',
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
    },
    discovery: { type: 'kubernetes', pollIntervalSeconds: 5, port: 19530 },
  },
  networkPolicies: {
    enabled: true,
    clients: { cidrs: ['10.0.0.0/8'], podLabels: { 'milvus-client': 'true' }, namespaceLabels: { team: 'search' } },
    apiServerCidrs: ['10.96.0.1/32', '172.20.0.10/32'],
    apiServerPorts: [443],
    dns: DNS,
  },
  smokeTest: SMOKE_TEST_ALL_OPTIONS,
  labels: { 'example.com/cost-center': 'search', 'team': 'vectors' },
  // Release-wide: the readonly nodes take them; every other part sets its own.
  imagePullSecrets: ['registry-credentials'],
  imageRegistry: 'harbor.example.com/dockerhub',
  imagePullPolicy: ImagePullPolicy.ALWAYS,
};

/** The other side of every exclusive choice: external MySQL, an existing class, NodePort, static discovery. */
export const ALTERNATIVES: MilvusClusterChartProps = {
  namespace: 'vectors',
  releaseName: 'search',
  version: '0.10.6',
  storage: { storageClassName: 'efs-sc', readWriteMany: true, size: '100Gi' } satisfies Omit<Required<ClusterStorageConfig>, 'nfs' | 'existingClaim'>,
  externalMysql: {
    host: 'mysql.db.svc.cluster.local',
    port: 3307,
    database: 'vectors',
    user: 'vectors',
    passwordSecret: { secretName: 'vectors-db', key: 'password' },
  },
  readonly: { replicas: 2 },
  mishards: {
    exposure: { type: 'NodePort', nodePort: 20227, nodePortRange: { min: 20000, max: 22767 } },
    discovery: { type: 'static', hosts: ['search-milvus-readonly.vectors.svc.cluster.local'], port: 19530 },
  },
};

export const ROOT_PASSWORD = 'root-Secret-0123456789';
export const PASSWORD = 'milvus-Secret-9876543210';

/** Passwords given in the config: rendered into the `<release>-mysql` Secret only. */
export const PASSWORDS: MilvusClusterChartProps = {
  ...MINIMAL,
  mysql: { rootPassword: ROOT_PASSWORD, password: PASSWORD },
};

/** The tutorial install's data claim reused: the release renders no claim of its own. */
export const EXISTING_CLAIM: MilvusClusterChartProps = {
  namespace: 'milvus',
  releaseName: 'my-release',
  storage: { existingClaim: 'my-release-milvus' },
};

export function chartOf(config: MilvusClusterChartProps): MilvusClusterChart {
  return new MilvusClusterChart(Testing.app(), config.releaseName ?? 'test', config);
}

export function synthConfig(config: MilvusClusterChartProps): K8sObject[] {
  return synth(chartOf(config));
}

/** A deep copy to mutate in one test. */
export function copy<T>(config: T): T {
  return structuredClone(config);
}

export { expectInvalid } from '../support';

/**
 * Every key of every struct reachable from `MilvusClusterChartProps` in the jsii assembly
 * (the CLI's schema), as `Struct.key` with the config paths where it occurs, e.g.
 * `ClusterExposureConfig.nodePort` at `mishards.exposure.nodePort`. Types outside this
 * library (cdk8s-plus structs such as `Toleration`) and maps are leaves.
 */
export function schemaKeys(): Map<string, string[]> {
  const schema = ConfigSchema.load(REPO_ROOT);
  const keys = new Map<string, string[]>();
  const walk = (fqn: string, prefix: string, seen: string[]) => {
    for (const p of schema.properties(fqn)) {
      const path = `${prefix}${p.name}`;
      const key = `${schema.describe({ fqn })}.${p.name}`;
      keys.set(key, [...keys.get(key) ?? [], path]);
      if (p.type.fqn && schema.isStruct(p.type) && !seen.includes(p.type.fqn)) { walk(p.type.fqn, `${path}.`, [...seen, p.type.fqn]); }
    }
  };
  walk(schema.fqn('MilvusClusterChartProps'), '', []);
  return keys;
}

/** Whether `config` sets the dotted `path`. */
export function sets(config: unknown, path: string): boolean {
  let v: any = config;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(key in v)) { return false; }
    v = v[key];
  }
  return v !== undefined;
}
