/**
 * The disk budget of a container that writes rotating log files into an emptyDir.
 *
 * The kubelet evicts a pod whose emptyDir outgrows its `sizeLimit`, or whose disk use
 * outgrows the containers' ephemeral-storage limits (kubernetes.io/docs/concepts/
 * configuration/manage-resources-containers/#local-ephemeral-storage). Logs must
 * therefore stay bounded at every step:
 *
 *   streams x (kept rotations + 1) x file size  <=  log volume sizeLimit
 *   log volume sizeLimit + the container's other disk volumes  <=  ephemeral-storage limit
 *
 * Both are checked here, once, for every workload that writes log files. What a container
 * writes to standard output counts too: the kubelet keeps it on the node's disk, up to
 * `containerLogMaxFiles` x `containerLogMaxSize` (defaults 5 x 10Mi,
 * kubernetes.io/docs/concepts/cluster-administration/logging/#log-rotation;
 * kubernetes/kubernetes#124333).
 */
import { k8s } from 'cdk8s-plus-28';
import { quantity } from './_validators';
import { propRef, ValidationError } from './validation-error';

const MIB = 2 ** 20;

/** What the kubelet keeps of one container's standard output with its default rotation (5 x 10Mi). */
export const KUBELET_CONTAINER_LOG_BYTES = 5 * 10 * MIB;

/** How a program rotates its log files. */
export interface LogRotation {
  /** Files written at the same time (e.g. one per enabled log level). */
  readonly streams: number;
  /** Rotated files kept per stream next to the one being written; 0 keeps every one (unbounded). */
  readonly keptRotations: number;
  /** Size in bytes at which a file is rotated. */
  readonly maxFileBytes: number;
}

/** The property paths the errors name (the user's keys). */
export interface LogBudgetProps {
  /** Where the number of kept rotations is set, e.g. `config.logs.logRotateNum`; `undefined` when fixed. */
  readonly keptRotations?: string;
  /** Where the file size is set, e.g. `config.logs.maxLogFileSize`; `undefined` when fixed. */
  readonly maxFileSize?: string;
  /** Where the container's ephemeral-storage limit is set, e.g. `resources.ephemeralStorageLimit`. */
  readonly ephemeralLimit: string;
}

export interface LogBudgetInput {
  /** The rotation; `undefined` when the program writes no log files. */
  readonly rotation?: LogRotation;
  /** The log volume's size when it is fixed (a volume shared with other files); `undefined` derives it from the rotation. */
  readonly volumeBytes?: number;
  /** The log volume's size when no files are written. */
  readonly emptyVolumeBytes: number;
  /** The container's other disk-backed emptyDirs (e.g. `/tmp`), in bytes. */
  readonly otherVolumesBytes: number;
  /** What the container's own standard output may take on the node (`KUBELET_CONTAINER_LOG_BYTES`). */
  readonly containerLogBytes: number;
  /** The container's ephemeral-storage limit in bytes. */
  readonly ephemeralLimitBytes: number;
  readonly props: LogBudgetProps;
}

export interface LogBudget {
  /** The log volume's `sizeLimit` in bytes (whole MiB). */
  readonly volumeBytes: number;
  /** The same as a Kubernetes quantity, e.g. `5125Mi`. */
  readonly sizeLimit: string;
  /** The most the rotation keeps on disk at once, in bytes. */
  readonly rotationBytes: number;
}

/**
 * Checks the chain rotation <= volume <= ephemeral limit and returns the log volume's size.
 * A file is rotated by the write that crosses its size, so each stream gets 1 MiB of headroom.
 */
export function logBudget(input: LogBudgetInput): LogBudget {
  const r = input.rotation;
  const { keptRotations, maxFileSize, ephemeralLimit } = input.props;
  // The rotation's own keys, when the user can set them (a fixed rotation is the library's own).
  const rotationProp = keptRotations ?? ephemeralLimit;
  if (r !== undefined && r.keptRotations === 0) {
    throw new ValidationError(rotationProp, 0,
      'must be at least 1: 0 keeps every rotated log file, so the logs grow until the kubelet evicts the pod');
  }
  const rotationBytes = r === undefined ? 0 : r.streams * (r.keptRotations + 1) * r.maxFileBytes;
  const needed = r === undefined ? 0 : rotationBytes + r.streams * MIB;
  if (r !== undefined && input.volumeBytes !== undefined && needed > input.volumeBytes) {
    const lower = maxFileSize === undefined ? '' : `; lower it or ${propRef(maxFileSize)}`;
    throw new ValidationError(rotationProp, r.keptRotations,
      `${describe(r)} need ${mib(needed)} but the log volume holds ${mib(input.volumeBytes)}${lower}`);
  }
  const volumeBytes = input.volumeBytes ?? (r === undefined ? input.emptyVolumeBytes : Math.ceil(needed / MIB) * MIB);
  const total = volumeBytes + input.otherVolumesBytes + input.containerLogBytes;
  if (total > input.ephemeralLimitBytes) {
    const logs = r === undefined ? `the log volume (${mib(volumeBytes)})` : `the log volume (${describe(r)}: ${mib(volumeBytes)})`;
    const keys = [keptRotations, maxFileSize].filter((k): k is string => k !== undefined).map(k => propRef(k));
    const lower = r === undefined || keys.length === 0 ? '' : `, or keep fewer or smaller log files (${keys.join(', ')})`;
    throw new ValidationError(ephemeralLimit, mib(input.ephemeralLimitBytes),
      `must hold ${logs}, the container's other volumes (${mib(input.otherVolumesBytes)}) and its own output as the kubelet keeps it `
      + `(${mib(input.containerLogBytes)}): at least ${mib(total)}; raise it${lower}`);
  }
  return { volumeBytes, sizeLimit: `${volumeBytes / MIB}Mi`, rotationBytes };
}

function describe(r: LogRotation): string {
  return `${r.streams} log file${r.streams > 1 ? 's' : ''} x ${r.keptRotations + 1} (current + ${r.keptRotations} rotated) x ${mib(r.maxFileBytes)}`;
}

function mib(bytes: number): string {
  return `${Math.ceil(bytes / MIB)}Mi`;
}

/**
 * The pod-level rule every pod follows (the pod skeleton checks it): its disk-backed emptyDirs
 * plus what the kubelet keeps of each container's output fit the sum of its containers'
 * ephemeral-storage limits, the figure the kubelet evicts the pod at. `prop` is the part's
 * main container's limit (what a user raises).
 */
export function checkPodDisk(prop: string, volumes: k8s.Volume[], containers: k8s.Container[]): void {
  const bytesOf = (q: k8s.Quantity | undefined) => (q === undefined ? 0 : quantity(prop, q.value).value);
  const onDisk = volumes.filter(v => v.emptyDir && v.emptyDir.medium !== 'Memory');
  const volumeBytes = onDisk.reduce((sum, v) => sum + bytesOf(v.emptyDir!.sizeLimit), 0);
  const outputBytes = containers.length * KUBELET_CONTAINER_LOG_BYTES;
  const limitBytes = containers.reduce((sum, c) => sum + bytesOf(c.resources?.limits?.['ephemeral-storage']), 0);
  if (volumeBytes + outputBytes > limitBytes) {
    const volumesText = onDisk.map(v => `${v.name} ${v.emptyDir!.sizeLimit?.value}`).join(', ');
    throw new ValidationError(prop, mib(limitBytes),
      `the pod's ephemeral-storage limits (${mib(limitBytes)} in all) must hold its volumes (${volumesText}) and what the kubelet keeps of its `
      + `containers' output (${containers.length} x ${mib(KUBELET_CONTAINER_LOG_BYTES)}): at least ${mib(volumeBytes + outputBytes)}; raise it`);
  }
}
