/**
 * What is specific to a Milvus node's pod: the three init containers (wait for MySQL, prove
 * or check the shared volume, render `server_config.yaml`), the server container and their
 * volumes. The shared skeleton (ServiceAccount, security contexts, placement, annotations)
 * comes from `PodSkeleton`. Internal.
 */
import { k8s } from 'cdk8s-plus-28';
import { MilvusLogFiles } from './_log-settings';
import { LOG_CONTAINER, LOG_STATE_VOLUME_SPEC, logStreamerContainer } from './_log-streamer';
import { ownershipGuardContainer } from './_ownership-guard';
import {
  CONFIG_PATH, DATA_PATH, ENGINE_PORT, LOGS_PATH, RENDER_CONFIG, RENDER_MOUNTS, STORAGE_LOCK_PATH, WEB_PORT,
} from './_server-config';
import { tcpOpen, waitScript } from '../common/_init-scripts';
import { PartContainer, renderedFileVolume, renderStepMounts } from '../common/_pod-skeleton';
import { INIT_CONTAINER_RESOURCES, renderResources } from '../common/_resources';
import { NON_ROOT_ID, PodIdentity } from '../common/_security';
import type { MetaStoreFacts } from '../metastore/_mysql-checks';

/** Init containers that touch no owned files always run unprivileged. */
const WAITER: PodIdentity = { runAsNonRoot: true, runAsUser: NON_ROOT_ID, runAsGroup: NON_ROOT_ID };
/** The writable node's marker directory on the shared volume (the chart's `test/<release>.txt`). */
const MARKER_DIR = `${DATA_PATH}/test`;

const VOL = {
  data: 'milvus-data-disk',
  logs: 'milvus-logs-disk',
  template: RENDER_MOUNTS.template.volume,
  rendered: RENDER_MOUNTS.rendered.volume,
  secret: RENDER_MOUNTS.secret.volume,
  tmp: 'tmp',
} as const;

export interface NodePodInput {
  readonly writable: boolean;
  readonly image: string;
  readonly initImage: string;
  readonly resources: k8s.ResourceRequirements;
  readonly readOnlyRoot: boolean;
  /** File name of the writable node's marker, `<release>-milvus.txt`. */
  readonly marker: string;
  /** The checked metastore: where the pod connects and, for the ownership guard, as whom to which database. */
  readonly metaStore: Pick<MetaStoreFacts, 'host' | 'port' | 'secretName' | 'secretKey' | 'database' | 'user'>;
  readonly claimName: string;
  readonly configMapName: string;
  /** What the server logs where: its files (if any), whether it logs to stdout itself, the log volume's size. */
  readonly logs: { readonly files?: MilvusLogFiles; readonly toStdout: boolean; readonly sizeLimit: string };
  /** The ownership guard: its image and the release it guards for. */
  readonly guard: { readonly image: string; readonly namespace: string; readonly releaseName: string };
}

/**
 * The log container's resources: an init container's, with room on the node's disk for what the
 * kubelet keeps of its output, which is the server's whole log: 5 x 10Mi with the kubelet's
 * defaults, 1Gi for clusters that keep more (e.g. 20 x 50Mi). Going over the limit evicts the pod.
 */
const LOG_CONTAINER_RESOURCES = { ...INIT_CONTAINER_RESOURCES, ephemeralStorageRequest: '64Mi', ephemeralStorageLimit: '1Gi' };

/** /tmp of the Milvus container, disk-backed (it counts against the ephemeral-storage limit). */
export const NODE_TMP_SIZE_LIMIT = '1Gi';

export function nodePodParts(i: NodePodInput): {
  initContainers: PartContainer[]; containers: PartContainer[]; volumes: k8s.Volume[]; defaultContainer?: string;
} {
  const initResources = renderResources('initResources', undefined, INIT_CONTAINER_RESOURCES);
  const shell = (script: string) => ['sh', '-c', script];
  const markerPath = `${MARKER_DIR}/${i.marker}`;
  const dataMount = (readOnly: boolean): k8s.VolumeMount => ({ name: VOL.data, mountPath: DATA_PATH, readOnly });
  const init = (c: PartContainer): PartContainer => ({ ...c, image: i.initImage, resources: initResources });

  const waitForMysql = init({
    name: 'wait-for-mysql',
    command: shell(waitScript('wait-for-mysql', [{ what: `MySQL at ${i.metaStore.host}:${i.metaStore.port}`, until: tcpOpen(i.metaStore.host, i.metaStore.port) }])),
    identity: WAITER,
  });
  const sharedStorage = init(i.writable
    ? {
      // The writable node proves the shared volume is writable and leaves a mark for readonly nodes.
      name: 'create-for-share-storage',
      command: shell(waitScript('create-for-share-storage', [{ what: `write access to ${markerPath}`, until: `mkdir -p ${MARKER_DIR} && touch ${markerPath}` }])),
      volumeMounts: [dataMount(false)],
    }
    : {
      // Readonly nodes start only on the volume the writable node has initialised.
      name: 'check-for-share-storage',
      command: shell(waitScript('check-for-share-storage', [{ what: `${markerPath} from the writable node on the same volume`, until: `[ -f ${markerPath} ]` }])),
      volumeMounts: [dataMount(true)],
      identity: WAITER,
    });
  // Same identity as the server: it reads the 0440 Secret file and writes 0600 files the server reads.
  const renderConfig = init({
    name: 'render-config',
    command: shell(RENDER_CONFIG),
    volumeMounts: renderStepMounts(RENDER_MOUNTS),
  });

  const milvus: PartContainer = {
    name: 'milvus',
    image: i.image,
    ports: [
      { name: 'engine', containerPort: ENGINE_PORT, protocol: 'TCP' },
      { name: 'web', containerPort: WEB_PORT, protocol: 'TCP' },
    ],
    // Start-up can replay the WAL or wait on slow shared storage: allow 10 minutes.
    startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('engine') }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
    // Ready = the HTTP API answers (GET /state, milvus-io/milvus 0.10.x `core/src/server/web_impl/controller/WebController.hpp`);
    // alive = the gRPC port accepts connections.
    readinessProbe: { httpGet: { path: '/state', port: k8s.IntOrString.fromString('web'), scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('engine') }, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 5 },
    resources: i.resources,
    volumeMounts: [
      dataMount(false),
      { name: VOL.logs, mountPath: LOGS_PATH },
      { name: VOL.rendered, mountPath: CONFIG_PATH, subPath: 'server_config.yaml', readOnly: true },
      // With a read-only root, <storage.path>/lock (InstanceLockCheck) must be a writable file
      // (created by render-config, so the subPath mounts a file).
      ...(i.readOnlyRoot ? [{ name: VOL.rendered, mountPath: STORAGE_LOCK_PATH, subPath: 'lock' }] : []),
      { name: VOL.tmp, mountPath: '/tmp' },
    ],
    readOnlyRootFilesystem: i.readOnlyRoot,
  };

  // A server that writes files gets the log container: it streams them when the server does not
  // log to stdout itself (0.10), and removes earlier runs' files (src/milvus/_log-streamer.ts).
  const logStreamer = i.logs.files && logStreamerContainer({
    stream: i.logs.toStdout ? [] : i.logs.files.levels,
    image: i.initImage,
    resources: renderResources('logResources', undefined, LOG_CONTAINER_RESOURCES),
    identity: WAITER,
    logsVolume: VOL.logs,
  });

  const volumes: k8s.Volume[] = [
    { name: VOL.data, persistentVolumeClaim: { claimName: i.claimName } },
    // Per-pod logs: a shared logs volume mixes every pod's files (milvus-helm 0.10.0 `logsPersistence`: one RWX claim, one path).
    // Sized by the log budget (src/common/_log-budget.ts).
    { name: VOL.logs, emptyDir: { sizeLimit: k8s.Quantity.fromString(i.logs.sizeLimit) } },
    { name: VOL.template, configMap: { name: i.configMapName } },
    { name: VOL.secret, secret: { secretName: i.metaStore.secretName, items: [{ key: i.metaStore.secretKey, path: 'password' }], defaultMode: 0o440 } },
    renderedFileVolume(VOL.rendered),
    { name: VOL.tmp, emptyDir: { sizeLimit: k8s.Quantity.fromString(NODE_TMP_SIZE_LIMIT) } },
    ...(logStreamer ? [LOG_STATE_VOLUME_SPEC] : []),
  ];
  // The pod's identity (the default): it reads the 0440 Secret file and writes the owner mark, as the server does.
  const guard: PartContainer = ownershipGuardContainer({
    role: i.writable ? 'writable' : 'readonly',
    namespace: i.guard.namespace,
    releaseName: i.guard.releaseName,
    claimName: i.claimName,
    dataDir: DATA_PATH,
    passwordFile: `${RENDER_MOUNTS.secret.dir}/password`,
    workDir: RENDER_MOUNTS.rendered.dir,
    host: i.metaStore.host,
    port: i.metaStore.port,
    database: i.metaStore.database,
    user: i.metaStore.user,
  }, {
    image: i.guard.image,
    volumes: { data: VOL.data, secret: VOL.secret, work: VOL.rendered },
    secretDir: RENDER_MOUNTS.secret.dir,
    resources: initResources,
  });
  return {
    initContainers: [waitForMysql, sharedStorage, renderConfig, guard],
    containers: logStreamer ? [milvus, logStreamer] : [milvus],
    volumes,
    // `kubectl logs <pod>` shows the server log: its own output on 1.1, the streamed files on 0.10.
    defaultContainer: logStreamer && !i.logs.toStdout ? LOG_CONTAINER : undefined,
  };
}
