import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CHART, checkNfsProps, nfsNames } from './_nfs-inputs';
import { NfsOnDelete } from './nfs-on-delete';
import { NfsReclaimPolicy } from './nfs-reclaim-policy';
import { IStorageClass } from './storage-class-ref';
import { VolumeBindingMode } from './volume-binding-mode';
import { LintExemptionId } from '../common/_exemptions';
import { imageTag, standardLabels, selectorLabels, LabelSource } from '../common/_labels';
import { clusterScoped, requireNamespace } from '../common/_names';
import { apiServerPath, dnsPath } from '../common/_network';
import { PodSkeleton } from '../common/_pod-skeleton';
import { PodGroup, pods, renderPolicies } from '../common/_traffic';
import { ContainerResources } from '../common/container-resources';
import { DnsEgressOptions } from '../common/dns-egress-options';
import { ImageOptions } from '../common/image-options';
import { PodPlacementOptions } from '../common/pod-placement-options';

/** Properties of `NfsProvisioner`. Errors name them by these prop names. */
export interface NfsProvisionerProps extends PodPlacementOptions, ImageOptions {
  /** The NFS server: an IPv4 or IPv6 address or a DNS name, e.g. `192.168.1.31`. */
  readonly server: string;

  /** The exported directory on the server, an absolute path such as `/nfs`. */
  readonly path: string;

  /**
   * Helm-style release name; object names derive from it as the tutorial's chart
   * did (`<release>-nfs-client-provisioner`).
   * @default 'nfs-client'
   */
  readonly releaseName?: string;

  /**
   * Name of the StorageClass to create.
   * @default 'nfs-client'
   */
  readonly storageClassName?: string;

  /**
   * The provisioner name linking the StorageClass to this provisioner. Keep the
   * tutorial's value so volumes it provisioned stay managed.
   * @default `cluster.local/<release>-nfs-client-provisioner`
   */
  readonly provisionerName?: string;

  /**
   * NFS mount options for the export root and every provisioned volume, e.g.
   * `['rw', 'nfsvers=3']`. `nolock`, `local_lock=posix` and `local_lock=all` are
   * rejected: they make `fcntl` locks client-local and defeat Milvus's writer lock
   * (`local_lock=none` and `local_lock=flock` are accepted).
   * @default - none (the kubelet's defaults)
   */
  readonly mountOptions?: string[];

  /**
   * Mark the StorageClass as the cluster's default (`storageclass.kubernetes.io/is-default-class`).
   * @default false
   */
  readonly defaultClass?: boolean;

  /**
   * StorageClass `reclaimPolicy`. With `RETAIN` a deleted claim leaves its PV
   * `Released` and its directory untouched.
   * @default NfsReclaimPolicy.RETAIN
   */
  readonly reclaimPolicy?: NfsReclaimPolicy;

  /**
   * StorageClass parameter `onDelete` (only acts with `reclaimPolicy: DELETE`;
   * overrides `archiveOnDelete`). `DELETE` needs `allowDataLoss`.
   * @default - unset (`archiveOnDelete` decides)
   */
  readonly onDelete?: NfsOnDelete;

  /**
   * StorageClass parameter `archiveOnDelete`: rename a deleted volume's directory
   * to `archived-<dir>` instead of removing it. `false` needs `allowDataLoss`.
   * @default true
   */
  readonly archiveOnDelete?: boolean;

  /**
   * Explicit opt-in to settings that erase a volume's files when its claim is
   * deleted (`onDelete: DELETE`, `archiveOnDelete: false`).
   * @default false
   */
  readonly allowDataLoss?: boolean;

  /**
   * StorageClass parameter `pathPattern`: the directory of each volume, from
   * `${.PVC.namespace}`, `${.PVC.name}`, `${.PVC.labels.<key>}`, `${.PVC.annotations.<key>}`.
   * Rejected while deleted volumes are archived (the provisioner then misses the
   * directory, nfs-subdir-external-provisioner#91), and with sub-directories
   * while deleted volumes are removed (v4.0.2 resolves only the last segment).
   * @default - unset (`<namespace>-<pvcName>-<pvName>`)
   */
  readonly pathPattern?: string;

  /**
   * StorageClass `volumeBindingMode`, always rendered.
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * StorageClass `allowVolumeExpansion`. NFS does not enforce capacity, so expanding only updates the claim.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * Provisioner image, pinned to a tag or digest.
   * @default 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2'
   */
  readonly image?: string;

  /**
   * Resources of the provisioner container; fields left out keep their default.
   * @default - cpu 100m/250m, memory 64Mi/128Mi, ephemeral-storage 16Mi/128Mi (request/limit)
   */
  readonly resources?: ContainerResources;

  /**
   * Leader election between provisioner pods (`ENABLE_LEADER_ELECTION`). Keep it:
   * a Deployment does not guarantee that only one pod runs; without it no Role is created.
   * @default true
   */
  readonly leaderElection?: boolean;

  /**
   * Run the provisioner as a non-root user. Off by default: the provisioner creates,
   * renames and removes directories on the export root and inside volumes written by
   * other UIDs, which fails with "permission denied" unless the export is prepared
   * for that user (nfs-subdir-external-provisioner#34, #98, #376).
   * @default false
   */
  readonly runAsNonRoot?: boolean;

  /**
   * UID (and GID) to run as when `runAsNonRoot` is true; the export root must be writable by it.
   * @default 65534 when runAsNonRoot is true, otherwise the image's user (root)
   */
  readonly runAsUser?: number;

  /**
   * Extra labels on the StorageClass.
   * @default - only the standard labels
   */
  readonly storageClassLabels?: Record<string, string>;

  /**
   * Extra annotations on the StorageClass.
   * @default - only the default-class annotation when `defaultClass` is true
   */
  readonly storageClassAnnotations?: Record<string, string>;
  /**
   * Render a NetworkPolicy for the provisioner pod: no ingress, egress to DNS and the API server
   * only (the kubelet, not the pod, mounts NFS).
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * CIDR blocks of the Kubernetes API server, for the NetworkPolicy's egress.
   * @default - the API server ports to any address
   */
  readonly apiServerCidrs?: string[];
  /**
   * Ports of the Kubernetes API server, for the NetworkPolicy's egress.
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
  /**
   * Where the provisioner sends DNS queries (its NetworkPolicy's egress).
   * @default - the kube-dns / CoreDNS pods in kube-system and NodeLocal DNSCache at 169.254.20.10
   */
  readonly dns?: DnsEgressOptions;
}

/** Where the provisioner expects the export root (fixed in `provisioner.go`). */
const MOUNT_PATH = '/persistentvolumes';
const ROOT_VOLUME = 'nfs-client-root';
const TMP_VOLUME = 'tmp';
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** Label on the static root PV that the root PVC selects, as the tutorial's chart sets it. */
const ROOT_PV_LABEL = 'nfs-client-provisioner';

/**
 * The NFS client provisioner of the tutorial (chart `nfs-client-provisioner`),
 * rebuilt on the maintained `nfs-subdir-external-provisioner` image: a
 * ServiceAccount, least-privilege RBAC, a hardened single-replica Deployment that
 * mounts the export root through a static PV + PVC, and the StorageClass that
 * gives Milvus its ReadWriteMany volumes.
 *
 * Object names match the tutorial's Helm release (`nfs-client` by default), and so
 * does the provisioner name, so volumes it already provisioned stay managed.
 */
export class NfsProvisioner extends Construct {
  /** The StorageClass for the Milvus volumes (ReadWriteMany). */
  public readonly storageClass: IStorageClass;
  /** The provisioner name, e.g. `cluster.local/nfs-client-nfs-client-provisioner`. */
  public readonly provisionerName: string;
  /** Labels that select the provisioner pod (for NetworkPolicies). */
  public readonly podSelector: Record<string, string>;
  /** `<release>-nfs-client-provisioner`: the name of the Deployment and the ServiceAccount. */
  public readonly fullname: string;
  /** The pods' controller: the provisioner Deployment. */
  public readonly workload: k8s.KubeDeployment;
  /** The provisioner's ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Cluster-wide permissions on PVs, PVCs, StorageClasses, nodes and events. */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** Binds `clusterRole` to the ServiceAccount. */
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  /** Leader-election permissions (Endpoints in this namespace); undefined without leader election. */
  public readonly leaderElectionRole?: k8s.KubeRole;
  /** Binds `leaderElectionRole` to the ServiceAccount; undefined without leader election. */
  public readonly leaderElectionRoleBinding?: k8s.KubeRoleBinding;
  /** Static PV for the export root (cluster-scoped, reclaim Retain). */
  public readonly rootVolume: k8s.KubePersistentVolume;
  /** Claim on `rootVolume`, mounted by the provisioner at `/persistentvolumes`. */
  public readonly rootVolumeClaim: k8s.KubePersistentVolumeClaim;
  /** The StorageClass object. */
  public readonly storageClassResource: k8s.KubeStorageClass;
  /** The provisioner's NetworkPolicy (no ingress; DNS and API server egress); undefined when disabled. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  public constructor(scope: Construct, id: string, props: NfsProvisionerProps) {
    super(scope, id);
    const namespace = requireNamespace(this);
    const inputs = checkNfsProps(props);
    const {
      server, exportPath, release, fullname, storageClassName, provisionerName, mountOptions, defaultClass, reclaimPolicy, onDelete,
      archiveOnDelete, pathPattern, volumeBindingMode, allowVolumeExpansion, image, images, resources, leaderElection, identity,
      storageClassLabels: scLabels, storageClassAnnotations: scAnnotations,
    } = inputs;
    this.fullname = fullname;
    this.provisionerName = provisionerName;
    const names = nfsNames(fullname);

    const labelSource: LabelSource = { name: CHART, instance: release, component: 'provisioner', version: imageTag(image), partOf: 'milvus' };
    // `app` and `release` are the seed chart's labels; the tutorial runs `kubectl get po -l app=nfs-client-provisioner`.
    const labels = standardLabels(labelSource, { app: CHART, release });
    this.podSelector = selectorLabels(labelSource);

    const exemptions: LintExemptionId[] = ['singleton-by-design', 'no-health-endpoint', 'api-client-token'];
    if (!identity.runAsNonRoot) { exemptions.push('nfs-export-needs-root'); }
    const pod = new PodSkeleton({
      name: names.serviceAccount,
      namespace,
      labels,
      identity,
      // The provisioner watches claims and creates volumes through the API.
      apiToken: true,
      images,
      placement: inputs.placement,
      exemptions,
    });

    // ---- RBAC ------------------------------------------------------------------
    this.serviceAccount = pod.serviceAccount(this);

    // Exactly the rules of kubernetes-sigs/nfs-subdir-external-provisioner v4.0.2 `deploy/rbac.yaml`; one rule per resource.
    this.clusterRole = clusterScoped(new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: names.clusterRole, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
      ],
    }));

    const subject: k8s.Subject = { kind: 'ServiceAccount', name: names.serviceAccount, namespace };
    this.clusterRoleBinding = clusterScoped(new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: names.clusterRoleBinding, labels },
      subjects: [subject],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.clusterRole },
    }));

    if (leaderElection) {
      // sig-storage-lib-external-provisioner v6 (client-go 0.18) locks on Endpoints, not Leases.
      this.leaderElectionRole = new k8s.KubeRole(this, 'LeaderLockingRole', {
        metadata: { name: names.leaderLocking, namespace, labels },
        rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }],
      });
      this.leaderElectionRoleBinding = new k8s.KubeRoleBinding(this, 'LeaderLockingRoleBinding', {
        metadata: { name: names.leaderLocking, namespace, labels },
        subjects: [subject],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.leaderLocking },
      });
    }

    // ---- export root: static PV + PVC -----------------------------------------
    // Pod Security "restricted" allows no inline `nfs:` volume, so the root goes through a PV.
    // Retain: Kubernetes cannot delete a static NFS PV, and the export holds every volume.
    // ReadWriteMany: NFS serves many nodes, and during an eviction the replacement pod
    // may mount the root on another node before the old one has stopped.
    const rootSize = k8s.Quantity.fromString('10Mi');
    this.rootVolume = clusterScoped(new k8s.KubePersistentVolume(this, 'RootVolume', {
      metadata: { name: names.pv, labels: { ...labels, [ROOT_PV_LABEL]: fullname } },
      spec: {
        capacity: { storage: rootSize },
        volumeMode: 'Filesystem',
        accessModes: ['ReadWriteMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        mountOptions: mountOptions.length > 0 ? mountOptions : undefined,
        // Reserve the PV for our claim, so no other claim with a matching selector can take it.
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: names.pvc },
        nfs: { server, path: exportPath },
      },
    }));
    this.rootVolumeClaim = new k8s.KubePersistentVolumeClaim(this, 'RootVolumeClaim', {
      metadata: { name: names.pvc, namespace, labels },
      spec: {
        accessModes: ['ReadWriteMany'],
        volumeMode: 'Filesystem',
        storageClassName: '',
        volumeName: names.pv,
        selector: { matchLabels: { [ROOT_PV_LABEL]: fullname } },
        resources: { requests: { storage: rootSize } },
      },
    });

    // ---- provisioner Deployment ----------------------------------------------------
    this.workload = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: pod.workloadMetadata(fullname),
      spec: {
        // One provisioner; leader election covers the overlap a Deployment allows.
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.podSelector },
        template: pod.template({
          containers: [{
            name: CHART,
            image,
            resources,
            env: [
              { name: 'PROVISIONER_NAME', value: provisionerName },
              { name: 'NFS_SERVER', value: server },
              { name: 'NFS_PATH', value: exportPath },
              { name: 'ENABLE_LEADER_ELECTION', value: String(leaderElection) },
            ],
            volumeMounts: [
              { name: ROOT_VOLUME, mountPath: MOUNT_PATH },
              // glog falls back to temp files if stderr logging is ever off; keep the root filesystem read-only.
              { name: TMP_VOLUME, mountPath: '/tmp' },
            ],
          }],
          volumes: [
            { name: ROOT_VOLUME, persistentVolumeClaim: { claimName: names.pvc } },
            { name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
          ],
        }),
      },
    });

    // ---- StorageClass ------------------------------------------------------------------
    const parameters: Record<string, string> = { archiveOnDelete: String(archiveOnDelete) };
    if (onDelete !== undefined) { parameters.onDelete = onDelete; }
    if (pathPattern !== undefined) { parameters.pathPattern = pathPattern; }
    const annotations = { ...scAnnotations, ...(defaultClass ? { [DEFAULT_CLASS_ANNOTATION]: 'true' } : {}) };
    this.storageClassResource = clusterScoped(new k8s.KubeStorageClass(this, 'StorageClass', {
      metadata: {
        name: storageClassName,
        labels: { ...scLabels, ...labels },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      provisioner: provisionerName,
      parameters,
      reclaimPolicy,
      volumeBindingMode,
      allowVolumeExpansion,
      mountOptions: mountOptions.length > 0 ? mountOptions : undefined,
    }));

    this.storageClass = { storageClassName, readWriteMany: true };

    // ---- NetworkPolicy -----------------------------------------------------------------
    if (inputs.networkPolicy) {
      // Nothing comes in (the kubelet, not the pod, mounts NFS); out: names and the API server.
      const provisioner: PodGroup = { key: '', selector: this.podSelector, governs: { ingress: true, egress: true } };
      [this.networkPolicy] = renderPolicies(this, { base: fullname, namespace, labels }, [provisioner], [
        dnsPath('the provisioner resolves names', pods(provisioner), inputs.dnsPeers),
        apiServerPath('the provisioner watches claims and creates volumes', pods(provisioner), inputs.apiServerCidrs, inputs.apiServerPorts),
      ]);
    }
  }

  /**
   * The pods' controller under its former name.
   * @deprecated use `workload` (every part names its pods' controller `workload`)
   */
  public get deployment(): k8s.KubeDeployment {
    return this.workload;
  }
}
