/**
 * What every pod of the library shares, decided once: a dedicated ServiceAccount whose API
 * token is mounted only for pods that call the API, the pod and container security contexts,
 * no Service-link variables, the placement fields, the images' registry, pull policy and pull
 * secrets, and the annotations that roll pods on a config change (`checksum/config`) and carry
 * the accepted lint exemptions.
 *
 * A workload constructor hands over what is specific to its part (containers, volumes, its own
 * pod fields) and gets the ServiceAccount, the containers, the pod template and the workload's
 * metadata back. A release-wide pod setting (pull secrets, a registry, a pull policy) belongs
 * here, and nowhere else.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { configChecksum } from './_checksum';
import { exemptionAnnotations, LintExemptionId } from './_exemptions';
import { ResolvedImages, withRegistry } from './_images';
import { checkPodDisk } from './_log-budget';
import { podTemplateExemptions } from './_placement';
import { containerSecurityContext, PodIdentity, podSecurityContext } from './_security';
import { ImagePullPolicy } from './image-pull-policy';
import { PodPlacementOptions } from './pod-placement-options';

export interface PodSkeletonProps {
  /** Name of the ServiceAccount (usually the workload's name). */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Who the pod runs as (pod security context; containers repeat it unless they say otherwise). */
  readonly identity: PodIdentity;
  /** The pod calls the Kubernetes API: its ServiceAccount token is mounted. */
  readonly apiToken: boolean;
  /** Pull policy and secrets, and the registry prefix of every image (`resolveImages`). */
  readonly images: ResolvedImages;
  /** Validated scheduling fields. */
  readonly placement: PodPlacementOptions;
  /** Accepted exceptions to the manifest checklist, on the workload and (those that do not depend on the replica count) its pods. */
  readonly exemptions: LintExemptionId[];
  /** Rendered configuration the pods read only at start: its checksum rolls them when it changes. */
  readonly checksumOf?: string;
}

/** A container as its part describes it; the skeleton adds the pull policy and the security context. */
export interface PartContainer extends Omit<k8s.Container, 'imagePullPolicy' | 'securityContext'> {
  /** Identity of this container, when it differs from the pod's (e.g. an unprivileged waiter). */
  readonly identity?: PodIdentity;
  /** @default true */
  readonly readOnlyRootFilesystem?: boolean;
}

/** The pod fields a part decides (containers, volumes and its own settings). */
export type PartPodSpec = Omit<k8s.PodSpec, 'serviceAccountName' | 'automountServiceAccountToken' | 'enableServiceLinks' | 'securityContext'
| 'nodeSelector' | 'tolerations' | 'priorityClassName' | 'containers' | 'initContainers'> & {
  readonly containers: PartContainer[];
  readonly initContainers?: PartContainer[];
  /** The container `kubectl logs` and `kubectl exec` pick without `-c` (`kubectl.kubernetes.io/default-container`); default the first. */
  readonly defaultContainer?: string;
};

export class PodSkeleton {
  private readonly exemptionAnnotations: Record<string, string>;
  private readonly podExemptionAnnotations: Record<string, string>;

  public constructor(private readonly props: PodSkeletonProps) {
    // Pinned images pulled IfNotPresent (or Never) are a deliberate trade-off the linters are told about.
    const pullExemption: LintExemptionId[] = props.images.pullPolicy === ImagePullPolicy.ALWAYS ? [] : ['pinned-image-if-not-present'];
    this.exemptionAnnotations = exemptionAnnotations(...props.exemptions, ...pullExemption);
    // Scaling must not restart pods: what depends on the replica count stays off the pod template.
    this.podExemptionAnnotations = exemptionAnnotations(...podTemplateExemptions(props.exemptions), ...pullExemption);
  }

  /** The dedicated ServiceAccount; its token is mounted only when the pod calls the API. */
  public serviceAccount(scope: Construct, id = 'ServiceAccount'): k8s.KubeServiceAccount {
    return new k8s.KubeServiceAccount(scope, id, {
      metadata: { name: this.props.name, namespace: this.props.namespace, labels: this.props.labels },
      automountServiceAccountToken: this.props.apiToken,
    });
  }

  /** Metadata of the workload: its name, the labels and the exemptions. */
  public workloadMetadata(name: string): k8s.ObjectMeta {
    return { name, namespace: this.props.namespace, labels: this.props.labels, annotations: nonEmpty(this.exemptionAnnotations) };
  }

  /** The pod template: the part's containers and fields inside the shared skeleton. */
  public template(spec: PartPodSpec): k8s.PodTemplateSpec {
    const { containers, initContainers, defaultContainer, ...own } = spec;
    const p = this.props;
    // No pod is evicted for filling its node's disk (src/common/_log-budget.ts).
    checkPodDisk('resources.ephemeralStorageLimit', own.volumes ?? [], containers);
    const checksum: Record<string, string> = p.checksumOf === undefined ? {} : { 'checksum/config': configChecksum(p.checksumOf) };
    const logsOf: Record<string, string> = defaultContainer === undefined ? {} : { 'kubectl.kubernetes.io/default-container': defaultContainer };
    return {
      metadata: { labels: { ...p.labels }, annotations: nonEmpty({ ...checksum, ...logsOf, ...this.podExemptionAnnotations }) },
      spec: {
        serviceAccountName: p.name,
        automountServiceAccountToken: p.apiToken,
        // Service-link variables are noise to every image here, and could shadow settings read
        // from the environment (a Service named "mysql" injects MYSQL_PORT).
        enableServiceLinks: false,
        securityContext: podSecurityContext(p.identity),
        ...p.placement,
        ...own,
        // On every pod, so the dedicated ServiceAccounts need no patching for a private registry.
        imagePullSecrets: p.images.pullSecrets,
        initContainers: initContainers?.map(c => this.container(c)),
        containers: containers.map(c => this.container(c)),
      },
    };
  }

  private container(c: PartContainer): k8s.Container {
    const { identity, readOnlyRootFilesystem, ...container } = c;
    return {
      ...container,
      // Every image of the release, helpers included, comes through the registry prefix.
      image: container.image === undefined ? undefined : withRegistry(container.image, this.props.images.registry),
      imagePullPolicy: this.props.images.pullPolicy,
      securityContext: containerSecurityContext({ identity: identity ?? this.props.identity, readOnlyRootFilesystem }),
    };
  }
}

function nonEmpty(o: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

/** Where a file rendered at pod start comes from and goes: volume names and their directories. */
export interface RenderedFileMounts {
  readonly template: { readonly volume: string; readonly dir: string };
  readonly secret: { readonly volume: string; readonly dir: string };
  readonly rendered: { readonly volume: string; readonly dir: string };
}

/**
 * A config file that holds a password is rendered by an init container from a ConfigMap template
 * and a Secret file: both read-only, the output on a memory-backed volume (never the node's disk).
 */
export function renderStepMounts(m: RenderedFileMounts): k8s.VolumeMount[] {
  return [
    { name: m.template.volume, mountPath: m.template.dir, readOnly: true },
    { name: m.secret.volume, mountPath: m.secret.dir, readOnly: true },
    { name: m.rendered.volume, mountPath: m.rendered.dir },
  ];
}

/** The memory-backed volume a rendered file with a password is written to. */
export function renderedFileVolume(name: string): k8s.Volume {
  return { name, emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } };
}
