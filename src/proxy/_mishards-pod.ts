/**
 * What is specific to the Mishards pod: the dependency wait, the `.env` render step (the
 * image's own Python), the proxy container and their volumes. The shared skeleton comes from
 * `PodSkeleton`. Internal.
 */
import { k8s } from 'cdk8s-plus-28';
import { livenessCommand, PATHS, RENDER_MOUNTS, RENDER_SCRIPT } from './_mishards-config';
import { launcherScript } from './_mishards-launcher';
import { tcpOpen, waitScript } from '../common/_init-scripts';
import { PartContainer, renderedFileVolume, renderStepMounts } from '../common/_pod-skeleton';
import { INIT_CONTAINER_RESOURCES, renderResources } from '../common/_resources';
import { SecretKeyRef } from '../metastore/meta-store';

/** The port Mishards serves gRPC on, in the container and on the Service. */
export const MISHARDS_PORT = 19530;
/** /tmp holds Mishards's log files (LOG_PATH) and Python's temporary files. */
export const MISHARDS_TMP_SIZE_LIMIT = '1Gi';

const VOLUMES = {
  template: RENDER_MOUNTS.template.volume,
  password: RENDER_MOUNTS.secret.volume,
  rendered: RENDER_MOUNTS.rendered.volume,
  tmp: 'tmp',
} as const;

/** A dependency the wait-for-dependencies init container checks. */
export interface WaitTarget {
  readonly what: string;
  readonly host: string;
  readonly port: number;
}

export interface MishardsPodInput {
  readonly image: string;
  readonly initImage: string;
  readonly resources: k8s.ResourceRequirements;
  readonly waitTargets: WaitTarget[];
  readonly configMapName: string;
  readonly passwordSecret: SecretKeyRef;
}

export function mishardsPodParts(i: MishardsPodInput): { initContainers: PartContainer[]; containers: PartContainer[]; volumes: k8s.Volume[] } {
  const initResources = renderResources('initResources', undefined, INIT_CONTAINER_RESOURCES);
  const pythonEnv: k8s.EnvVar[] = [{ name: 'PYTHONDONTWRITEBYTECODE', value: '1' }];
  const waitContainer: PartContainer = {
    name: 'wait-for-dependencies',
    image: i.initImage,
    command: ['sh', '-c', waitScript('wait-for-dependencies', i.waitTargets.map(t => ({
      what: `${t.what} at ${t.host}:${t.port}`,
      until: tcpOpen(t.host, t.port),
    })))],
    resources: initResources,
  };
  const renderContainer: PartContainer = {
    name: 'render-env',
    // The Mishards image's own Python renders the file: no extra image, real URL-encoding.
    image: i.image,
    command: [
      'python', '-c', RENDER_SCRIPT,
      `${PATHS.templateDir}/${PATHS.templateKey}`,
      `${PATHS.passwordDir}/${PATHS.passwordFile}`,
      `${PATHS.renderedDir}/${PATHS.renderedFile}`,
    ],
    env: pythonEnv,
    resources: initResources,
    volumeMounts: renderStepMounts(RENDER_MOUNTS),
  };
  const mishardsContainer: PartContainer = {
    name: 'mishards',
    image: i.image,
    // The image's own CMD and WORKDIR, with bounded log files: never the chart's `pip install mysqlclient`.
    command: ['python', '-c', launcherScript(PATHS.logPath)],
    workingDir: '/source',
    env: pythonEnv,
    ports: [{ name: 'mishards', containerPort: MISHARDS_PORT, protocol: 'TCP' }],
    startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('mishards') }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
    readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('mishards') }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    livenessProbe: { exec: { command: livenessCommand(MISHARDS_PORT) }, periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 5 },
    resources: i.resources,
    volumeMounts: [
      { name: VOLUMES.rendered, mountPath: PATHS.envFile, subPath: PATHS.renderedFile, readOnly: true },
      { name: VOLUMES.tmp, mountPath: PATHS.tmp },
    ],
  };
  const volumes: k8s.Volume[] = [
    { name: VOLUMES.template, configMap: { name: i.configMapName, items: [{ key: PATHS.templateKey, path: PATHS.templateKey }] } },
    {
      name: VOLUMES.password,
      secret: { secretName: i.passwordSecret.secretName, items: [{ key: i.passwordSecret.key, path: PATHS.passwordFile }], defaultMode: 0o440 },
    },
    renderedFileVolume(VOLUMES.rendered),
    { name: VOLUMES.tmp, emptyDir: { sizeLimit: k8s.Quantity.fromString(MISHARDS_TMP_SIZE_LIMIT) } },
  ];
  return { initContainers: [waitContainer, renderContainer], containers: [mishardsContainer], volumes };
}
