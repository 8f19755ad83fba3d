import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CONFIG_FILE, CREDENTIALS_DIR, DATA_DIR, INIT_FILE, livenessCommand, MYSQL_PORT, PASSWORD_FILE, readinessCommand, renderConfig,
  renderInitSql, ROOT_PASSWORD_FILE, RUN_DIR,
} from './_mysql-files';
import { checkMySqlProps } from './_mysql-inputs';
import { IMetaStore, SecretKeyRef } from './meta-store';
import { MySqlCredentials } from './mysql-credentials';
import { markKeptData } from '../common/_kept-data';
import { imageTag, selectorLabels, standardLabels } from '../common/_labels';
import { requireNamespace } from '../common/_names';
import { dnsPath } from '../common/_network';
import { PartContainer, PodSkeleton } from '../common/_pod-skeleton';
import { PodIdentity } from '../common/_security';
import { PodGroup, pods, podsWithLabels, renderPolicies, tcpPort, TrafficPath } from '../common/_traffic';
import * as check from '../common/_validators';
import { warn } from '../common/_warn';
import { ContainerResources } from '../common/container-resources';
import { DnsEgressOptions } from '../common/dns-egress-options';
import { ImageOptions } from '../common/image-options';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { ValidationError } from '../common/validation-error';
import { IStorageClass } from '../storage/storage-class-ref';

const PORT_NAME = 'mysql';

/** mysql:5.7 owns its directories as mysql:mysql = 999:999 (docker-library/mysql Dockerfile). */
const MYSQL_UID = 999;
const IDENTITY: PodIdentity = { runAsUser: MYSQL_UID, runAsGroup: MYSQL_UID, fsGroup: MYSQL_UID, runAsNonRoot: true };


/**
 * Settings of the MySQL metadata store that a user chooses; plain data, shared by
 * `MySqlProps` and the CLI's config file.
 */
export interface MySqlOptions extends PodPlacementOptions, ImageOptions {
  /**
   * Database created for Milvus's tables.
   * @default 'milvus'
   */
  readonly database?: string;
  /**
   * The user Milvus and Mishards connect as; it gets all rights on `database` only. `root` is rejected.
   * @default 'milvus'
   */
  readonly user?: string;
  /**
   * Size of the data volume.
   * @default '4Gi'
   */
  readonly storageSize?: string;
  /**
   * Number of MySQL pods. Only 1 is supported: there is no replication, and two pods must never share a data directory.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The MySQL image, pinned to a tag or digest. Must be a docker-library `mysql:5.7` compatible image (uid 999, `*_FILE` variables).
   * @default 'mysql:5.7.30'
   */
  readonly image?: string;
  /**
   * Requests and limits of the MySQL container; unset fields keep the defaults.
   * @default - 250m/1 CPU, 512Mi/2Gi memory, 64Mi/2Gi ephemeral storage (request/limit)
   */
  readonly resources?: ContainerResources;
  /**
   * Extra `[mysqld]` lines appended to `mysql.cnf`, e.g. `innodb_buffer_pool_size = 256M`.
   * Lines may not mention passwords (the file is a ConfigMap) nor override datadir, socket, pid-file, port, bind-address, skip-networking or user.
   * @default - none
   */
  readonly extraConfig?: string[];
  /**
   * Render the NetworkPolicy that admits 3306 only from `allowClients` pods and allows DNS egress only.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * Where MySQL sends DNS queries (its NetworkPolicy's egress).
   * @default - the kube-dns / CoreDNS pods in kube-system and NodeLocal DNSCache at 169.254.20.10
   */
  readonly dns?: DnsEgressOptions;
}

/** Properties of `MySql`: the options plus the release, credentials and storage class. */
export interface MySqlProps extends MySqlOptions {
  /** The release name; objects are named `<release>-mysql` like the seed chart's (e.g. `my-release-mysql`). */
  readonly releaseName: string;
  /** Where the root and Milvus-user passwords come from (no default password exists). */
  readonly credentials: MySqlCredentials;
  /**
   * StorageClass of the data volume. Prefer block storage: MySQL on NFS risks InnoDB corruption.
   * @default - the cluster's default StorageClass (no `storageClassName` is written)
   */
  readonly storageClass?: IStorageClass;
}

/**
 * The MySQL 5.7 metadata store of a Milvus cluster, hardened: a 1-replica StatefulSet
 * on a retained PersistentVolumeClaim, a dedicated non-root user for Milvus, passwords
 * read from Secret files, a read-only root filesystem and a NetworkPolicy that admits
 * only the pods named with `allowClients`.
 *
 * Objects: ServiceAccount, (Secret), two ConfigMaps, headless and ClusterIP Services,
 * StatefulSet and NetworkPolicy, all named `<release>-mysql[-suffix]`.
 *
 * No PodDisruptionBudget: for a single replica a PDB can only choose between "a node
 * drain evicts MySQL" (what happens without one) and "a node drain blocks forever"
 * (`maxUnavailable: 0`), and the latter breaks cluster maintenance.
 */
export class MySql extends Construct implements IMetaStore {
  /** The ClusterIP Service name clients connect to, e.g. `my-release-mysql`. */
  public readonly host: string;
  /** Always 3306. */
  public readonly port: number;
  public readonly database: string;
  public readonly user: string;
  /** The Secret key of the Milvus user's password (never root's). */
  public readonly passwordSecret: SecretKeyRef;
  /** The Secret key of the root password (for administration and backup jobs only). */
  public readonly rootPasswordSecret: SecretKeyRef;
  /** The Secret holding both passwords: rendered by this construct or the user's existing one. */
  public readonly secretName: string;
  /**
   * The MySQL image as set (or its default), before any `imageRegistry` prefix: `MilvusCluster`
   * runs its ownership guard in it, so a mirror holds one MySQL image.
   */
  public readonly image: string;

  /** The pods' controller: the one-replica StatefulSet `<release>-mysql` with its retained data volume. */
  public readonly workload: k8s.KubeStatefulSet;
  /** The ClusterIP Service `<release>-mysql` (port `mysql` 3306). */
  public readonly service: k8s.KubeService;
  /** The headless Service `<release>-mysql-headless` that governs the StatefulSet. */
  public readonly headlessService: k8s.KubeService;
  /** The dedicated ServiceAccount `<release>-mysql` (no API token mounted). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** `<release>-mysql-configuration` (`mysql.cnf`). */
  public readonly configuration: k8s.KubeConfigMap;
  /** `<release>-mysql-initialization` (SQL run once on an empty data directory; no secrets). */
  public readonly initialization: k8s.KubeConfigMap;
  /** The NetworkPolicy admitting 3306 only from `allowClients` pods, egress DNS only; undefined when disabled. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The Secret rendered from `MySqlCredentials.fromPasswords`; `undefined` for an existing Secret. */
  public readonly secret?: k8s.KubeSecret;

  private readonly selector: Record<string, string>;
  private readonly clients: Array<Record<string, string>> = [];
  private readonly group: PodGroup;

  public constructor(scope: Construct, id: string, props: MySqlProps) {
    super(scope, id);
    const namespace = requireNamespace(this);

    const checked = checkMySqlProps(props);
    const { release, fullname, names, storageSize, image, images, resources, extraConfig, podPlacement, networkPolicy, dns } = checked;
    this.database = checked.database;
    this.user = checked.user;
    this.image = image;
    if (props.storageClass?.readWriteMany) {
      // Not fatal (the seed tutorial ran MySQL on nfs-client), but worth surfacing.
      warn(this, `MySQL data on the ReadWriteMany class "${props.storageClass.storageClassName}": network file systems do not lock reliably for InnoDB; prefer block storage`);
    }

    const credentials = props.credentials;
    this.secretName = credentials.existingSecretName ?? fullname;
    this.passwordSecret = { secretName: this.secretName, key: credentials.passwordKey };
    this.rootPasswordSecret = { secretName: this.secretName, key: credentials.rootPasswordKey };
    this.host = fullname;
    this.port = MYSQL_PORT;

    const labelSource = { name: 'mysql', instance: release, component: 'mysql', version: imageTag(image), partOf: 'milvus' };
    this.selector = selectorLabels(labelSource);
    this.group = { key: '', selector: this.selector, governs: { ingress: true, egress: true } };
    const labels = standardLabels(labelSource);
    const meta = (name: string) => ({ name, namespace, labels });

    const configurationData = { [CONFIG_FILE]: renderConfig(extraConfig) };
    const initializationData = { [INIT_FILE]: renderInitSql(this.database) };
    const pod = new PodSkeleton({
      name: fullname,
      namespace,
      labels,
      identity: IDENTITY,
      // MySQL never calls the Kubernetes API.
      apiToken: false,
      images,
      placement: podPlacement,
      // One replica needs no singleton exemption: the PDB and anti-affinity checks start at 2 replicas
      // and the Deployment-only ones (strategy, replicas) do not apply to a StatefulSet.
      exemptions: ['image-native-low-uid', 'password-file-env'],
      // The ConfigMaps are mounted with subPath / read at initialisation only, so pods would
      // not see changes; the checksum rolls the pod when they change. The Secret is left out:
      // a hash of a password does not belong in the manifest, and the image reads the
      // passwords only when it initialises an empty data directory anyway.
      checksumOf: JSON.stringify({ configuration: configurationData, initialization: initializationData }),
    });
    this.serviceAccount = pod.serviceAccount(this);

    if (credentials._passwords) {
      // Kept data: MySQL's data directory was initialised with these passwords.
      this.secret = markKeptData(new k8s.KubeSecret(this, 'Secret', {
        metadata: meta(fullname),
        type: 'Opaque',
        stringData: {
          [credentials.rootPasswordKey]: credentials._passwords.rootPassword,
          [credentials.passwordKey]: credentials._passwords.password,
        },
      }));
    }
    this.configuration = new k8s.KubeConfigMap(this, 'Configuration', { metadata: meta(names.configuration), data: configurationData });
    this.initialization = new k8s.KubeConfigMap(this, 'Initialization', { metadata: meta(names.initialization), data: initializationData });

    const servicePorts: k8s.ServicePort[] = [{ name: PORT_NAME, port: MYSQL_PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromString(PORT_NAME) }];
    this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
      metadata: meta(names.headless),
      spec: { clusterIp: 'None', selector: { ...this.selector }, ports: servicePorts },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: meta(names.service),
      spec: { type: 'ClusterIP', selector: { ...this.selector }, ports: servicePorts },
    });

    this.workload = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: pod.workloadMetadata(names.statefulSet),
      spec: {
        replicas: 1,
        serviceName: this.headlessService.name,
        selector: { matchLabels: { ...this.selector } },
        // With one replica a rolling update deletes the old pod before creating the new one,
        // so two mysqld never open the same data directory.
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        // Losing this volume loses every collection's metadata: keep it on delete and scale-down.
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: pod.template({
          // Room for InnoDB's clean shutdown (flushing dirty pages) before SIGKILL.
          terminationGracePeriodSeconds: 60,
          containers: [mysqlContainer({ image, resources, user: this.user, database: this.database })],
          volumes: podVolumes(this.configuration.name, this.initialization.name, this.secretName, credentials),
        }),
        volumeClaimTemplates: [{
          // volumeClaimTemplates are immutable: no version label, or an image upgrade could not be applied.
          metadata: { name: 'data', labels: standardLabels({ ...labelSource, version: undefined }) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: props.storageClass?.storageClassName,
            resources: { requests: { storage: k8s.Quantity.fromString(storageSize) } },
          },
        }],
      },
    });

    if (networkPolicy) {
      // Read at synthesis, so clients admitted after construction (by the composition) are included.
      [this.networkPolicy] = renderPolicies(this, { base: fullname, namespace, labels }, [this.group], () => this.traffic(dns));
    }
  }

  /**
   * The pods' controller under its former name.
   * @deprecated use `workload` (every part names its pods' controller `workload`)
   */
  public get statefulSet(): k8s.KubeStatefulSet {
    return this.workload;
  }

  /** Labels of the MySQL pods (a copy); always set for this in-cluster store. */
  public get podSelector(): Record<string, string> | undefined {
    return { ...this.selector };
  }

  /**
   * Admit TCP 3306 from pods in this namespace carrying all of these labels. Can be
   * called any time before synthesis; repeated selectors are rendered once.
   */
  public allowClients(podLabels: Record<string, string>): void {
    const prop = 'allowClients';
    const labels = check.labels(prop, podLabels);
    if (Object.keys(labels).length === 0) {
      throw new ValidationError(prop, podLabels, 'needs at least one label: an empty selector would admit every pod in the namespace');
    }
    const key = stableKey(labels);
    if (!this.clients.some(c => stableKey(c) === key)) {
      this.clients.push(labels);
    }
  }

  /**
   * MySQL's paths: 3306 from the admitted clients (none yet means no ingress at all; the
   * policy still selects the pods), and name resolution out — MySQL initiates no connections
   * (no replication).
   */
  private traffic(dns: k8s.NetworkPolicyPeer[]): TrafficPath[] {
    return [
      ...this.clients.map(c => ({ what: 'an admitted client connects', from: podsWithLabels([c]), to: pods(this.group), ports: [tcpPort(MYSQL_PORT)] })),
      dnsPath('MySQL resolves names', pods(this.group), dns),
    ];
  }

}

/** The mysql container: the entrypoint reads the passwords from Secret files, probes go over TCP and the socket. */
function mysqlContainer(o: { image: string; resources: k8s.ResourceRequirements; user: string; database: string }): PartContainer {
  return {
    name: 'mysql',
    image: o.image,
    ports: [{ name: PORT_NAME, containerPort: MYSQL_PORT, protocol: 'TCP' }],
    env: [
      // Paths only: the entrypoint's file_env reads the passwords from these files.
      { name: 'MYSQL_ROOT_PASSWORD_FILE', value: ROOT_PASSWORD_FILE },
      { name: 'MYSQL_PASSWORD_FILE', value: PASSWORD_FILE },
      { name: 'MYSQL_USER', value: o.user },
      { name: 'MYSQL_DATABASE', value: o.database },
      // root may only log in through the socket inside the pod; no remote root account exists.
      { name: 'MYSQL_ROOT_HOST', value: 'localhost' },
    ],
    resources: o.resources,
    // First initialisation (datadir, TLS keys, time zones, init SQL) or InnoDB crash
    // recovery can take minutes: allow up to 10 before the liveness probe takes over.
    startupProbe: { exec: { command: readinessCommand() }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
    readinessProbe: { exec: { command: readinessCommand() }, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 3 },
    // Restarting a database is expensive: a minute of failures before acting.
    livenessProbe: { exec: { command: livenessCommand() }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
    volumeMounts: [
      // subPath keeps the volume root's lost+found out of the data directory,
      // which mysqld --initialize requires to be empty.
      { name: 'data', mountPath: DATA_DIR, subPath: 'mysql' },
      { name: 'configuration', mountPath: `/etc/mysql/conf.d/${CONFIG_FILE}`, subPath: CONFIG_FILE, readOnly: true },
      { name: 'initialization', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
      { name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true },
      // The root filesystem is read-only: socket, pid and lock files, and InnoDB temp files.
      { name: 'run', mountPath: RUN_DIR },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

function podVolumes(configuration: string, initialization: string, secretName: string, credentials: MySqlCredentials): k8s.Volume[] {
  return [
    { name: 'configuration', configMap: { name: configuration } },
    { name: 'initialization', configMap: { name: initialization } },
    {
      name: 'credentials',
      secret: {
        secretName,
        // Fixed file names whatever the Secret's keys; a missing key stops the pod
        // from starting with a clear event instead of initialising without a password.
        items: [
          { key: credentials.rootPasswordKey, path: 'root-password' },
          { key: credentials.passwordKey, path: 'password' },
        ],
        // 0400: owner root; the kubelet adds group read for fsGroup 999, so only mysql reads them.
        defaultMode: 0o400,
      },
    },
    { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
    { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
  ];
}


function stableKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map(k => [k, labels[k]]));
}
