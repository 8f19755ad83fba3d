import { Construct } from 'constructs';
import { checkReleaseName } from './_release';
import { admitReleaseClients, PolicyPeers, ReleaseParts, renderReleasePolicies } from './_release-traffic';
import { PathMoves, ProblemCollector, reportUnder } from '../common/_config-paths';
import { inheritImages, releaseImages } from '../common/_images';
import { LABEL_INSTANCE, standardLabels } from '../common/_labels';
import { helmFullname, requireNamespace } from '../common/_names';
import { DEFAULT_API_SERVER_PORTS, dnsPeers } from '../common/_network';
import * as check from '../common/_validators';
import { DnsEgressOptions } from '../common/dns-egress-options';
import { ImageOptions } from '../common/image-options';
import { propRef, ValidationError } from '../common/validation-error';
import { IMetaStore } from '../metastore/meta-store';
import { MySql } from '../metastore/mysql';
import { ENGINE_PORT } from '../milvus/_server-config';
import { MilvusDataVolume } from '../milvus/milvus-data-volume';
import { MilvusNode, MilvusNodeOptions } from '../milvus/milvus-node';
import { MilvusRole } from '../milvus/milvus-role';
import { MilvusVersion } from '../milvus/milvus-version';
import { Exposure } from '../proxy/exposure';
import { Mishards, MishardsOptions } from '../proxy/mishards';
import { MishardsDiscovery } from '../proxy/mishards-discovery';
import { MilvusSmokeTest, MilvusSmokeTestOptions } from '../smoke/milvus-smoke-test';
import { IStorageClass } from '../storage/storage-class-ref';

/** Who may open connections to Mishards (its NetworkPolicy ingress). */
export interface ClusterClients {
  /**
   * Source CIDR blocks (e.g. the nodes' range for NodePort traffic, or an office network).
   * @default - none
   */
  readonly cidrs?: string[];
  /**
   * Labels of client pods in the release's namespace (or in the namespaces selected by `namespaceLabels`).
   * @default - none
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Labels of namespaces whose pods may connect.
   * @default - none
   */
  readonly namespaceLabels?: Record<string, string>;
}

/** The release's NetworkPolicies. */
export interface ClusterNetworkPolicyOptions {
  /**
   * Render the NetworkPolicies (default deny, DNS, MySQL from Milvus and Mishards only, nodes from
   * Mishards only, Mishards from its clients). They take effect only with a CNI that enforces them.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Who may reach Mishards on its port.
   * @default - any source: NodePort and LoadBalancer traffic often arrives SNATed, so source rules would break the tutorial's access
   */
  readonly clients?: ClusterClients;
  /**
   * Where the release's pods send DNS queries (every policy's DNS egress, also the NFS
   * provisioner's and MySQL's unless they set their own).
   * @default - the kube-dns / CoreDNS pods in kube-system and NodeLocal DNSCache at 169.254.20.10
   */
  readonly dns?: DnsEgressOptions;
  /**
   * CIDR blocks of the Kubernetes API server (Mishards's discovery calls it).
   * @default - the API ports to any address (the API server's IPs are cluster-specific)
   */
  readonly apiServerCidrs?: string[];
  /**
   * Ports of the Kubernetes API server.
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
}

/**
 * Properties of a `MilvusCluster`. The image settings (`imagePullSecrets`, `imageRegistry`,
 * `imagePullPolicy`) apply to the writable, readonly and Mishards pods; a part's own key wins.
 */
export interface MilvusClusterProps extends ImageOptions {
  /** The release name: every object is named after it as the seed's Helm release (`my-release-milvus-writable`, ...). */
  readonly releaseName: string;
  /**
   * The Milvus release (images, config dialect; Mishards always matches it).
   * @default MilvusVersion.V0_10_0
   */
  readonly version?: MilvusVersion;
  /**
   * A ReadWriteMany StorageClass for the shared data volume: `NfsProvisioner.storageClass` or `StorageClassRef.fromName(...)`.
   * Required unless `existingDataClaim` is set.
   * @default - none
   */
  readonly storageClass?: IStorageClass;
  /**
   * An existing ReadWriteMany claim to use as the shared data volume (e.g. the tutorial's
   * `my-release-milvus` or a restored copy): the cluster mounts it and never creates, owns or deletes it.
   * @default - a new claim `<release>-milvus` of `storageClass`
   */
  readonly existingDataClaim?: string;
  /**
   * Size of the shared data volume (`<release>-milvus`).
   * @default '50Gi'
   */
  readonly dataVolumeSize?: string;
  /** The MySQL metadata store: a `MySql` construct or an `ExternalMySql`. */
  readonly metaStore: IMetaStore;
  /**
   * The writable node (always exactly one).
   * @default - defaults of MilvusNodeOptions
   */
  readonly writable?: MilvusNodeOptions;
  /**
   * The readonly nodes.
   * @default - one readonly node with the defaults of MilvusNodeOptions
   */
  readonly readonly?: MilvusNodeOptions;
  /**
   * The Mishards proxy.
   * @default - defaults of MishardsOptions
   */
  readonly mishards?: MishardsOptions;
  /**
   * How the public Service `<release>-milvus` is reachable.
   * @default Exposure.clusterIp()
   */
  readonly exposure?: Exposure;
  /**
   * How Mishards finds the readonly nodes.
   * @default MishardsDiscovery.kubernetes()
   */
  readonly discovery?: MishardsDiscovery;
  /**
   * NetworkPolicies of the release.
   * @default - enabled, clients from anywhere
   */
  readonly networkPolicies?: ClusterNetworkPolicyOptions;
  /**
   * An in-cluster smoke test (a Job) that uses the cluster through Mishards as a client would.
   * @default - none
   */
  readonly smokeTest?: MilvusSmokeTestOptions;
}

/**
 * A distributed Milvus cluster as in the seed tutorial: one writable node, N readonly
 * nodes sharing one ReadWriteMany data volume, a MySQL metadata store and the Mishards
 * proxy in front, with the NetworkPolicies that keep each path to what it needs.
 *
 * Storage and metadata are passed in (`NfsProvisioner` / `StorageClassRef`, `MySql` /
 * `ExternalMySql`), so the same composition serves new and existing infrastructure.
 */
export class MilvusCluster extends Construct {
  /** The shared ReadWriteMany data volume. */
  public readonly dataVolume: MilvusDataVolume;
  /** The writable node. */
  public readonly writable: MilvusNode;
  /** The readonly nodes. */
  public readonly readonly: MilvusNode;
  /** The Mishards proxy. */
  public readonly mishards: Mishards;
  /** In-cluster DNS name clients connect to: `<release>-milvus.<namespace>.svc.cluster.local`. */
  public readonly endpointHost: string;
  /** Port clients connect to (gRPC, pymilvus 0.2.x / 1.1.x). */
  public readonly endpointPort: number;
  /** Names of the NetworkPolicies rendered (empty when disabled). */
  public readonly networkPolicyNames: string[];
  /** The smoke test (only with `smokeTest`). */
  public readonly smokeTest?: MilvusSmokeTest;

  public constructor(scope: Construct, id: string, props: MilvusClusterProps) {
    super(scope, id);
    const namespace = requireNamespace(this);
    // The parts are built one after the other; each failure is collected, so one error lists every problem.
    const problems = new ProblemCollector();
    const releaseName = problems.check(() => checkReleaseName(props.releaseName));
    if (!props.storageClass && props.existingDataClaim === undefined) {
      problems.add(new ValidationError('storageClass', props.storageClass,
        `a ReadWriteMany StorageClass is required (NfsProvisioner.storageClass or StorageClassRef.fromName(name, { readWriteMany: true })), unless ${propRef('existingDataClaim')} names a claim to reuse`));
    }
    if (!props.metaStore) { problems.add(new ValidationError('metaStore', props.metaStore, 'a metadata store is required (a MySql construct or an ExternalMySql)')); }
    problems.throwIfAny();
    const version = props.version ?? MilvusVersion.V0_10_0;
    // Release-wide image settings, checked here once; each part's own keys win over them.
    const release = problems.attempt(() => releaseImages(props), () => ({}));

    // Each part reports paths of its own props; these moves name them as this construct's props.
    this.dataVolume = problems.attempt(() => reportUnder(CHILD_PATHS.dataVolume, () => new MilvusDataVolume(this, 'DataVolume', {
      releaseName,
      storageClass: props.storageClass,
      size: props.dataVolumeSize,
      existingClaim: props.existingDataClaim,
    })), () => STAND_IN_VOLUME);
    const common = { releaseName, version, metaStore: props.metaStore, dataVolume: this.dataVolume };
    // The guard runs in the in-cluster MySQL's image (as set, before registries; each node's registry
    // prefixes it once, as every image of the node), so a mirror needs one MySQL image.
    const guardImage = (node?: MilvusNodeOptions) => node?.guardImage ?? (props.metaStore instanceof MySql ? props.metaStore.image : undefined);
    this.writable = problems.attempt(() => reportUnder(CHILD_PATHS.writable,
      () => new MilvusNode(this, 'Writable', { ...props.writable, ...inheritImages(props.writable, release), guardImage: guardImage(props.writable), ...common, role: MilvusRole.WRITABLE })),
    () => STAND_IN_NODE);
    this.readonly = problems.attempt(() => reportUnder(CHILD_PATHS.readonly,
      () => new MilvusNode(this, 'Readonly', { ...props.readonly, ...inheritImages(props.readonly, release), guardImage: guardImage(props.readonly), ...common, role: MilvusRole.READONLY })),
    () => STAND_IN_NODE);
    const discovery = props.discovery ?? MishardsDiscovery.kubernetes();
    if (discovery.needsApiServer && discovery.port !== ENGINE_PORT) {
      // The nodes' engine port is fixed (network.bind.port 19530); another port reaches nothing.
      problems.add(new ValidationError('discovery.port', discovery.port, `must be ${ENGINE_PORT}, the port the readonly nodes listen on`));
    }
    this.mishards = problems.attempt(() => reportUnder(CHILD_PATHS.mishards, () => new Mishards(this, 'Mishards', {
      ...props.mishards,
      ...inheritImages(props.mishards, release),
      releaseName,
      version,
      metaStore: props.metaStore,
      writableHost: this.writable.serviceName,
      writablePort: this.writable.enginePort,
      readonlyPodSelector: this.readonly.podSelector,
      discovery,
      exposure: props.exposure,
    })), () => undefined as unknown as Mishards); // never used: throwIfAny() below ends the run
    // Without a Mishards (it failed) there is nothing to test: its problem is reported below.
    this.smokeTest = props.smokeTest && this.mishards && problems.attempt(() => reportUnder(CHILD_PATHS.smokeTest, () => new MilvusSmokeTest(this, 'SmokeTest', {
      ...props.smokeTest,
      ...inheritImages(props.smokeTest, release),
      releaseName,
      version,
      host: this.mishards.serviceName,
      port: this.mishards.port,
    })), () => undefined);
    const np = props.networkPolicies ?? {};
    const enabled = problems.check(() => check.bool('networkPolicies.enabled', np.enabled ?? true));
    const apiServerPorts = (np.apiServerPorts ?? DEFAULT_API_SERVER_PORTS).map((p, i) => problems.check(() => check.port(`networkPolicies.apiServerPorts[${i}]`, p)));
    const apiServerCidrs = np.apiServerCidrs?.map((c, i) => problems.check(() => check.cidr(`networkPolicies.apiServerCidrs[${i}]`, c)));
    const dns = problems.check(() => dnsPeers('networkPolicies.dns', np.dns));
    const clients = np.clients === undefined ? undefined : problems.check(() => clientPeers(np.clients!));
    const metricsPush = [props.writable, props.readonly].map(o => problems.check(() => metricsEndpoint(o)));
    problems.throwIfAny();
    this.endpointHost = `${this.mishards.serviceName}.${namespace}.svc.cluster.local`;
    this.endpointPort = this.mishards.port;
    // The release's paths (src/cluster/_release-traffic.ts); an in-cluster MySQL admits the pods that reach it even
    // when the release's own policies are off (its policy is its own setting).
    const traffic: ReleaseParts = {
      releaseName,
      writable: { podSelector: this.writable.podSelector, metricsPush: metricsPush[0] },
      readonly: { podSelector: this.readonly.podSelector, metricsPush: metricsPush[1] },
      enginePort: this.writable.enginePort,
      mishards: {
        podSelector: this.mishards.podSelector,
        port: this.mishards.port,
        usesApiServer: this.mishards.apiServerAccess,
        staticHostsPort: discovery.needsApiServer ? undefined : discovery.port,
      },
      metaStore: props.metaStore,
      dnsPeers: dns,
      smokeTest: this.smokeTest && { podSelector: this.smokeTest.podSelector },
      apiServerCidrs,
      apiServerPorts,
      clients,
    };
    admitReleaseClients(traffic);
    this.networkPolicyNames = !enabled ? [] : renderReleasePolicies(this, traffic, {
      base: helmFullname(releaseName, 'milvus'),
      namespace,
      labels: standardLabels({ name: 'milvus', instance: releaseName, component: 'network-policy', version: version.version }),
    });
  }
}

function clientPeers(clients: ClusterClients): PolicyPeers {
  // An empty "from" list admits every source: refuse a clients block that names nobody.
  if (!clients.cidrs?.length && !clients.podLabels && !clients.namespaceLabels) {
    throw new ValidationError('networkPolicies.clients', clients, 'name at least one of cidrs, podLabels or namespaceLabels, or leave clients out to admit any source');
  }
  return {
    cidrs: clients.cidrs?.map((c, i) => check.cidr(`networkPolicies.clients.cidrs[${i}]`, c)),
    podLabels: clients.podLabels && check.labels('networkPolicies.clients.podLabels', clients.podLabels),
    namespaceLabels: clients.namespaceLabels && check.labels('networkPolicies.clients.namespaceLabels', clients.namespaceLabels),
  };
}

/** How the parts' own prop paths read as this construct's props (the children keep `releaseName`, `version`, ...). */
const SHARED: PathMoves = [['releaseName', 'releaseName'], ['version', 'version'], ['metaStore', 'metaStore'], ['namespace', 'namespace']];
const CHILD_PATHS = {
  dataVolume: [['storageClass', 'storageClass'], ['size', 'dataVolumeSize'], ['existingClaim', 'existingDataClaim'], ['', '']],
  writable: [...SHARED, ['', 'writable']],
  readonly: [...SHARED, ['', 'readonly']],
  mishards: [...SHARED, ['exposure', 'exposure'], ['discovery', 'discovery'], ['', 'mishards']],
  smokeTest: [...SHARED, ['host', 'mishards'], ['port', 'mishards'], ['', 'smokeTest']],
} satisfies Record<string, PathMoves>;

/** Stand-ins for a part that failed, so the parts after it are still checked; never synthesized. */
const STAND_IN_VOLUME = { claimName: 'stand-in' } as MilvusDataVolume;
const STAND_IN_NODE = { serviceName: 'stand-in', enginePort: ENGINE_PORT, podSelector: { [LABEL_INSTANCE]: 'stand-in' } } as unknown as MilvusNode;

/**
 * Milvus 0.10/1.1 push metrics to a Pushgateway (`metric.address:port`); a node with
 * metrics on needs that egress. Loopback needs no rule; a DNS name is allowed by port only
 * (NetworkPolicies match addresses, not names).
 */
function metricsEndpoint(options: MilvusNodeOptions | undefined): ReleaseParts['writable']['metricsPush'] {
  const metric = options?.config?.metric;
  if (!metric?.enable) { return undefined; }
  const address = metric.address ?? '127.0.0.1';
  const port = metric.port ?? 9091;
  if (address === 'localhost' || address === '::1' || address.startsWith('127.')) { return undefined; }
  const family = check.ipFamily(address);
  return { peers: family === 0 ? undefined : [{ ipBlock: { cidr: `${address}/${family === 4 ? 32 : 128}` } }], port };
}
