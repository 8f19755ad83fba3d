import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { APPLYSET_PREFIX } from './_applyset';
import { checkReleaseName } from './_release';
import { ClusterMishardsConfig, ClusterMySqlConfig, ClusterStorageConfig } from './cluster-config';
import { ClusterNetworkPolicyOptions, MilvusCluster } from './milvus-cluster';
import { PathMoves, ProblemCollector, reportUnder } from '../common/_config-paths';
import { inheritImages, releaseImages } from '../common/_images';
import { markKeptData } from '../common/_kept-data';
import { LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from '../common/_labels';
import { clusterScoped, helmFullname } from '../common/_names';
import { describeOwnersWith, OwnerDescription, ownerLabel } from '../common/_ownership';
import * as check from '../common/_validators';
import { ImageOptions } from '../common/image-options';
import { propRef, ValidationError } from '../common/validation-error';
import { ExternalMySql, ExternalMySqlProps } from '../metastore/external-mysql';
import { IMetaStore } from '../metastore/meta-store';
import { MySql } from '../metastore/mysql';
import { MySqlCredentials } from '../metastore/mysql-credentials';
import { MilvusNodeOptions } from '../milvus/milvus-node';
import { CustomMilvusVersionOptions, MilvusVersion } from '../milvus/milvus-version';
import { Exposure } from '../proxy/exposure';
import { MishardsDiscovery } from '../proxy/mishards-discovery';
import { MilvusSmokeTestOptions } from '../smoke/milvus-smoke-test';
import { DEFAULT_NFS_STORAGE_CLASS } from '../storage/_nfs-rules';
import { NfsProvisioner, NfsProvisionerProps } from '../storage/nfs-provisioner';
import { IStorageClass, StorageClassRef } from '../storage/storage-class-ref';

/**
 * The whole cluster as one plain, JSON-serialisable object: the shape of the
 * `cdk8s-milvus synth --config` file. Key names match the seed chart's values
 * where one exists (`writable`, `readonly`, `mishards`, `mysql`). The image settings
 * (`imagePullSecrets`, `imageRegistry`, `imagePullPolicy`) apply to every pod of the
 * release, the NFS provisioner and MySQL included; each part's own key wins.
 */
export interface MilvusClusterChartProps extends ImageOptions {
  /** Namespace of every namespaced object (required: ClusterRoleBinding subjects and NetworkPolicies need it). */
  readonly namespace: string;
  /** Release name: objects are named as the seed's Helm release (`<release>-milvus-writable`, `<release>-mysql`, ...). */
  readonly releaseName: string;
  /**
   * Milvus release: 0.10.0 to 0.10.6, or 1.1.1 (`1.1`). Mishards always matches it.
   * @default '0.10.0'
   */
  readonly version?: string;
  /**
   * Images for a release outside the built-in matrix or from a private registry (then `version` must be 0.10.N or 1.1.N).
   * @default - the matrix images of `version`
   */
  readonly images?: CustomMilvusVersionOptions;
  /**
   * Also render the Namespace, labelled for Pod Security Admission (enforce baseline, warn/audit restricted).
   * @default false
   */
  readonly createNamespace?: boolean;
  /** The shared data volume's storage: a new NFS provisioner or an existing ReadWriteMany StorageClass. */
  readonly storage: ClusterStorageConfig;
  /**
   * The in-cluster MySQL metadata store (ignored when `externalMysql` is set).
   * @default - MySQL with passwords from the existing Secret `<release>-mysql`
   */
  readonly mysql?: ClusterMySqlConfig;
  /**
   * Use an existing MySQL instead of creating one.
   * @default - none (an in-cluster MySQL is created)
   */
  readonly externalMysql?: ExternalMySqlProps;
  /**
   * The writable node (always exactly one).
   * @default - defaults of MilvusNodeOptions
   */
  readonly writable?: MilvusNodeOptions;
  /**
   * The readonly nodes (`replicas` sets how many).
   * @default - one readonly node
   */
  readonly readonly?: MilvusNodeOptions;
  /**
   * The Mishards proxy, its exposure and discovery.
   * @default - one replica, ClusterIP, kubernetes discovery
   */
  readonly mishards?: ClusterMishardsConfig;
  /**
   * NetworkPolicies of the release.
   * @default - enabled, clients from anywhere
   */
  readonly networkPolicies?: ClusterNetworkPolicyOptions;
  /**
   * An in-cluster smoke test: a Job that uses the cluster through Mishards (README "Smoke test"). `{}` takes the defaults.
   * @default - none
   */
  readonly smokeTest?: MilvusSmokeTestOptions;
  /**
   * Extra labels on every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The seed tutorial's whole deployment in one Chart: NFS storage (or an existing
 * class), MySQL (or an external one), the writable and readonly Milvus nodes,
 * Mishards and the NetworkPolicies. `cdk8s-milvus synth` renders exactly this.
 */
export class MilvusClusterChart extends Chart {
  /** The composed cluster. */
  public readonly cluster: MilvusCluster;
  /** The NFS provisioner, when `storage.nfs` is set. */
  public readonly nfsProvisioner?: NfsProvisioner;
  /** The in-cluster MySQL, unless `externalMysql` is set. */
  public readonly mysql?: MySql;
  /** The metadata store in use. */
  public readonly metaStore: IMetaStore;

  public constructor(scope: Construct, id: string, props: MilvusClusterChartProps) {
    if (props === null || typeof props !== 'object') {
      throw new ValidationError('props', props, 'a MilvusClusterChartProps object is required');
    }
    super(scope, id, {
      namespace: check.dnsLabel('namespace', props.namespace),
      labels: releaseLabels(props.labels),
    });
    const releaseName = checkReleaseName(props.releaseName);
    const keys = configKeys(props);
    // Independent sections are all checked, so one run reports every wrong section.
    const problems = new ProblemCollector();
    const version = problems.attempt<MilvusVersion | undefined>(() => reportUnder(keys.version, () => (props.images
      ? MilvusVersion.custom(props.version!, props.images)
      : MilvusVersion.of(props.version ?? '0.10.0'))), () => undefined);

    if (props.createNamespace) {
      // Kept data: deleting or pruning the Namespace would delete every object and claim in it.
      markKeptData(clusterScoped(new k8s.KubeNamespace(this, 'Namespace', {
        metadata: {
          name: props.namespace,
          labels: {
            // Not the release's instance label: deleting the release by label must not delete the namespace.
            [LABEL_NAME]: 'milvus',
            [LABEL_COMPONENT]: 'namespace',
            [LABEL_MANAGED_BY]: MANAGED_BY,
            [LABEL_PART_OF]: 'milvus',
            // The Milvus and Mishards images run as root by default: "baseline" admits that with every
            // container hardened; "restricted" findings are reported (warn, audit) for the opt-in modes.
            'pod-security.kubernetes.io/enforce': 'baseline',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
          },
        },
      })));
    }

    describeOwnersWith(this, (construct, prop) => this.describeOwner(construct, prop, props));
    const policiesEnabled = props.networkPolicies?.enabled ?? true;
    const storage = problems.attempt<ClusterStorageConfig>(() => checkStorage(props.storage), () => ({}));
    // The provisioner's and MySQL's policies reach the same API server and DNS as the release's.
    const apiServer = { apiServerCidrs: props.networkPolicies?.apiServerCidrs, apiServerPorts: props.networkPolicies?.apiServerPorts };
    const dns = props.networkPolicies?.dns;
    // Release-wide image settings, checked once under their own keys; each part's own keys win.
    const images = problems.attempt(() => releaseImages(props), () => ({}));
    this.nfsProvisioner = storage.nfs && problems.attempt(
      () => reportUnder(keys.nfs, () => new NfsProvisioner(this, 'Nfs', { networkPolicy: policiesEnabled, ...apiServer, dns, ...storage.nfs!, ...inheritImages(storage.nfs, images) })),
      () => undefined);
    // An existing claim needs no class; a failed storage section gets a stand-in.
    const namedClass = () => problems.attempt(() => reportUnder(keys.storageClass,
      () => StorageClassRef.fromName(storage.storageClassName!, { readWriteMany: storage.readWriteMany })), () => STAND_IN_STORAGE);
    const storageClass = storage.existingClaim !== undefined ? undefined
      : this.nfsProvisioner?.storageClass ?? (storage.storageClassName === undefined ? STAND_IN_STORAGE : namedClass());

    if (props.externalMysql && props.mysql) {
      problems.add(new ValidationError('mysql', props.mysql, `leave mysql out when ${propRef('externalMysql')} is set (no MySQL is created then)`));
    }
    this.mysql = props.externalMysql ? undefined
      : problems.attempt(() => this.createMySql(releaseName,
        { networkPolicy: policiesEnabled, dns, ...props.mysql, ...inheritImages(props.mysql, images) }, storage, keys),
      () => undefined);
    this.metaStore = this.mysql ?? (props.externalMysql === undefined ? standInMetaStore()
      : problems.attempt(() => reportUnder(keys.externalMysql, () => new ExternalMySql(props.externalMysql!)), standInMetaStore));

    const { exposure: exposureConfig, discovery: discoveryConfig, ...mishardsOptions } = props.mishards ?? {};
    const exposure = exposureConfig && problems.attempt(() => reportUnder(keys.exposure, () => Exposure.fromConfig(exposureConfig)), () => undefined);
    const discovery = discoveryConfig
      && problems.attempt(() => reportUnder(keys.discovery, () => MishardsDiscovery.fromConfig(discoveryConfig)), () => undefined);
    // The nodes' and Mishards's settings depend on the version: without a valid one they are not checked.
    const cluster = version === undefined ? undefined : problems.attempt(() => reportUnder(keys.cluster,
      () => new MilvusCluster(this, 'Milvus', {
        releaseName,
        version,
        storageClass,
        dataVolumeSize: storage.size,
        existingDataClaim: storage.existingClaim,
        metaStore: this.metaStore,
        writable: props.writable,
        readonly: props.readonly,
        mishards: mishardsOptions,
        exposure,
        discovery,
        networkPolicies: props.networkPolicies,
        ...images,
        smokeTest: props.smokeTest,
      })), () => undefined);
    if (problems.any) {
      // Parts built around stand-ins must never be synthesized, even by a caller that catches the error.
      this.node.scope?.node.tryRemoveChild(this.node.id);
      problems.throwIfAny();
    }
    this.cluster = cluster!;
  }

  /** Names a part of this chart by the config key that made it, for the app-wide identity and writer checks. */
  private describeOwner(construct: IConstruct, prop: string | undefined, props: MilvusClusterChartProps): OwnerDescription | undefined {
    const path = construct.node.path.slice(this.node.path.length + 1);
    const key = configKeyOf(path, prop, props);
    // A part added to the chart by its user is named by its construct path.
    return key === undefined ? undefined : { owner: `${ownerLabel(this, `MilvusClusterChart "${this.node.path}"`)} (${key})`, share: SHARE_BY_KEY[key] ?? SHARE_BY_KEY.releaseName };
  }

  private createMySql(releaseName: string, config: ClusterMySqlConfig, storage: ClusterStorageConfig, keys: ConfigKeys): MySql {
    const { existingSecret, rootPasswordKey, passwordKey, rootPassword, password, storageClassName, ...options } = config;
    const credentials = reportUnder(keys.credentials, () => {
      if (rootPassword !== undefined || password !== undefined) {
        if (existingSecret !== undefined) {
          throw new ValidationError('secretName', existingSecret, `set either ${propRef('secretName')} or ${propRef('rootPassword')} and ${propRef('password')}, not both`);
        }
        if (rootPasswordKey !== undefined || passwordKey !== undefined) {
          throw new ValidationError(rootPasswordKey !== undefined ? 'rootPasswordKey' : 'passwordKey', rootPasswordKey ?? passwordKey,
            `only applies to an existing Secret (${propRef('secretName')}); with rootPassword and password the Secret uses the default keys`);
        }
        return MySqlCredentials.fromPasswords({ rootPassword: rootPassword!, password: password! });
      }
      return MySqlCredentials.fromExistingSecret(existingSecret ?? helmFullname(releaseName, 'mysql'), { rootPasswordKey, passwordKey });
    });
    const storageClass = reportUnder(keys.mysqlStorageClass, () => mysqlStorageClass(storageClassName, storage));
    return reportUnder(keys.mysql, () => new MySql(this, 'MySql', { ...options, releaseName, credentials, storageClass }));
  }

}

/**
 * The one place where the parts' prop paths become config keys: for each part the chart
 * builds, how its paths (`storageSize`, `secretName`, `writable.resources.memoryLimit`) read
 * in the config file (`mysql.storageSize`, `mysql.existingSecret`, ...). Rows are tried in
 * order; `['', key]` puts every other path under `key` (see `reportUnder`).
 */
function configKeys(props: MilvusClusterChartProps) {
  const nfs = props.storage?.nfs ?? {};
  // The NFS policy settings come from `networkPolicies` unless the nfs section sets its own.
  const fromNetworkPolicies = (key: 'apiServerCidrs' | 'apiServerPorts' | 'networkPolicy' | 'dns', configKey: string): PathMoves =>
    (nfs as NfsProvisionerProps)[key] === undefined ? [[key, `networkPolicies.${configKey}`]] : [];
  // MySQL's DNS setting comes from `networkPolicies` unless the mysql section sets its own.
  const mysqlDns: PathMoves = props.mysql?.dns === undefined ? [['dns', 'networkPolicies.dns']] : [];
  const metaStore = props.externalMysql ? 'externalMysql' : 'mysql';
  const every: PathMoves = [['namespace', 'namespace']];
  return {
    version: [...every, ['version', 'version'], ['images', 'images'], ['', 'images']],
    nfs: [...every, ...fromNetworkPolicies('apiServerCidrs', 'apiServerCidrs'), ...fromNetworkPolicies('apiServerPorts', 'apiServerPorts'),
      ...fromNetworkPolicies('networkPolicy', 'enabled'), ...fromNetworkPolicies('dns', 'dns'), ['', 'storage.nfs']],
    storageClass: [...every, ['storageClassName', 'storage.storageClassName'], ['', 'storage']],
    credentials: [...every, ['secretName', 'mysql.existingSecret'], ['', 'mysql']],
    mysql: [...every, ...mysqlDns, ['releaseName', 'releaseName'], ['storageClass', 'mysql.storageClassName'], ['credentials', 'mysql.existingSecret'], ['', 'mysql']],
    mysqlStorageClass: [['storageClassName', 'mysql.storageClassName']],
    externalMysql: [...every, ['', 'externalMysql']],
    exposure: [...every, ['', 'mishards.exposure']],
    discovery: [...every, ['', 'mishards.discovery']],
    cluster: [...every, ['storageClass.readWriteMany', 'storage.readWriteMany'], ['storageClass.nfs', 'storage.nfs'], ['storageClass', 'storage'],
      ['dataVolumeSize', 'storage.size'], ['existingDataClaim', 'storage.existingClaim'], ['version.milvusGpuImage', 'images.milvusGpuImage'], ['version', 'version'],
      ['exposure', 'mishards.exposure'], ['discovery', 'mishards.discovery'], ['metaStore', metaStore], ['', '']],
  } satisfies Record<string, PathMoves>;
}
type ConfigKeys = ReturnType<typeof configKeys>;

/**
 * MySQL's StorageClass. InnoDB does not belong on NFS (it cannot lock reliably there), so MySQL
 * never lands on the NFS class by accident: when the NFS class is the cluster default, MySQL's
 * class must be named. Naming the NFS class on purpose (the tutorial's bare-metal setup has
 * nothing else) is accepted with a warning.
 */
function mysqlStorageClass(name: string | undefined, storage: ClusterStorageConfig): IStorageClass | undefined {
  const nfs = storage.nfs;
  const nfsClass = nfs && (nfs.storageClassName ?? DEFAULT_NFS_STORAGE_CLASS);
  if (name === undefined) {
    if (nfs?.defaultClass) {
      throw new ValidationError('mysql.storageClassName', name, `${propRef('storage.nfs.defaultClass')} makes "${nfsClass}" the cluster's default class, so MySQL's volume would land on NFS, `
        + 'where InnoDB cannot lock reliably: name a block-storage class, or name the NFS class to accept that');
    }
    return undefined;
  }
  // Naming the shared volume's class (NFS, or an existing ReadWriteMany class) draws the warning too.
  const shared = name === nfsClass || (name === storage.storageClassName && storage.readWriteMany === true);
  return StorageClassRef.fromName(name, { readWriteMany: shared });
}

/** The config key behind a part of the chart (`path` relative to the chart; `prop` the part's prop that claimed a resource). */
function configKeyOf(path: string, prop: string | undefined, props: MilvusClusterChartProps): string | undefined {
  if (prop === 'metaStore') { return props.externalMysql ? 'externalMysql' : 'mysql.database'; }
  if (prop === 'dataVolume') { return 'storage.existingClaim'; }
  const top = PART_KEYS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
  return top?.[1];
}

const PART_KEYS: Array<[string, string]> = [
  ['Namespace', 'createNamespace'], ['Nfs', 'storage.nfs'], ['MySql', 'mysql'], ['Milvus/DataVolume', 'storage'],
  ['Milvus/Writable', 'writable'], ['Milvus/Readonly', 'readonly'], ['Milvus/Mishards', 'mishards'], ['Milvus/NetworkPolicies', 'networkPolicies'],
];

/** How a CLI user shares, per config key, what two releases both render or write. */
const SHARE_BY_KEY: Record<string, string> = {
  'storage.nfs': `keep storage.nfs in one release; in the others set storage.storageClassName to its class (storage.nfs.storageClassName, default "${DEFAULT_NFS_STORAGE_CLASS}") and storage.readWriteMany: true`,
  'createNamespace': 'set createNamespace: true in one release of the namespace only',
  'mysql.database': 'give each release its own MySQL, or its own mysql.database',
  'externalMysql': 'give each release its own externalMysql.database (or server)',
  'storage.existingClaim': 'give each release its own data claim: storage.existingClaim belongs to one release only',
  'releaseName': 'give each release its own releaseName or namespace',
};

/** Stand-ins for a section that failed, so the sections after it are still checked; never synthesized. */
const STAND_IN_STORAGE: IStorageClass = { storageClassName: 'stand-in', readWriteMany: true };
const standInMetaStore = (): IMetaStore =>
  new ExternalMySql({ host: 'stand-in.invalid', user: 'stand_in', passwordSecret: { secretName: 'stand-in', key: 'password' } });

/** Labels on every object; kubectl's ApplySet keys are kubectl's to set (it refuses input that has them). */
function releaseLabels(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  const checked = check.labels('labels', labels);
  const reserved = Object.keys(checked ?? {}).find(k => k.startsWith(APPLYSET_PREFIX));
  if (reserved) {
    throw new ValidationError(`labels.${reserved}`, checked![reserved], `${APPLYSET_PREFIX} labels are set by kubectl apply --applyset (KEP-3659), which refuses manifests that carry them: leave it out`);
  }
  return checked;
}

function checkStorage(storage: ClusterStorageConfig | undefined): ClusterStorageConfig {
  const allowed = `set ${propRef('storage.nfs')} (a new NFS provisioner), ${propRef('storage.storageClassName')} (an existing ReadWriteMany class) or ${propRef('storage.existingClaim')} (an existing claim)`;
  if (!storage || typeof storage !== 'object') { throw new ValidationError('storage', storage, allowed); }
  if (storage.nfs && storage.storageClassName !== undefined) {
    throw new ValidationError('storage', storage, `set either ${propRef('storage.nfs')} or ${propRef('storage.storageClassName')}, not both`);
  }
  if (!storage.nfs && storage.storageClassName === undefined && storage.existingClaim === undefined) { throw new ValidationError('storage', storage, allowed); }
  if (storage.existingClaim !== undefined && (storage.storageClassName !== undefined || storage.size !== undefined)) {
    const key = storage.storageClassName !== undefined ? 'storageClassName' : 'size';
    throw new ValidationError(`storage.${key}`, storage[key], `only applies to a new data claim: ${propRef('storage.existingClaim')} names a claim that exists already (leave it out)`);
  }
  if (storage.nfs && storage.readWriteMany !== undefined) {
    throw new ValidationError('storage.readWriteMany', storage.readWriteMany, `only applies to an existing ${propRef('storage.storageClassName')} (the NFS class is ReadWriteMany)`);
  }
  return storage;
}
