import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NODE_TMP_SIZE_LIMIT, nodePodParts } from './_node-pod';
import { DEFAULT_GUARD_IMAGE } from './_ownership-guard';
import { ENGINE_PORT, renderServerConfig, WEB_PORT } from './_server-config';
import { MilvusDataVolume } from './milvus-data-volume';
import { MilvusGpuOptions } from './milvus-gpu-options';
import { MilvusRole } from './milvus-role';
import { MilvusServerConfig } from './milvus-server-config';
import { MilvusVersion } from './milvus-version';
import { ProblemCollector } from '../common/_config-paths';
import { LintExemptionId } from '../common/_exemptions';
import { resolveImages } from '../common/_images';
import { selectorLabels, standardLabels } from '../common/_labels';
import { KUBELET_CONTAINER_LOG_BYTES, logBudget } from '../common/_log-budget';
import { helmFullname, requireNamespace } from '../common/_names';
import { claimExclusive } from '../common/_ownership';
import { disruptionBudget, placement, singleReplicaExemptions, spreadOverNodes } from '../common/_placement';
import { PodSkeleton } from '../common/_pod-skeleton';
import { renderResources, ResolvedResources } from '../common/_resources';
import { affinity } from '../common/_scheduling-checks';
import { rootUnlessOptedOut } from '../common/_security';
import * as check from '../common/_validators';
import { ContainerResources } from '../common/container-resources';
import { ImageOptions } from '../common/image-options';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { SelectablePods } from '../common/selectable-pods';
import { ValidationError } from '../common/validation-error';
import { checkMetaStore, MetaStoreFacts, metaStoreIdentity } from '../metastore/_mysql-checks';
import { IMetaStore } from '../metastore/meta-store';

/** Default resources of a Milvus node: the seed chart's `image.resources` plus ephemeral storage for logs. */
const NODE_RESOURCES: ResolvedResources = {
  cpuRequest: '1',
  cpuLimit: '2',
  memoryRequest: '4Gi',
  memoryLimit: '6Gi',
  // The log emptyDir and /tmp count against ephemeral storage (upstream logs rotate by size only).
  ephemeralStorageRequest: '1Gi',
  ephemeralStorageLimit: '8Gi',
};

/** Small pinned image for the init containers (busybox `nc`, `sed`, `tr` as in the chart's alpine:3.8). */
const DEFAULT_INIT_IMAGE = 'alpine:3.20.3';
/** The log volume of a 1.1 node that logs to standard output only (nothing is written there). */
const EMPTY_LOG_VOLUME_BYTES = 64 * 2 ** 20;


/**
 * Settings of a Milvus node that a user chooses; plain data, shared by `MilvusNodeProps`,
 * `MilvusCluster` (`writable`, `readonly`) and the CLI's config file.
 */
export interface MilvusNodeOptions extends PodPlacementOptions, ImageOptions {
  /**
   * Pods. The writable node runs exactly one: two writers on one data directory corrupt it
   * (milvus-io/milvus#5089); any other value is rejected.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * `server_config.yaml` settings.
   * @default - upstream defaults (timezone UTC+8, cache 4GB, WAL 256MB), bounded info-level logs
   */
  readonly config?: MilvusServerConfig;
  /**
   * Resources of the Milvus container.
   * @default - requests 1 CPU / 4Gi / 1Gi ephemeral, limits 2 CPUs / 6Gi / 8Gi ephemeral
   */
  readonly resources?: ContainerResources;
  /**
   * Milvus server image, pinned.
   * @default - the version's CPU image, or its GPU image when `gpu` is set
   */
  readonly image?: string;
  /**
   * Image for the init containers and, when the server writes log files, the `log` container
   * (needs busybox `sh`, `nc`, `sed`, `tr`, `tail -F`, `stat`, `sort`), pinned.
   * @default 'alpine:3.20.3'
   */
  readonly initImage?: string;
  /**
   * Image for the `ownership-guard` init container (needs `sh`, `mktemp` and the `mysql` client), pinned. It
   * records which release owns the data directory and the metastore database, and refuses another's.
   * @default - in a `MilvusCluster` on an in-cluster `MySql`: that MySQL's `image`; otherwise 'mysql:5.7.30'
   */
  readonly guardImage?: string;
  /**
   * Run on GPUs: GPU image, `nvidia.com/gpu` limit, runtime class and the `gpu` config section.
   * @default - CPU only
   */
  readonly gpu?: MilvusGpuOptions;
  /**
   * Affinity of the pods. Readonly nodes get a preferred anti-affinity on `kubernetes.io/hostname`
   * unless this sets `podAntiAffinity` (also with one replica, so scaling never changes the pod template).
   * @default - none (plus the readonly spreading above)
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Run Milvus as UID/GID 10001 instead of root. Readonly nodes only: the writable node checks
   * write access to `/var/lib/milvus` (root-owned inside the 0.10/1.1 images) and creates
   * `/var/lib/milvus/lock` at start (milvus-io/milvus core/src/server/init/StorageChecker.cpp,
   * InstanceLockCheck.cpp), so `true` is rejected for it. The images have no non-root user and
   * this mode is not verified upstream (milvus-io/milvus#2476): test it before production.
   * @default false - root, with every other restriction (no capabilities, no escalation, seccomp)
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Mount the Milvus container's root filesystem read-only (writable paths get emptyDirs).
   * Readonly nodes only: at start a writable node checks write access to `storage.path`
   * (`/var/lib/milvus`, inside the image) and exits on a read-only root
   * (`StorageChecker::CheckStoragePermission`). Not verified on a real cluster for readonly nodes.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** Properties of a `MilvusNode`: the options plus the release, role, version, metastore and data volume. */
export interface MilvusNodeProps extends MilvusNodeOptions {
  /** The release name; objects are named `<release>-milvus-<role>` like the seed chart's. */
  readonly releaseName: string;
  /** Writable (one StatefulSet pod) or readonly (a Deployment of N pods). */
  readonly role: MilvusRole;
  /** Milvus release: images and the config dialect. */
  readonly version: MilvusVersion;
  /** The MySQL metadata store (`general.meta_uri`); its password is read from its Secret at pod start. */
  readonly metaStore: IMetaStore;
  /** The shared ReadWriteMany data volume. */
  readonly dataVolume: MilvusDataVolume;
}

/**
 * One role of the Milvus vector nodes: the writable node (a 1-replica
 * StatefulSet `<release>-milvus-writable` with a headless Service) or the
 * readonly nodes (a Deployment `<release>-milvus-readonly` with a
 * PodDisruptionBudget), each with its ClusterIP Service (`engine` 19530,
 * `web` 19121), ServiceAccount and config template.
 *
 * `server_config.yaml` holds the MySQL password in `general.meta_uri`, so only a
 * template (password placeholder) goes into the ConfigMap `<...>-config`; the
 * `render-config` init container writes the real file into an in-memory
 * emptyDir from the metastore Secret. The pods roll when the template changes
 * (`checksum/config`).
 *
 * The node opens no network path itself: `MilvusCluster`'s traffic table admits it at an
 * in-cluster `MySql`; composing by hand, call `mysql.allowClients(node.podSelector)`.
 */
export class MilvusNode extends SelectablePods {
  /** The node's role. */
  public readonly role: MilvusRole;
  /** The ClusterIP Service's name: `<release>-milvus-writable` or `<release>-milvus-readonly`. */
  public readonly serviceName: string;
  /** gRPC port (`engine`). */
  public readonly enginePort: number = ENGINE_PORT;
  /** HTTP API port (`web`). */
  public readonly webPort: number = WEB_PORT;
  /** Labels that select this role's pods (for NetworkPolicies and discovery). */
  public readonly podSelector: Record<string, string>;
  /** The ClusterIP Service. */
  public readonly service: k8s.KubeService;
  /** The headless Service that governs the writable StatefulSet (`undefined` for readonly). */
  public readonly headlessService?: k8s.KubeService;
  /** The pods' controller: the StatefulSet (writable) or Deployment (readonly). */
  public readonly workload: ApiObject;
  /** The ConfigMap holding the config template (no password). */
  public readonly configMap: k8s.KubeConfigMap;
  /** The pods' dedicated ServiceAccount (no API token mounted). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The PodDisruptionBudget of the readonly nodes (`undefined` for the writable singleton). */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The rendered `server_config.yaml` template, with a placeholder instead of the password. */
  public readonly configTemplate: string;

  public constructor(scope: Construct, id: string, props: MilvusNodeProps) {
    super(scope, id);
    const namespace = requireNamespace(this);
    // Every prop is checked before anything is built, so one error lists every problem.
    const problems = new ProblemCollector();
    const c = <T>(build: () => T): T => problems.check(build);
    const release = c(() => check.dnsLabel('releaseName', props.releaseName));
    const role = c(() => check.oneOf('role', props.role, [MilvusRole.WRITABLE, MilvusRole.READONLY]) as MilvusRole);
    const writable = role === MilvusRole.WRITABLE;
    this.role = role;

    const version = props.version;
    c(() => {
      if (!version || typeof version.serverImage !== 'function' || typeof version.version !== 'string') {
        throw new ValidationError('version', version, 'use MilvusVersion.of("0.10.0"), a MilvusVersion constant or MilvusVersion.custom(...)');
      }
    });
    const ms = props.metaStore;
    const store = problems.attempt<Partial<MetaStoreFacts>>(() => checkMetaStore(ms), () => ({}));
    c(() => {
      if (!props.dataVolume || typeof props.dataVolume.claimName !== 'string') {
        throw new ValidationError('dataVolume', props.dataVolume, 'a MilvusDataVolume is required');
      }
    });

    const replicas = props.replicas ?? 1;
    c(() => {
      if (writable && replicas !== 1) {
        throw new ValidationError('replicas', replicas,
          'the writable node must run exactly 1 replica: two writers on one data directory and metadata store corrupt it (milvus-io/milvus#5089, #4381); scale readonly nodes instead');
      }
      check.integer('replicas', replicas, 1, 100);
    });

    // Names: the seed chart's, validated as the kinds that carry them.
    const fullname = release && helmFullname(release, 'milvus');
    const base = `${fullname}-${role}`;
    const headlessName = writable ? `${base}-headless` : undefined;
    const configMapName = `${base}-config`;
    c(() => release && role && check.derivedNames('releaseName', release, [
      ['Service', base], [writable ? 'StatefulSet' : 'Deployment', base], ...(headlessName ? [['Service', headlessName] as const] : []), ['ConfigMap', configMapName],
    ]));
    this.serviceName = base;
    const workloadName = base;

    // Resources first: the cache must fit below the memory limit.
    const resources = c(() => renderResources('resources', props.resources, NODE_RESOURCES));
    const memoryLimit = c(() => check.quantity('resources.memoryLimit', props.resources?.memoryLimit ?? NODE_RESOURCES.memoryLimit).value);
    const rendered = c(() => version && ms && renderServerConfig({
      role,
      version,
      config: props.config,
      gpu: props.gpu,
      memoryLimitBytes: memoryLimit,
      prop: 'config',
      metaStore: { user: ms.user, host: ms.host, port: ms.port, database: ms.database },
    }));
    const gpu = rendered?.gpuCount > 0;
    const runtimeClassName = props.gpu?.runtimeClassName === undefined ? undefined : c(() => check.dnsSubdomain('gpu.runtimeClassName', props.gpu!.runtimeClassName));
    const image = props.image === undefined ? c(() => version?.serverImage(gpu)) : c(() => check.pinnedImage('image', props.image));
    const initImage = c(() => check.orDefault('initImage', props.initImage, DEFAULT_INIT_IMAGE, check.pinnedImage));
    const images = c(() => resolveImages('', props));
    const guardImage = c(() => check.orDefault('guardImage', props.guardImage, DEFAULT_GUARD_IMAGE, check.pinnedImage));
    const podPlacement = problems.attempt<PodPlacementOptions>(() => placement('', props), () => ({}));
    const nonRoot = c(() => check.bool('runAsNonRoot', props.runAsNonRoot ?? false));
    const readOnlyRoot = c(() => check.bool('readOnlyRootFilesystem', props.readOnlyRootFilesystem ?? false));
    if (readOnlyRoot && writable) {
      problems.add(new ValidationError('readOnlyRootFilesystem', true, 'the writable node checks write access to storage.path (/var/lib/milvus, inside the image) at start and exits on a read-only root filesystem; only readonly nodes accept true'));
    }
    if (nonRoot && writable) {
      problems.add(new ValidationError('runAsNonRoot', true, 'the writable node cannot start as UID 10001: at start it checks write access to storage.path '
        + '(/var/lib/milvus, root-owned inside the image; StorageChecker.cpp) and creates /var/lib/milvus/lock (InstanceLockCheck.cpp); only readonly nodes accept true'));
    }
    // The log files fit their volume, and the volume and /tmp fit the ephemeral-storage limit.
    const logs = rendered && c(() => logBudget({
      rotation: rendered.logFiles?.rotation,
      emptyVolumeBytes: EMPTY_LOG_VOLUME_BYTES,
      containerLogBytes: KUBELET_CONTAINER_LOG_BYTES,
      otherVolumesBytes: check.quantity('tmp', NODE_TMP_SIZE_LIMIT).value,
      ephemeralLimitBytes: check.quantity('resources.ephemeralStorageLimit', props.resources?.ephemeralStorageLimit ?? NODE_RESOURCES.ephemeralStorageLimit).value,
      props: { keptRotations: 'config.logs.logRotateNum', maxFileSize: 'config.logs.maxLogFileSize', ephemeralLimit: 'resources.ephemeralStorageLimit' },
    }));
    const userAffinity = props.affinity === undefined ? undefined : c(() => affinity('affinity', props.affinity));
    problems.throwIfAny();

    this.configTemplate = rendered.template;
    if (gpu) {
      resources.limits!['nvidia.com/gpu'] = k8s.Quantity.fromNumber(rendered.gpuCount);
    }
    const labelSource = { name: 'milvus', instance: release, component: role, version: version.version };
    this.podSelector = selectorLabels(labelSource);
    const labels = standardLabels(labelSource);

    const exemptions: LintExemptionId[] = [];
    if (!nonRoot) { exemptions.push('image-runs-as-root'); }
    if (!readOnlyRoot) { exemptions.push('image-writes-root-fs'); }
    // The writable StatefulSet needs none: the PDB and anti-affinity checks start at 2 replicas.
    // A PDB and spreading start at 2 readonly replicas (one pod cannot both stay up and be drained).
    if (!writable) { exemptions.push(...singleReplicaExemptions(replicas)); }
    const pod = new PodSkeleton({
      name: base,
      namespace,
      labels,
      // Identity: root by default (the image has no user), 10001 on request.
      identity: rootUnlessOptedOut(nonRoot),
      // Milvus never calls the Kubernetes API.
      apiToken: false,
      images,
      placement: podPlacement,
      exemptions,
      checksumOf: rendered.template,
    });

    this.configMap = new k8s.KubeConfigMap(this, 'ConfigTemplate', {
      metadata: { name: configMapName, namespace, labels },
      data: { 'server_config.yaml': rendered.template },
    });
    this.serviceAccount = pod.serviceAccount(this);

    const ports: k8s.ServicePort[] = [
      { name: 'engine', port: ENGINE_PORT, targetPort: k8s.IntOrString.fromString('engine'), protocol: 'TCP' },
      { name: 'web', port: WEB_PORT, targetPort: k8s.IntOrString.fromString('web'), protocol: 'TCP' },
    ];
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: this.serviceName, namespace, labels },
      spec: { type: 'ClusterIP', selector: this.podSelector, ports },
    });
    if (headlessName) {
      this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
        metadata: { name: headlessName, namespace, labels },
        spec: { clusterIp: 'None', selector: this.podSelector, ports },
      });
    }

    const parts = nodePodParts({
      writable,
      image,
      initImage,
      resources,
      readOnlyRoot,
      marker: `${fullname}.txt`,
      metaStore: store as MetaStoreFacts,
      claimName: props.dataVolume.claimName,
      configMapName,
      logs: { files: rendered.logFiles, toStdout: rendered.logsToStdout, sizeLimit: logs.sizeLimit },
      guard: { image: guardImage, namespace, releaseName: release },
    });
    const template = pod.template({
      ...parts,
      terminationGracePeriodSeconds: 30,
      runtimeClassName,
      affinity: writable ? userAffinity : spreadOverNodes(this.podSelector, userAffinity),
    });
    const workloadMeta = pod.workloadMetadata(workloadName);

    if (writable) {
      // A StatefulSet, not a Deployment: it never starts a replacement while the old pod may still
      // run (a Deployment's Recreate does after an eviction), so there is at most one writer.
      this.workload = new k8s.KubeStatefulSet(this, 'Workload', {
        metadata: workloadMeta,
        spec: {
          replicas: 1,
          serviceName: headlessName!,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          selector: { matchLabels: this.podSelector },
          template,
        },
      });
    } else {
      this.workload = new k8s.KubeDeployment(this, 'Workload', {
        metadata: workloadMeta,
        spec: {
          replicas,
          // Surge before removing: search capacity never drops during a rollout.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
          selector: { matchLabels: this.podSelector },
          template,
        },
      });
      this.podDisruptionBudget = disruptionBudget(this, 'DisruptionBudget', replicas, { name: base, namespace, labels }, this.podSelector);
    }

    if (writable) { claimWrites(this, namespace, ms, props.dataVolume.claimName); }
  }
}

/** The writable node is the one writer of its metastore database and its data claim, app-wide (checked at synth). */
function claimWrites(node: MilvusNode, namespace: string, ms: IMetaStore, claimName: string): void {
  const store = metaStoreIdentity(ms, namespace);
  claimExclusive(node, {
    key: `metastore ${store}`,
    resource: `the metastore database ${store}`,
    prop: 'metaStore',
    share: 'give each cluster its own MySql, or its own database (MySqlOptions.database, ExternalMySqlProps.database)',
  });
  claimExclusive(node, {
    key: `claim ${namespace}/${claimName}`,
    resource: `the data claim "${claimName}" (namespace "${namespace}")`,
    prop: 'dataVolume',
    share: 'give each cluster its own MilvusDataVolume',
  });
}
