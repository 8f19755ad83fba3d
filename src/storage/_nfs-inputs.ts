/**
 * Every prop of `NfsProvisioner`, checked in one pass (one error lists every problem) and
 * resolved to what the construct renders. Internal: not exported from the barrel.
 */
import * as nfs from './_nfs-rules';
import { NfsOnDelete } from './nfs-on-delete';
import type { NfsProvisionerProps } from './nfs-provisioner';
import { NfsReclaimPolicy } from './nfs-reclaim-policy';
import { VolumeBindingMode } from './volume-binding-mode';
import { ProblemCollector } from '../common/_config-paths';
import { resolveImages } from '../common/_images';
import { helmFullname } from '../common/_names';
import { DEFAULT_API_SERVER_PORTS, dnsPeers } from '../common/_network';
import { placement } from '../common/_placement';
import { renderResources, ResolvedResources } from '../common/_resources';
import { PodIdentity } from '../common/_security';
import * as check from '../common/_validators';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { propRef, ValidationError } from '../common/validation-error';

/** The chart the tutorial installs; object names derive from it. */
export const CHART = 'nfs-client-provisioner';
const DEFAULT_IMAGE = 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2';
/** nobody: a UID with no files of its own, for non-root mode. */
const DEFAULT_NON_ROOT_UID = 65534;
const DEFAULT_RESOURCES: ResolvedResources = {
  cpuRequest: '100m',
  cpuLimit: '250m',
  memoryRequest: '64Mi',
  memoryLimit: '128Mi',
  ephemeralStorageRequest: '16Mi',
  // The 16Mi /tmp plus what the kubelet keeps of the provisioner's output (5 x 10Mi by default).
  ephemeralStorageLimit: '128Mi',
};

/** `NfsProvisionerProps`, checked, with the defaults applied. */
export type NfsInputs = ReturnType<typeof checkNfsProps>;

export function checkNfsProps(props: NfsProvisionerProps) {
  const problems = new ProblemCollector();
  const c = <T>(build: () => T): T => problems.check(build);
  const release = c(() => check.dnsLabel('releaseName', props.releaseName ?? 'nfs-client'));
  const fullname = release && helmFullname(release, CHART);
  c(() => fullname && derivedNames(release, fullname));
  const onDelete = props.onDelete === undefined ? undefined : c(() => check.oneOf('onDelete', props.onDelete, Object.values(NfsOnDelete)));
  const inputs = {
    server: c(() => check.host('server', props.server)),
    exportPath: c(() => check.absolutePath('path', props.path)),
    release,
    fullname,
    storageClassName: c(() => check.dnsSubdomain('storageClassName', props.storageClassName ?? nfs.DEFAULT_NFS_STORAGE_CLASS)),
    provisionerName: c(() => check.orDefault('provisionerName', props.provisionerName, `cluster.local/${fullname}`, nfs.provisionerName)),
    mountOptions: c(() => nfs.mountOptions('mountOptions', props.mountOptions)),
    defaultClass: c(() => check.bool('defaultClass', props.defaultClass ?? false)),
    reclaimPolicy: c(() => check.oneOf('reclaimPolicy', props.reclaimPolicy ?? NfsReclaimPolicy.RETAIN, Object.values(NfsReclaimPolicy))),
    onDelete,
    archiveOnDelete: c(() => check.bool('archiveOnDelete', props.archiveOnDelete ?? true)),
    allowDataLoss: c(() => check.bool('allowDataLoss', props.allowDataLoss ?? false)),
    pathPattern: props.pathPattern === undefined ? undefined : c(() => nfs.pathPattern('pathPattern', props.pathPattern)),
    volumeBindingMode: c(() => check.oneOf('volumeBindingMode', props.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE, Object.values(VolumeBindingMode))),
    allowVolumeExpansion: c(() => check.bool('allowVolumeExpansion', props.allowVolumeExpansion ?? true)),
    image: c(() => check.orDefault('image', props.image, DEFAULT_IMAGE, check.pinnedImage)),
    images: c(() => resolveImages('', props)),
    resources: c(() => renderResources('resources', props.resources, DEFAULT_RESOURCES)),
    leaderElection: c(() => check.bool('leaderElection', props.leaderElection ?? true)),
    identity: c(() => identity(props)),
    placement: problems.attempt<PodPlacementOptions>(() => placement('', props), () => ({})),
    storageClassLabels: c(() => check.labels('storageClassLabels', props.storageClassLabels)),
    storageClassAnnotations: c(() => check.annotations('storageClassAnnotations', props.storageClassAnnotations)),
    networkPolicy: c(() => check.bool('networkPolicy', props.networkPolicy ?? true)),
    apiServerCidrs: props.apiServerCidrs?.map((cidr, i) => c(() => check.cidr(`apiServerCidrs[${i}]`, cidr))),
    apiServerPorts: (props.apiServerPorts ?? DEFAULT_API_SERVER_PORTS).map((p, i) => c(() => check.port(`apiServerPorts[${i}]`, p))),
    dnsPeers: c(() => dnsPeers('dns', props.dns)),
  };
  c(() => dataLossRules(inputs));
  problems.throwIfAny();
  return inputs;
}

/** Erasing a volume's files needs an explicit opt-in (`allowDataLoss`); `pathPattern` must not make the provisioner miss or delete the wrong directory. */
interface DataLossInputs {
  readonly onDelete?: NfsOnDelete;
  readonly archiveOnDelete: boolean;
  readonly allowDataLoss: boolean;
  readonly reclaimPolicy: NfsReclaimPolicy;
  readonly pathPattern?: string;
}

function dataLossRules(i: DataLossInputs): void {
  const optIn = `set ${propRef('allowDataLoss')}: true to accept that`;
  if (i.onDelete === NfsOnDelete.DELETE && !i.allowDataLoss) {
    throw new ValidationError('onDelete', i.onDelete, `deletes the volume's files when its claim is deleted; ${optIn}, or use "${NfsOnDelete.RETAIN}"`);
  }
  if (!i.archiveOnDelete && !i.allowDataLoss) {
    throw new ValidationError('archiveOnDelete', i.archiveOnDelete, `false deletes the volume's files when its claim is deleted; ${optIn}, or keep archiving (true)`);
  }
  // The provisioner's delete step runs only with reclaim Delete and without onDelete=retain.
  const deleteStepRuns = i.reclaimPolicy === NfsReclaimPolicy.DELETE && i.onDelete !== NfsOnDelete.RETAIN;
  const removes = i.onDelete === NfsOnDelete.DELETE || !i.archiveOnDelete;
  const instead = `use ${propRef('reclaimPolicy')} "${NfsReclaimPolicy.RETAIN}" or ${propRef('onDelete')} "${NfsOnDelete.RETAIN}"`;
  if (i.pathPattern !== undefined && deleteStepRuns && !removes) {
    throw new ValidationError('pathPattern', i.pathPattern, `cannot be combined with archiving (reclaimPolicy "${NfsReclaimPolicy.DELETE}" with archiveOnDelete and no onDelete): the provisioner then misses the directory (nfs-subdir-external-provisioner#91, #167); ${instead}`);
  }
  if (i.pathPattern !== undefined && deleteStepRuns && removes && i.pathPattern.includes('/')) {
    throw new ValidationError('pathPattern', i.pathPattern, `cannot contain "/" while deleted volumes are removed: v4.0.2 deletes only the last path segment under the export root, which may be another volume's directory; use a single-segment pattern, or ${instead}`);
  }
}

function identity(props: NfsProvisionerProps): PodIdentity {
  const runAsNonRoot = check.bool('runAsNonRoot', props.runAsNonRoot ?? false);
  if (!runAsNonRoot) {
    if (props.runAsUser !== undefined) {
      throw new ValidationError('runAsUser', props.runAsUser, `only applies with ${propRef('runAsNonRoot')}: true`);
    }
    return { runAsNonRoot: false };
  }
  const uid = check.integer('runAsUser', props.runAsUser ?? DEFAULT_NON_ROOT_UID, 1, 2147483647);
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid };
}

/** The names derived from `<release>-nfs-client-provisioner`, valid for their kinds. */
export function nfsNames(fullname: string) {
  return {
    deployment: fullname,
    serviceAccount: fullname,
    clusterRole: `${fullname}-runner`,
    clusterRoleBinding: `run-${fullname}`,
    leaderLocking: `leader-locking-${fullname}`,
    pv: `pv-${fullname}`,
    pvc: `pvc-${fullname}`,
  };
}

function derivedNames(release: string, fullname: string): void {
  const n = nfsNames(fullname);
  check.derivedNames('releaseName', release, [
    ['Deployment', n.deployment], ['ServiceAccount', n.serviceAccount], ['ClusterRole', n.clusterRole],
    ['ClusterRoleBinding', n.clusterRoleBinding], ['Role', n.leaderLocking], ['PersistentVolume', n.pv], ['PersistentVolumeClaim', n.pvc],
  ]);
}
