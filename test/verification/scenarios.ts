/**
 * Named cluster scenarios shared by the verification suites: the seed tutorial
 * (examples/seed.yaml), a minimal config, one that sets every option, and a
 * deterministic pairwise matrix over the dimensions users combine.
 *
 * Every scenario is a plain `MilvusClusterChartProps` (the CLI's config shape),
 * built with `MilvusClusterChart` and synthesized once per test file (cached).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { MilvusClusterChart, MilvusClusterChartProps } from '../../src/cluster/milvus-cluster-chart';
import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { MilvusLogLevel } from '../../src/milvus/milvus-server-config';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { NfsOnDelete } from '../../src/storage/nfs-on-delete';
import { NfsReclaimPolicy } from '../../src/storage/nfs-reclaim-policy';
import { VolumeBindingMode } from '../../src/storage/volume-binding-mode';
import { SMOKE_TEST_ALL_OPTIONS } from '../cluster/_fixtures';
import { K8sObject, synth } from '../support';

export interface Scenario {
  /** Unique, printed in every failure message. */
  readonly name: string;
  readonly props: MilvusClusterChartProps;
  /** Passwords this scenario renders into a Secret (they must appear nowhere else). */
  readonly passwords: string[];
}

export const SEED_FILE = join(__dirname, '..', '..', 'examples', 'seed.yaml');

/** Passwords used by scenarios that render the MySQL Secret (never real ones). */
export const ROOT_PASSWORD = 'Root.Pass-word_0001~x';
export const USER_PASSWORD = 'User.Pass-word_0002~y';

export function seedScenario(): Scenario {
  return { name: 'seed', props: parse(readFileSync(SEED_FILE, 'utf8')) as MilvusClusterChartProps, passwords: [] };
}

export function minimalScenario(): Scenario {
  return {
    name: 'minimal',
    props: { namespace: 'milvus', releaseName: 'm', storage: { storageClassName: 'rwx', readWriteMany: true } },
    passwords: [],
  };
}

const RESOURCES = {
  cpuRequest: '250m', cpuLimit: '3', memoryRequest: '6Gi', memoryLimit: '12Gi', ephemeralStorageRequest: '2Gi', ephemeralStorageLimit: '10Gi',
};
const TOLERATIONS = [{ key: 'dedicated', operator: 'Equal', value: 'milvus', effect: 'NoSchedule' }];

/** Every option of every part set to a non-default value (kept valid together). */
export function allOptionsScenario(): Scenario {
  const node = {
    config: {
      timezone: 'UTC+0',
      autoFlushInterval: 2,
      fileCleanupTimeout: 20,
      wal: { bufferSize: '512MB', recoveryErrorIgnore: false },
      cache: { cacheSize: '6GB', insertBufferSize: '2GB', preloadCollections: ['c1'], cpuCacheThreshold: 0.8, cacheInsertData: true },
      // 4 files (warning, error, fatal, global) x 3 x 600MB + /tmp 1Gi fit the 10Gi ephemeral limit.
      logs: { level: MilvusLogLevel.WARNING, traceEnable: false, maxLogFileSize: '600MB', logRotateNum: 2 },
      metric: { enable: true, address: '10.0.0.9', port: 9091 },
    },
    resources: RESOURCES,
    initImage: 'alpine:3.20.3@sha256:' + 'a'.repeat(64),
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    gpu: { count: 2, runtimeClassName: 'nvidia', cacheSize: '2GB', searchThreshold: 500, searchDevices: ['gpu0', 'gpu1'], buildIndexDevices: ['gpu1'] },
    nodeSelector: { 'node.kubernetes.io/pool': 'gpu' },
    tolerations: TOLERATIONS,
    priorityClassName: 'milvus-high',
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
  };
  return {
    name: 'all-options',
    passwords: [ROOT_PASSWORD, USER_PASSWORD],
    props: {
      namespace: 'vectors',
      releaseName: 'prod',
      version: '0.10.6',
      images: {
        milvusImage: 'registry.example.com/milvus:0.10.6-cpu-custom',
        milvusGpuImage: 'registry.example.com/milvus:0.10.6-gpu-custom',
        mishardsImage: 'registry.example.com/mishards@sha256:' + 'b'.repeat(64),
      },
      createNamespace: true,
      labels: { 'team': 'search', 'cost-center': 'c42' },
      imagePullSecrets: ['registry-credentials'],
      imageRegistry: 'harbor.example.com/dockerhub',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      storage: {
        nfs: {
          server: 'nfs.example.com',
          path: '/exports/milvus',
          releaseName: 'shared',
          storageClassName: 'milvus-nfs',
          provisionerName: 'example.com/milvus-nfs',
          mountOptions: ['nfsvers=4.1', 'hard'],
          defaultClass: false,
          reclaimPolicy: NfsReclaimPolicy.DELETE,
          onDelete: NfsOnDelete.RETAIN,
          archiveOnDelete: true,
          allowDataLoss: false,
          pathPattern: '${.PVC.namespace}/${.PVC.name}',
          volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
          allowVolumeExpansion: false,
          image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2',
          // The release-wide imagePullPolicy (Always) and imageRegistry apply; its own secrets replace the release's.
          imagePullSecrets: ['k8s-registry'],
          resources: { cpuRequest: '50m', cpuLimit: '500m', memoryRequest: '32Mi', memoryLimit: '256Mi', ephemeralStorageRequest: '8Mi', ephemeralStorageLimit: '96Mi' },
          leaderElection: true,
          runAsNonRoot: true,
          runAsUser: 20000,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: TOLERATIONS,
          priorityClassName: 'system-cluster-critical',
          storageClassLabels: { tier: 'shared' },
          storageClassAnnotations: { 'example.com/owner': 'search' },
        },
        size: '200Gi',
      },
      mysql: {
        rootPassword: ROOT_PASSWORD,
        password: USER_PASSWORD,
        storageClassName: 'fast-ssd',
        database: 'vectors_meta',
        user: 'milvus_app',
        storageSize: '20Gi',
        replicas: 1,
        image: 'mysql:5.7.44',
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        resources: { cpuRequest: '500m', cpuLimit: '2', memoryRequest: '1Gi', memoryLimit: '4Gi', ephemeralStorageRequest: '128Mi', ephemeralStorageLimit: '4Gi' },
        extraConfig: ['innodb_buffer_pool_size = 1G'],
        nodeSelector: { disk: 'ssd' },
        tolerations: TOLERATIONS,
        priorityClassName: 'milvus-high',
      },
      // A writable node exits on a read-only root or as non-root (it checks write access to storage.path in the image).
      writable: { ...node, replicas: 1, readOnlyRootFilesystem: false, runAsNonRoot: false },
      readonly: {
        ...node,
        // WAL is a writable-only section: readonly nodes always run with it off.
        config: { ...node.config, wal: undefined },
        replicas: 3,
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }] } },
      },
      mishards: {
        replicas: 2,
        resources: { cpuRequest: '1', cpuLimit: '4', memoryRequest: '2Gi', memoryLimit: '4Gi', ephemeralStorageRequest: '200Mi', ephemeralStorageLimit: '4Gi' },
        initImage: 'busybox:1.36.1',
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        maxWorkers: 100,
        debug: true,
        timezone: 'Asia/Shanghai',
        runAsNonRoot: true,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: TOLERATIONS,
        priorityClassName: 'milvus-high',
        serviceAnnotations: { 'example.com/team': 'search' },
        exposure: {
          type: 'LoadBalancer',
          sourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
          loadBalancerIp: '203.0.113.10',
        },
        discovery: { type: 'kubernetes', port: 19530, pollIntervalSeconds: 5 },
      },
      networkPolicies: {
        enabled: true,
        clients: { cidrs: ['10.0.0.0/8'], podLabels: { 'milvus-client': 'true' }, namespaceLabels: { team: 'search' } },
        apiServerCidrs: ['10.96.0.1/32'],
        apiServerPorts: [443],
        dns: { podLabels: { 'k8s-app': 'coredns' }, cidrs: ['169.254.20.10/32', '10.96.0.10/32'] },
      },
      smokeTest: { ...SMOKE_TEST_ALL_OPTIONS, image: 'registry.example.com/mishards@sha256:' + 'b'.repeat(64), priorityClassName: 'milvus-high' },
    },
  };
}

/**
 * DNS outside kube-system's kube-dns: CoreDNS in its own namespace, NodeLocal DNSCache in
 * iptables mode (it answers on the kube-dns Service IP) and an external resolver; the NFS
 * provisioner and MySQL follow the release-wide setting.
 */
export function customDnsScenario(): Scenario {
  return {
    name: 'custom-dns',
    passwords: [],
    props: {
      namespace: 'milvus',
      releaseName: 'dns',
      storage: { nfs: { server: '10.0.0.5', path: '/exports/milvus', releaseName: 'dns-nfs', storageClassName: 'dns-nfs' } },
      mysql: { existingSecret: 'dns-db', storageClassName: 'fast-ssd' },
      networkPolicies: {
        dns: { namespaceLabels: { 'kubernetes.io/metadata.name': 'dns-system' }, podLabels: { app: 'coredns' }, cidrs: ['10.96.0.10/32', '192.0.2.53/32'] },
      },
    },
  };
}

/**
 * An air-gapped cluster: every image (helpers included) from one mirror with one pull Secret,
 * never pulled from elsewhere (Never); Mishards from a second mirror with its own Secret.
 */
export function privateRegistryScenario(): Scenario {
  return {
    name: 'private-registry',
    passwords: [],
    props: {
      namespace: 'airgap',
      releaseName: 'air',
      version: '1.1.1',
      storage: { nfs: { server: '10.0.0.6', path: '/exports/air', releaseName: 'air-nfs', storageClassName: 'air-nfs' } },
      mysql: { existingSecret: 'air-db', storageClassName: 'local-ssd' },
      imageRegistry: 'registry.airgap.local:5000/mirror',
      imagePullSecrets: ['mirror-credentials'],
      imagePullPolicy: ImagePullPolicy.NEVER,
      mishards: { imageRegistry: 'harbor.airgap.local/milvus', imagePullSecrets: ['harbor-credentials'] },
    },
  };
}

// ---- the matrix --------------------------------------------------------------------------

export const EXPOSURES = ['ClusterIP', 'NodePort-fixed', 'NodePort-auto', 'LoadBalancer'] as const;
export const STORAGES = ['nfs', 'existing-rwx'] as const;
export const METASTORES = ['mysql-existing-secret', 'mysql-passwords', 'external'] as const;
export const SECURITY = ['root-default', 'non-root'] as const;
export const DISCOVERIES = ['kubernetes', 'static'] as const;

/** The dimensions and their values; a matrix row picks one index per dimension. */
export const DIMENSIONS: Array<{ name: string; values: readonly (string | number | boolean)[] }> = [
  { name: 'version', values: MilvusVersion.all().map(v => v.version) },
  { name: 'exposure', values: EXPOSURES },
  { name: 'storage', values: STORAGES },
  { name: 'metastore', values: METASTORES },
  { name: 'readonlyReplicas', values: [1, 2, 3] },
  { name: 'mishardsReplicas', values: [1, 2] },
  { name: 'gpu', values: [false, true] },
  { name: 'security', values: SECURITY },
  { name: 'networkPolicies', values: [true, false] },
  { name: 'discovery', values: DISCOVERIES },
];

/** At least this many matrix rows (pairwise coverage needs fewer; the rest walk the space). */
export const MIN_MATRIX_ROWS = 56;

/**
 * A deterministic pairwise sample (greedy, AETG-style): every pair of values of every two
 * dimensions appears in at least one row; then rows are added by a mixed-radix walk until
 * MIN_MATRIX_ROWS.
 */
export function pairwiseRows(): number[][] {
  const dims = DIMENSIONS.map(d => d.values.length);
  const key = (a: number, va: number, b: number, vb: number) => `${a}:${va}/${b}:${vb}`;
  const uncovered = new Set<string>();
  for (let a = 0; a < dims.length; a++) {
    for (let b = a + 1; b < dims.length; b++) {
      for (let va = 0; va < dims[a]; va++) { for (let vb = 0; vb < dims[b]; vb++) { uncovered.add(key(a, va, b, vb)); } }
    }
  }
  const rows: number[][] = [];
  const cover = (row: number[]) => {
    for (let a = 0; a < row.length; a++) { for (let b = a + 1; b < row.length; b++) { uncovered.delete(key(a, row[a], b, row[b])); } }
  };
  while (uncovered.size > 0) {
    // Seed the row with the first uncovered pair, then fill the other dimensions greedily.
    const [first] = uncovered;
    const m = /^(\d+):(\d+)\/(\d+):(\d+)$/.exec(first)!.slice(1).map(Number);
    const row: number[] = new Array(dims.length).fill(-1);
    row[m[0]] = m[1];
    row[m[2]] = m[3];
    for (let d = 0; d < dims.length; d++) {
      if (row[d] >= 0) { continue; }
      let best = 0;
      let bestGain = -1;
      for (let v = 0; v < dims[d]; v++) {
        let gain = 0;
        for (let o = 0; o < dims.length; o++) {
          if (o === d || row[o] < 0) { continue; }
          if (uncovered.has(o < d ? key(o, row[o], d, v) : key(d, v, o, row[o]))) { gain++; }
        }
        // Ties go to the value used least so far, so fill-ins spread over the values.
        if (gain > bestGain || (gain === bestGain && usage(rows, d, v) < usage(rows, d, best))) { best = v; bestGain = gain; }
      }
      row[d] = best;
    }
    rows.push(row);
    cover(row);
  }
  for (let i = 0; rows.length < MIN_MATRIX_ROWS; i++) {
    let n = i * 7919 + 13;
    rows.push(dims.map(size => { const v = n % size; n = Math.floor(n / size); return v; }));
  }
  return rows;
}

function usage(rows: number[][], d: number, v: number): number {
  return rows.filter(r => r[d] === v).length;
}

/** One matrix row as a config. Names say what was chosen, e.g. `m07-0.10.3-NodePort-fixed-nfs-...`. */
export function matrixScenario(index: number, row: number[]): Scenario {
  const pick = (name: string) => DIMENSIONS.find(d => d.name === name)!.values[row[DIMENSIONS.findIndex(d => d.name === name)]];
  const version = pick('version') as string;
  const exposure = pick('exposure') as string;
  const storage = pick('storage') as string;
  const metastore = pick('metastore') as string;
  const readonlyReplicas = pick('readonlyReplicas') as number;
  const mishardsReplicas = pick('mishardsReplicas') as number;
  const gpu = pick('gpu') as boolean;
  const nonRoot = pick('security') === 'non-root';
  const networkPolicies = pick('networkPolicies') as boolean;
  const discovery = pick('discovery') as string;
  const releaseName = `r${index}`;
  const name = [`m${String(index).padStart(2, '0')}`, version, exposure, storage, metastore, `ro${readonlyReplicas}`, `ms${mishardsReplicas}`,
    gpu ? 'gpu' : 'cpu', nonRoot ? 'nonroot' : 'root', networkPolicies ? 'np' : 'no-np', discovery].join('-');

  const node = { gpu: gpu ? { count: 1 } : undefined };
  const props: MilvusClusterChartProps = {
    namespace: `ns-${index % 5}`,
    releaseName,
    version,
    storage: storage === 'nfs'
      ? { nfs: { server: `10.0.${index}.1`, path: `/export/${releaseName}`, releaseName: `nfs-${releaseName}`, storageClassName: `nfs-${releaseName}`, runAsNonRoot: nonRoot }, size: `${10 + index}Gi` }
      : { storageClassName: 'cephfs', readWriteMany: true, size: `${10 + index}Gi` },
    mysql: metastore === 'mysql-passwords' ? { rootPassword: ROOT_PASSWORD, password: USER_PASSWORD }
      : metastore === 'mysql-existing-secret' ? { existingSecret: `${releaseName}-db`, storageSize: '8Gi' } : undefined,
    externalMysql: metastore === 'external'
      ? { host: 'mysql.db.svc.cluster.local', port: 3307, user: 'milvus', database: 'milvus_meta', passwordSecret: { secretName: 'external-db', key: 'password' } }
      : undefined,
    // The writable node always runs as root (it writes inside the image at start).
    writable: node,
    readonly: { ...node, runAsNonRoot: nonRoot, replicas: readonlyReplicas },
    mishards: {
      replicas: mishardsReplicas,
      runAsNonRoot: nonRoot,
      exposure: exposure === 'ClusterIP' ? { type: 'ClusterIP' }
        : exposure === 'NodePort-fixed' ? { type: 'NodePort', nodePort: 30000 + index }
          : exposure === 'NodePort-auto' ? { type: 'NodePort' }
            : { type: 'LoadBalancer', sourceRanges: ['192.0.2.0/24'] },
      discovery: discovery === 'static' ? { type: 'static', hosts: [`${releaseName}-milvus-readonly`] } : { type: 'kubernetes' },
    },
    networkPolicies: { enabled: networkPolicies },
  };
  return { name, props, passwords: metastore === 'mysql-passwords' ? [ROOT_PASSWORD, USER_PASSWORD] : [] };
}

export function matrixScenarios(): Scenario[] {
  return pairwiseRows().map((row, i) => matrixScenario(i, row));
}

/** seed, minimal, all-options, the named setups and the matrix. */
export function allScenarios(): Scenario[] {
  return [seedScenario(), minimalScenario(), allOptionsScenario(), customDnsScenario(), privateRegistryScenario(), ...matrixScenarios()];
}

export function buildChart(props: MilvusClusterChartProps): MilvusClusterChart {
  return new MilvusClusterChart(Testing.app(), props.releaseName ?? 'test', props);
}

const cache = new Map<string, K8sObject[]>();

/** The scenario's synthesized objects (cached per test file; treat as read-only). */
export function synthScenario(s: Scenario): K8sObject[] {
  if (!cache.has(s.name)) {
    try {
      cache.set(s.name, synth(buildChart(s.props)));
    } catch (e: any) {
      throw new Error(`scenario ${s.name} failed to synthesize: ${e.message}`);
    }
  }
  return cache.get(s.name)!;
}
