import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SMOKE_TEST_SCRIPT } from './_smoke-test-script';
import { configChecksum } from '../common/_checksum';
import { resolveImages } from '../common/_images';
import { selectorLabels, standardLabels } from '../common/_labels';
import { helmFullname, requireNamespace } from '../common/_names';
import { placement } from '../common/_placement';
import { PodSkeleton } from '../common/_pod-skeleton';
import { renderResources, ResolvedResources } from '../common/_resources';
import { rootUnlessOptedOut } from '../common/_security';
import * as check from '../common/_validators';
import { ContainerResources } from '../common/container-resources';
import { ImageOptions } from '../common/image-options';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { SelectablePods } from '../common/selectable-pods';
import { ValidationError } from '../common/validation-error';
import { MilvusVersion } from '../milvus/milvus-version';

/** Settings of the smoke test a user chooses (the composition wires the rest). */
export interface MilvusSmokeTestOptions extends PodPlacementOptions, ImageOptions {
  /**
   * Image with Python and the pymilvus client of the release, pinned.
   * @default - the Mishards image of `version` (it carries the matching pymilvus, so the test runs offline)
   */
  readonly image?: string;
  /**
   * Resources of the test container.
   * @default - requests 100m CPU, 256Mi memory, 64Mi ephemeral storage; limits 1 CPU, 512Mi memory, 256Mi ephemeral storage
   */
  readonly resources?: ContainerResources;
  /**
   * How long the test keeps trying to reach Mishards before it fails (the cluster may still be starting).
   * @default 600
   */
  readonly connectTimeoutSeconds?: number;
  /**
   * Seconds after which a test still running is stopped and the Job failed.
   * @default 1200
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Delete the finished Job (and its pod and logs) this many seconds after it ends; the next
   * `kubectl apply` then runs the test again. (A changed test needs no TTL: its Job has a new name.)
   * @default - kept until deleted
   */
  readonly ttlSecondsAfterFinished?: number;
}

/** Properties of the smoke test: the user's options plus where Mishards is. */
export interface MilvusSmokeTestProps extends MilvusSmokeTestOptions {
  /** The release name: objects are named `<release>-milvus-smoke-test` (the Job with a hash of its spec appended). */
  readonly releaseName: string;
  /** The Milvus release (its Mishards image carries the matching pymilvus). */
  readonly version: MilvusVersion;
  /** The Mishards Service the test connects to, as an external client does (`<release>-milvus`). */
  readonly host: string;
  /**
   * The Mishards Service port.
   * @default 19530
   */
  readonly port?: number;
}

const SCRIPT_KEY = 'smoke_test.py';
const SCRIPT_DIR = '/etc/smoke-test';
const DEFAULT_RESOURCES: ResolvedResources = {
  cpuRequest: '100m',
  cpuLimit: '1',
  memoryRequest: '256Mi',
  memoryLimit: '512Mi',
  ephemeralStorageRequest: '64Mi',
  ephemeralStorageLimit: '256Mi',
};

/**
 * An in-cluster smoke test of a Milvus cluster (what `helm test` would be): a Job that connects
 * through the Mishards Service exactly as an external client does, creates a collection of its
 * own, inserts vectors, flushes, builds an index, checks that every vector finds itself, drops
 * the collection and exits 0, or exits 1 with the step that failed (`kubectl logs`).
 *
 * It runs in the Mishards image (its pymilvus matches the release, no download), as a non-root
 * user with its own ServiceAccount and no API token. The release's NetworkPolicies let it reach
 * Mishards and nothing else.
 */
export class MilvusSmokeTest extends SelectablePods {
  /** Labels that select the test's pods. */
  public readonly podSelector: Record<string, string>;
  /**
   * The Job, `<release>-milvus-smoke-test-<8 hex digits of the sha256 of its spec and program>`: a
   * Job's pod template is immutable, so a changed test (image, resources, placement, ...) is a new
   * Job, which `kubectl apply` creates while the ApplySet prune removes the old one.
   */
  public readonly job: k8s.KubeJob;
  /** The ConfigMap holding the test program. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The test's own ServiceAccount (no API token). */
  public readonly serviceAccount: k8s.KubeServiceAccount;

  public constructor(scope: Construct, id: string, props: MilvusSmokeTestProps) {
    super(scope, id);
    const namespace = requireNamespace(this);
    const release = check.dnsLabel('releaseName', props.releaseName);
    if (typeof props.version?.mishardsImage !== 'string') {
      throw new ValidationError('version', props.version, 'must be a MilvusVersion, e.g. MilvusVersion.V0_10_0');
    }
    const name = `${helmFullname(release, 'milvus')}-smoke-test`;
    check.derivedNames('releaseName', release, [['Job', name]]);
    const image = check.pinnedImage('image', props.image ?? props.version.mishardsImage);
    const images = resolveImages('', props);
    const host = check.host('host', props.host);
    const port = check.port('port', props.port ?? 19530);
    const connectTimeout = check.integer('connectTimeoutSeconds', props.connectTimeoutSeconds ?? 600, 1, 86400);
    const deadline = check.integer('activeDeadlineSeconds', props.activeDeadlineSeconds ?? 1200, 60, 86400);
    if (deadline <= connectTimeout) {
      throw new ValidationError('activeDeadlineSeconds', deadline, `must be longer than connectTimeoutSeconds (${connectTimeout}), or the Job is stopped while the test still waits for Mishards`);
    }
    const ttl = props.ttlSecondsAfterFinished === undefined ? undefined : check.integer('ttlSecondsAfterFinished', props.ttlSecondsAfterFinished, 0, 31536000);
    const podPlacement = placement('', props);
    const resources = renderResources('resources', props.resources, DEFAULT_RESOURCES);

    this.podSelector = selectorLabels({ name: 'milvus', instance: release, component: 'smoke-test' });
    const labels = standardLabels({ name: 'milvus', instance: release, component: 'smoke-test', version: props.version.version });

    this.configMap = new k8s.KubeConfigMap(this, 'Script', {
      metadata: { name, namespace, labels },
      data: { [SCRIPT_KEY]: SMOKE_TEST_SCRIPT },
    });
    // The shared pod skeleton: own ServiceAccount without a token, hardened contexts, no Service links.
    // The client needs no root (it only reads the image's site-packages), so it runs as UID 10001.
    const pod = new PodSkeleton({
      name,
      namespace,
      labels,
      identity: rootUnlessOptedOut(true),
      apiToken: false,
      images,
      placement: podPlacement,
      // A Job's container runs to completion: a probe could only restart it mid-test.
      exemptions: ['runs-to-completion'],
    });
    this.serviceAccount = pod.serviceAccount(this);
    const spec: k8s.JobSpec = {
      // One retry in a new pod: a node lost mid-test is not a failed cluster.
      backoffLimit: 1,
      activeDeadlineSeconds: deadline,
      ttlSecondsAfterFinished: ttl,
      template: pod.template({
        restartPolicy: 'Never',
        containers: [{
          name: 'smoke-test',
          image,
          command: ['python', `${SCRIPT_DIR}/${SCRIPT_KEY}`],
          env: [
            { name: 'MILVUS_HOST', value: host },
            { name: 'MILVUS_PORT', value: String(port) },
            { name: 'SMOKE_CONNECT_TIMEOUT_SECONDS', value: String(connectTimeout) },
            { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
            { name: 'HOME', value: '/tmp' },
          ],
          resources,
          volumeMounts: [
            { name: 'script', mountPath: SCRIPT_DIR, readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        }],
        volumes: [
          { name: 'script', configMap: { name, defaultMode: 0o444 } },
          { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
        ],
      }),
    };
    this.job = new k8s.KubeJob(this, 'Job', { metadata: pod.workloadMetadata(jobName(name, spec)), spec });
  }
}

/**
 * `<name>-<hash>`: the hash covers everything the Job runs (its spec, and the program its ConfigMap
 * holds), so the same test keeps its name and a changed one gets a new name. The name stays
 * within 63 characters, the limit of the `job-name` label Kubernetes puts on its pods.
 */
function jobName(name: string, spec: k8s.JobSpec): string {
  const hash = configChecksum(JSON.stringify({ spec, program: SMOKE_TEST_SCRIPT })).slice(0, 8);
  return `${name.slice(0, 63 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
