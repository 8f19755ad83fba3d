/**
 * Pod and container security contexts. Every container this library renders goes
 * through `containerSecurityContext`, so the controls of the manifest checklist
 * (rows 2-9 of test/verification/checklist.ts) are decided in one place.
 */
import { k8s } from 'cdk8s-plus-28';

export interface PodIdentity {
  /** UID the containers run as; `undefined` keeps the image's user (only for images that need root). */
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes (not applied to NFS volumes). */
  readonly fsGroup?: number;
  /** Whether the kubelet must refuse to start a container as UID 0. */
  readonly runAsNonRoot: boolean;
}

/** UID/GID of the opt-in non-root mode of images that have no user of their own (Milvus, Mishards). */
export const NON_ROOT_ID = 10001;

/** Root as the image expects (every other restriction stays), or UID/GID 10001 when the user opts in. */
export function rootUnlessOptedOut(runAsNonRoot: boolean): PodIdentity {
  return runAsNonRoot
    ? { runAsNonRoot: true, runAsUser: NON_ROOT_ID, runAsGroup: NON_ROOT_ID, fsGroup: NON_ROOT_ID }
    : { runAsNonRoot: false };
}

/** Pod-level security context: seccomp RuntimeDefault always, identity per image. */
export function podSecurityContext(id: PodIdentity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: id.runAsNonRoot,
    runAsUser: id.runAsUser,
    runAsGroup: id.runAsGroup,
    fsGroup: id.fsGroup,
    // Skip the recursive chown on every start once ownership is right (large volumes).
    fsGroupChangePolicy: id.fsGroup !== undefined ? 'OnRootMismatch' : undefined,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface ContainerHardening {
  /** @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** Repeat the pod's identity on the container (linters read container contexts). */
  readonly identity?: PodIdentity;
}

/** Container-level context: no privilege, no escalation, all capabilities dropped, seccomp RuntimeDefault. */
export function containerSecurityContext(opts: ContainerHardening = {}): k8s.SecurityContext {
  return {
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
    runAsNonRoot: opts.identity?.runAsNonRoot,
    runAsUser: opts.identity?.runAsUser,
    runAsGroup: opts.identity?.runAsGroup,
  };
}
