import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { NfsOnDelete, NfsProvisionerProps, NfsReclaimPolicy, VolumeBindingMode } from '../../src/storage';

/** Every optional prop set, so a new prop forces this scenario (and its golden file) to be updated. */
export const NFS_ALL_OPTIONS: Required<NfsProvisionerProps> = {
  server: 'nfs.storage.example.com',
  path: '/exports/milvus',
  releaseName: 'vectors',
  storageClassName: 'milvus-nfs',
  provisionerName: 'example.com/milvus-nfs',
  mountOptions: ['hard', 'nfsvers=4.1', 'local_lock=none'],
  defaultClass: false,
  reclaimPolicy: NfsReclaimPolicy.DELETE,
  onDelete: NfsOnDelete.RETAIN,
  archiveOnDelete: true,
  allowDataLoss: false,
  pathPattern: '${.PVC.namespace}/${.PVC.annotations.nfs.io/storage-path}',
  volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
  allowVolumeExpansion: false,
  image: 'registry.example.com/mirror/nfs-subdir-external-provisioner:v4.0.2',
  imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
  resources: { cpuRequest: '50m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '96Mi', ephemeralStorageRequest: '8Mi', ephemeralStorageLimit: '32Mi' },
  leaderElection: true,
  runAsNonRoot: true,
  runAsUser: 10001,
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' }],
  priorityClassName: 'system-cluster-critical',
  storageClassLabels: { tier: 'shared' },
  storageClassAnnotations: { 'example.com/owner': 'search-team' },
  networkPolicy: true,
  apiServerCidrs: ['10.96.0.1/32', '192.168.1.10/32'],
  apiServerPorts: [6443],
};
