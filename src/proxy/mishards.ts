import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PATHS, prefixPattern, renderEnvTemplate, selectorString } from './_mishards-config';
import { MISHARDS_LOG_ROTATION } from './_mishards-launcher';
import { MISHARDS_PORT, MISHARDS_TMP_SIZE_LIMIT, mishardsPodParts, WaitTarget } from './_mishards-pod';
import { Exposure, ExposureType } from './exposure';
import { MishardsDiscovery, MishardsDiscoveryType } from './mishards-discovery';
import { ProblemCollector } from '../common/_config-paths';
import { exemptionAnnotations, LintExemptionId } from '../common/_exemptions';
import { resolveImages } from '../common/_images';
import { LABEL_INSTANCE, selectorLabels, standardLabels } from '../common/_labels';
import { KUBELET_CONTAINER_LOG_BYTES, logBudget } from '../common/_log-budget';
import { helmFullname, requireNamespace } from '../common/_names';
import { disruptionBudget, placement, singleReplicaExemptions, spreadOverNodes } from '../common/_placement';
import { PodSkeleton } from '../common/_pod-skeleton';
import { renderResources, ResolvedResources } from '../common/_resources';
import { rootUnlessOptedOut } from '../common/_security';
import * as check from '../common/_validators';
import { ContainerResources } from '../common/container-resources';
import { ImageOptions } from '../common/image-options';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { SelectablePods } from '../common/selectable-pods';
import { ValidationError } from '../common/validation-error';
import { checkMetaStore } from '../metastore/_mysql-checks';
import { IMetaStore } from '../metastore/meta-store';
import { MilvusVersion } from '../milvus/milvus-version';

/**
 * Settings of the Mishards proxy that a user chooses (the composition wires the rest).
 * Plain data only, so the same struct serves `MilvusCluster` and the CLI's config file.
 */
export interface MishardsOptions extends PodPlacementOptions, ImageOptions {
  /**
   * Number of Mishards pods. From 2 on, a PodDisruptionBudget is added (the preferred anti-affinity is always there: scaling changes no pod template).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Resources of the Mishards container.
   * @default - requests 500m CPU, 1Gi memory, 100Mi ephemeral storage; limits 2 CPU, 2Gi memory, 2Gi ephemeral storage
   */
  readonly resources?: ContainerResources;
  /**
   * Mishards image, pinned.
   * @default - `version.mishardsImage`
   */
  readonly image?: string;
  /**
   * Image of the `wait-for-dependencies` init container (needs `sh` and `nc`), pinned.
   * @default "busybox:1.36.1"
   */
  readonly initImage?: string;
  /**
   * gRPC worker threads (`MAX_WORKERS`).
   * @default 50
   */
  readonly maxWorkers?: number;
  /**
   * Debug logging (`DEBUG`).
   * @default false
   */
  readonly debug?: boolean;
  /**
   * Time zone of Mishards's log file names (`TIMEZONE`, a tz database name such as `Asia/Shanghai`).
   * @default - UTC (Mishards's default)
   */
  readonly timezone?: string;
  /**
   * Run as UID/GID 10001 with `runAsNonRoot`. The Mishards image has no non-root user and this
   * mode is not verified upstream, so it is an opt-in.
   * @default false
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Extra annotations on the public Service only (never on internal Services).
   * @default - none
   */
  readonly serviceAnnotations?: Record<string, string>;
}

/** Properties of the Mishards proxy: the user's options plus the wiring to the other parts. */
export interface MishardsProps extends MishardsOptions {
  /** The release name (`my-release`); objects are named after `<release>-milvus` as the Helm chart does. */
  readonly releaseName: string;
  /** The Milvus release; the Mishards image must match the nodes' version (`SERVER_VERSIONS`). */
  readonly version: MilvusVersion;
  /** The MySQL metadata store Mishards reads segment files from (same database as the nodes). */
  readonly metaStore: IMetaStore;
  /** Service name (or host) of the writable node: `WOSERVER=tcp://<host>:<port>`. */
  readonly writableHost: string;
  /**
   * Port of the writable node.
   * @default 19530
   */
  readonly writablePort?: number;
  /**
   * Labels of the readonly pods, including `app.kubernetes.io/instance` so two releases in one
   * namespace never mix (`DISCOVERY_KUBERNETES_LABEL_SELECTOR`).
   * @default - none; required with Kubernetes discovery
   */
  readonly readonlyPodSelector?: Record<string, string>;
  /**
   * Name prefix of the readonly pods, for `DISCOVERY_KUBERNETES_POD_PATT` (event matching).
   * @default `<release>-milvus-readonly-`
   */
  readonly readonlyPodNamePrefix?: string;
  /**
   * How Mishards finds readonly nodes.
   * @default MishardsDiscovery.kubernetes()
   */
  readonly discovery?: MishardsDiscovery;
  /**
   * How the public Service `<release>-milvus` is reachable.
   * @default Exposure.clusterIp()
   */
  readonly exposure?: Exposure;
}


const DEFAULT_INIT_IMAGE = 'busybox:1.36.1';

// Chart 0.10.1+ Mishards resources, plus ephemeral storage for its log files under /tmp.
const DEFAULT_RESOURCES: ResolvedResources = {
  cpuRequest: '500m',
  cpuLimit: '2',
  memoryRequest: '1Gi',
  memoryLimit: '2Gi',
  ephemeralStorageRequest: '100Mi',
  ephemeralStorageLimit: '2Gi',
};


const TZ_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const POD_NAME_PREFIX = /^[a-z0-9][-a-z0-9.]*$/;

/**
 * The Mishards proxy of a Milvus 0.10/1.1 cluster and its public Service.
 *
 * Renders the Deployment `<release>-milvus-mishards`, the Service `<release>-milvus`
 * (port `shards` 19530), a ConfigMap with the `.env` template (the database
 * password is filled in from the metastore Secret by an init container, never
 * stored in a ConfigMap), a dedicated ServiceAccount, and for Kubernetes discovery
 * a namespaced Role and RoleBinding (pods get/list/watch, events list/watch).
 *
 * Network paths are the composition's: `MilvusCluster`'s traffic table admits Mishards at an
 * in-cluster `MySql`; composing by hand, call `mysql.allowClients(mishards.podSelector)`.
 */
export class Mishards extends SelectablePods {
  /** Name of the public Service clients connect to (`<release>-milvus`). */
  public readonly serviceName: string;
  /** The Service port (`shards`). */
  public readonly port: number;
  /** Labels that select the Mishards pods (for NetworkPolicies). */
  public readonly podSelector: Record<string, string>;
  /** Whether the pods call the Kubernetes API (Kubernetes discovery): they need API-server egress. */
  public readonly apiServerAccess: boolean;
  /** The ServiceAccount the pods run as (`<release>-milvus-mishards`). */
  public readonly serviceAccountName: string;
  /** The public Service. */
  public readonly service: k8s.KubeService;
  /** The pods' controller: the Mishards Deployment. */
  public readonly workload: k8s.KubeDeployment;
  /** The ConfigMap holding the `.env` template (no password). */
  public readonly configMap: k8s.KubeConfigMap;
  /** The dedicated ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The discovery Role (Kubernetes discovery only). */
  public readonly role?: k8s.KubeRole;
  /** The binding of `role` to the ServiceAccount (Kubernetes discovery only). */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The PodDisruptionBudget (only with 2 or more replicas). */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;

  public constructor(scope: Construct, id: string, props: MishardsProps) {
    super(scope, id);
    const namespace = requireNamespace(this);

    // ---- validate everything before creating any object (one error lists every problem) ----
    const problems = new ProblemCollector();
    const c = <T>(build: () => T): T => problems.check(build);
    const release = c(() => check.dnsLabel('releaseName', props.releaseName));
    c(() => {
      if (typeof props.version?.mishardsImage !== 'string') {
        throw new ValidationError('version', props.version, 'must be a MilvusVersion, e.g. MilvusVersion.V0_10_0');
      }
    });
    const fullname = release && helmFullname(release, 'milvus');
    const workloadName = `${fullname}-mishards`;
    const configMapName = `${fullname}-mishards-config`;
    c(() => release && check.derivedNames('releaseName', release, [['Service', fullname], ['Deployment', workloadName], ['ConfigMap', configMapName]]));
    this.serviceName = fullname;

    const discovery = props.discovery ?? MishardsDiscovery.kubernetes();
    const exposure = props.exposure ?? Exposure.clusterIp();
    const replicas = c(() => check.integer('replicas', props.replicas ?? 1, 1, 100));
    // Without a valid version there is no default image to check: the version's own error says so.
    const defaultImage = props.version?.mishardsImage;
    const image = props.image === undefined && typeof defaultImage !== 'string' ? ''
      : c(() => check.orDefault('image', props.image, defaultImage, check.pinnedImage));
    const initImage = c(() => check.orDefault('initImage', props.initImage, DEFAULT_INIT_IMAGE, check.pinnedImage));
    const images = c(() => resolveImages('', props));
    const maxWorkers = c(() => check.integer('maxWorkers', props.maxWorkers ?? 50, 1, 1000));
    const debug = c(() => check.bool('debug', props.debug ?? false));
    const runAsNonRoot = c(() => check.bool('runAsNonRoot', props.runAsNonRoot ?? false));
    const timezone = props.timezone === undefined ? undefined : c(() => timezoneName(props.timezone));
    const writableHost = c(() => check.host('writableHost', props.writableHost));
    const writablePort = c(() => check.port('writablePort', props.writablePort ?? 19530));
    const store = c(() => checkMetaStore(props.metaStore));
    const podPlacement = problems.attempt<PodPlacementOptions>(() => placement('', props), () => ({}));
    const userServiceAnnotations = c(() => check.annotations('serviceAnnotations', props.serviceAnnotations));
    const resources = c(() => renderResources('resources', props.resources, DEFAULT_RESOURCES));
    // Mishards's bounded log files fit /tmp, and /tmp fits the ephemeral-storage limit.
    c(() => logBudget({
      rotation: MISHARDS_LOG_ROTATION,
      volumeBytes: check.quantity('tmp', MISHARDS_TMP_SIZE_LIMIT).value,
      emptyVolumeBytes: 0,
      containerLogBytes: KUBELET_CONTAINER_LOG_BYTES,
      otherVolumesBytes: 0,
      ephemeralLimitBytes: check.quantity('resources.ephemeralStorageLimit', props.resources?.ephemeralStorageLimit ?? DEFAULT_RESOURCES.ephemeralStorageLimit).value,
      props: { ephemeralLimit: 'resources.ephemeralStorageLimit' },
    }));
    const kubernetesDiscovery = discovery.discoveryType === MishardsDiscoveryType.KUBERNETES;
    const selector = kubernetesDiscovery ? c(() => readonlySelector(props.readonlyPodSelector)) : undefined;
    const prefix = props.readonlyPodNamePrefix ?? `${fullname}-readonly-`;
    if (kubernetesDiscovery && (typeof prefix !== 'string' || prefix.length > 253 || !POD_NAME_PREFIX.test(prefix))) {
      problems.add(new ValidationError('readonlyPodNamePrefix', prefix, 'must be the start of a pod name: lower-case letters, digits, "-" and ".", e.g. "my-release-milvus-readonly-"'));
    }
    problems.throwIfAny();

    const discoveryEnv: Array<[string, string]> = [['DISCOVERY_CLASS_NAME', discovery.discoveryType]];
    const waitTargets: WaitTarget[] = [
      { what: 'MySQL', host: store.host, port: store.port },
      { what: 'the writable node', host: writableHost, port: writablePort },
    ];
    if (kubernetesDiscovery) {
      discoveryEnv.push(
        // Set explicitly: an empty namespace hits an undefined-name bug in kubernetes_provider.py.
        ['DISCOVERY_KUBERNETES_NAMESPACE', namespace],
        ['DISCOVERY_KUBERNETES_IN_CLUSTER', 'True'],
        ['DISCOVERY_KUBERNETES_POLL_INTERVAL', String(discovery.pollIntervalSeconds)],
        ['DISCOVERY_KUBERNETES_POD_PATT', prefixPattern(prefix)],
        ['DISCOVERY_KUBERNETES_LABEL_SELECTOR', selectorString(selector!)],
        ['DISCOVERY_KUBERNETES_PORT', String(discovery.port)],
      );
    } else {
      discoveryEnv.push(
        ['DISCOVERY_STATIC_HOSTS', discovery.hosts.join(',')],
        ['DISCOVERY_STATIC_PORT', String(discovery.port)],
      );
      // Static hosts are resolved once at start-up and a failed add stops Mishards: wait for them too.
      discovery.hosts.forEach(h => waitTargets.push({ what: 'a readonly node', host: h, port: discovery.port }));
    }

    const template = renderEnvTemplate({
      maxWorkers,
      dbUser: store.user,
      dbHost: store.host,
      dbPort: store.port,
      database: store.database,
      debug,
      serverPort: MISHARDS_PORT,
      writableHost,
      writablePort,
      timezone,
      discovery: discoveryEnv,
    });

    // ---- objects ----
    this.port = MISHARDS_PORT;
    this.apiServerAccess = discovery.needsApiServer;
    this.podSelector = selectorLabels({ name: 'milvus', instance: release, component: 'mishards' });
    const labels = standardLabels({ name: 'milvus', instance: release, component: 'mishards', version: props.version.version });
    const exemptions: LintExemptionId[] = [];
    if (!runAsNonRoot) { exemptions.push('image-runs-as-root'); }
    if (this.apiServerAccess) { exemptions.push('api-client-token'); }
    exemptions.push(...singleReplicaExemptions(replicas));

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: configMapName, namespace, labels },
      data: { [PATHS.templateKey]: template },
    });

    const pod = new PodSkeleton({
      name: workloadName,
      namespace,
      labels,
      identity: rootUnlessOptedOut(runAsNonRoot),
      // Only Kubernetes discovery calls the API; static discovery never gets a token.
      apiToken: this.apiServerAccess,
      images,
      placement: podPlacement,
      exemptions,
      checksumOf: template,
    });
    this.serviceAccountName = workloadName;
    this.serviceAccount = pod.serviceAccount(this);

    if (this.apiServerAccess) {
      this.role = new k8s.KubeRole(this, 'DiscoveryRole', {
        metadata: { name: workloadName, namespace, labels },
        // Exactly what kubernetes_provider.py calls: list/read pods (heartbeat) and list/watch pod events.
        rules: [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
        ],
      });
      this.roleBinding = new k8s.KubeRoleBinding(this, 'DiscoveryRoleBinding', {
        metadata: { name: workloadName, namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: workloadName },
        subjects: [{ kind: 'ServiceAccount', name: workloadName, namespace }],
      });
    }

    this.workload = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: pod.workloadMetadata(workloadName),
      spec: {
        replicas,
        selector: { matchLabels: this.podSelector },
        // Surge first: with one replica, the proxy stays up during a rollout.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: pod.template({
          affinity: spreadOverNodes(this.podSelector),
          ...mishardsPodParts({
            image, initImage, resources, waitTargets, configMapName, passwordSecret: { secretName: store.secretName, key: store.secretKey },
          }),
        }),
      },
    });

    this.podDisruptionBudget = disruptionBudget(this, 'DisruptionBudget', replicas, { name: workloadName, namespace, labels }, this.podSelector);

    const serviceAnnotations = {
      ...userServiceAnnotations,
      ...exposure.serviceAnnotations,
      ...(exposure.isPublic ? exemptionAnnotations('public-front-door') : {}),
    };
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: this.serviceName, namespace, labels, annotations: nonEmpty(serviceAnnotations) },
      spec: {
        type: exposure.serviceType,
        selector: this.podSelector,
        ports: [{
          name: 'shards',
          port: MISHARDS_PORT,
          protocol: 'TCP',
          targetPort: k8s.IntOrString.fromString('mishards'),
          nodePort: exposure.serviceType === ExposureType.NODE_PORT ? exposure.fixedNodePort : undefined,
        }],
        loadBalancerSourceRanges: exposure.serviceType === ExposureType.LOAD_BALANCER ? exposure.loadBalancerSourceRanges : undefined,
        loadBalancerIp: exposure.loadBalancerIp,
        externalTrafficPolicy: exposure.externalTrafficPolicy,
      },
    });
  }

  /**
   * The pods' controller under its former name.
   * @deprecated use `workload` (every part names its pods' controller `workload`)
   */
  public get deployment(): k8s.KubeDeployment {
    return this.workload;
  }
}

function timezoneName(tz: unknown): string {
  if (typeof tz !== 'string' || tz.length > 64 || !TZ_NAME.test(tz)) {
    throw new ValidationError('timezone', tz, 'must be a tz database name such as "UTC" or "Asia/Shanghai"');
  }
  return tz;
}

function readonlySelector(selector: Record<string, string> | undefined): Record<string, string> {
  if (selector === undefined || Object.keys(selector).length === 0) {
    throw new ValidationError('readonlyPodSelector', selector, 'Kubernetes discovery needs the labels of the readonly pods, including app.kubernetes.io/instance');
  }
  const out = check.labels('readonlyPodSelector', selector);
  if (!(LABEL_INSTANCE in out)) {
    throw new ValidationError('readonlyPodSelector', selector, `must include ${LABEL_INSTANCE} so that readonly pods of another release in the same namespace are never discovered`);
  }
  return out;
}

function nonEmpty(o: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}
