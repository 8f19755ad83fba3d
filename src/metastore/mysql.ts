import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { databaseName, userName } from './_mysql-checks';
import { IMetaStore, SecretKeyRef } from './meta-store';
import { MySqlCredentials } from './mysql-credentials';
import { configChecksum } from '../common/_checksum';
import { ProblemCollector } from '../common/_config-paths';
import { exemptionAnnotations } from '../common/_exemptions';
import { selectorLabels, standardLabels } from '../common/_labels';
import { helmFullname, requireNamespace } from '../common/_names';
import { dnsPath } from '../common/_network';
import { placement } from '../common/_placement';
import { renderResources, ResolvedResources } from '../common/_resources';
import { containerSecurityContext, PodIdentity, podSecurityContext } from '../common/_security';
import { PodGroup, pods, podsWithLabels, renderPolicies, tcpPort, TrafficPath } from '../common/_traffic';
import * as check from '../common/_validators';
import { ContainerResources } from '../common/container-resources';
import { ImagePullPolicy } from '../common/image-pull-policy';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { ValidationError } from '../common/validation-error';
import { IStorageClass } from '../storage/storage-class-ref';

const MYSQL_PORT = 3306;
const PORT_NAME = 'mysql';
const DEFAULT_IMAGE = 'mysql:5.7.30';
const DEFAULT_STORAGE_SIZE = '4Gi';

/** mysql:5.7 owns its directories as mysql:mysql = 999:999 (docker-library/mysql Dockerfile). */
const MYSQL_UID = 999;
const IDENTITY: PodIdentity = { runAsUser: MYSQL_UID, runAsGroup: MYSQL_UID, fsGroup: MYSQL_UID, runAsNonRoot: true };

const DATA_DIR = '/var/lib/mysql';
const RUN_DIR = '/var/run/mysqld';
const SOCKET = `${RUN_DIR}/mysqld.sock`;
const CREDENTIALS_DIR = '/etc/mysql/credentials';
const ROOT_PASSWORD_FILE = `${CREDENTIALS_DIR}/root-password`;
const PASSWORD_FILE = `${CREDENTIALS_DIR}/password`;
const CONFIG_FILE = 'mysql.cnf';
const INIT_FILE = 'milvus.sql';

/**
 * Requests sized for Milvus's metadata (a few tables, at most a few hundred connections):
 * the seed chart asked for 100m / 256Mi and set no limits. MySQL 5.7 sizes the
 * performance schema from `max_connections = 1000`, so the memory limit leaves room for it.
 * Ephemeral storage covers the `/tmp` emptyDir (InnoDB temporary files).
 */
const DEFAULT_RESOURCES: ResolvedResources = {
  cpuRequest: '250m',
  cpuLimit: '1',
  memoryRequest: '512Mi',
  memoryLimit: '2Gi',
  ephemeralStorageRequest: '64Mi',
  ephemeralStorageLimit: '2Gi',
};

/**
 * `mysql.cnf` settings the construct relies on (probe socket, port, data and run
 * directories); `extraConfig` may not override them.
 */
const RESERVED_CONFIG_KEYS = ['datadir', 'socket', 'pid_file', 'port', 'bind_address', 'skip_networking', 'user'];

/**
 * Settings of the MySQL metadata store that a user chooses; plain data, shared by
 * `MySqlProps` and the CLI's config file.
 */
export interface MySqlOptions extends PodPlacementOptions {
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
   * When the kubelet pulls the image.
   * @default ImagePullPolicy.ALWAYS
   */
  readonly imagePullPolicy?: ImagePullPolicy;
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

  /** The one-replica StatefulSet `<release>-mysql` with its retained data volume. */
  public readonly statefulSet: k8s.KubeStatefulSet;
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

    // Every prop is checked before anything is built, so one error lists every problem.
    const problems = new ProblemCollector();
    const release = problems.check(() => check.dnsLabel('releaseName', props.releaseName));
    const fullname = release && helmFullname(release, 'mysql');
    problems.check(() => release && checkDerivedNames(release, fullname));
    problems.check(() => {
      if (props.replicas !== undefined && props.replicas !== 1) {
        throw new ValidationError('replicas', props.replicas, 'must be 1: this MySQL has no replication, and two pods must never share one data directory');
      }
    });
    problems.check(() => {
      if (!(props.credentials instanceof MySqlCredentials)) {
        throw new ValidationError('credentials', props.credentials, 'use MySqlCredentials.fromExistingSecret(...) or MySqlCredentials.fromPasswords(...)');
      }
    });
    this.database = problems.check(() => check.orDefault('database', props.database, 'milvus', databaseName));
    this.user = problems.check(() => check.orDefault('user', props.user, 'milvus', userName));
    const storageSize = problems.check(() => check.orDefault('storageSize', props.storageSize, DEFAULT_STORAGE_SIZE, check.storageSize));
    const image = problems.check(() => check.orDefault('image', props.image, DEFAULT_IMAGE, check.pinnedImage));
    const imagePullPolicy = problems.check(() => check.oneOf('imagePullPolicy', props.imagePullPolicy ?? ImagePullPolicy.ALWAYS, Object.values(ImagePullPolicy)));
    const resources = problems.check(() => renderResources('resources', props.resources, DEFAULT_RESOURCES));
    const extraConfig = (props.extraConfig ?? []).map((line, i) => problems.check(() => configLine(`extraConfig[${i}]`, line)));
    const { nodeSelector, tolerations, priorityClassName } = problems.attempt<PodPlacementOptions>(() => placement('', props), () => ({}));
    const networkPolicy = problems.check(() => check.bool('networkPolicy', props.networkPolicy ?? true));
    problems.throwIfAny();
    if (props.storageClass?.readWriteMany) {
      // Not fatal (the seed tutorial ran MySQL on nfs-client), but worth surfacing.
      this.node.addMetadata('warning', `MySQL data on the ReadWriteMany class "${props.storageClass.storageClassName}": network file systems do not lock reliably for InnoDB; prefer block storage`);
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

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: meta(fullname),
      // MySQL never calls the Kubernetes API.
      automountServiceAccountToken: false,
    });

    if (credentials._passwords) {
      this.secret = new k8s.KubeSecret(this, 'Secret', {
        metadata: meta(fullname),
        type: 'Opaque',
        stringData: {
          [credentials.rootPasswordKey]: credentials._passwords.rootPassword,
          [credentials.passwordKey]: credentials._passwords.password,
        },
      });
    }

    const configurationData = { [CONFIG_FILE]: renderConfig(extraConfig) };
    const initializationData = { [INIT_FILE]: renderInitSql(this.database) };
    this.configuration = new k8s.KubeConfigMap(this, 'Configuration', {
      metadata: meta(`${fullname}-configuration`),
      data: configurationData,
    });
    this.initialization = new k8s.KubeConfigMap(this, 'Initialization', {
      metadata: meta(`${fullname}-initialization`),
      data: initializationData,
    });

    const servicePorts: k8s.ServicePort[] = [{ name: PORT_NAME, port: MYSQL_PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromString(PORT_NAME) }];
    this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
      metadata: meta(`${fullname}-headless`),
      spec: { clusterIp: 'None', selector: { ...this.selector }, ports: servicePorts },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: meta(fullname),
      spec: { type: 'ClusterIP', selector: { ...this.selector }, ports: servicePorts },
    });

    // One replica needs no singleton exemption: the PDB and anti-affinity checks start at 2 replicas
    // and the Deployment-only ones (strategy, replicas) do not apply to a StatefulSet.
    const exemptions = exemptionAnnotations('image-native-low-uid', 'password-file-env');
    // The ConfigMaps are mounted with subPath / read at initialisation only, so pods would
    // not see changes; the checksum rolls the pod when they change. The Secret is left out:
    // a hash of a password does not belong in the manifest, and the image reads the
    // passwords only when it initialises an empty data directory anyway.
    const checksum = configChecksum(JSON.stringify({ configuration: configurationData, initialization: initializationData }));

    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: { ...meta(fullname), annotations: exemptions },
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
        template: {
          metadata: {
            labels,
            annotations: { 'checksum/config': checksum, ...exemptions },
          },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            automountServiceAccountToken: false,
            // Service-link variables are noise here, and a Service named "mysql" would inject MYSQL_PORT.
            enableServiceLinks: false,
            securityContext: podSecurityContext(IDENTITY),
            // Room for InnoDB's clean shutdown (flushing dirty pages) before SIGKILL.
            terminationGracePeriodSeconds: 60,
            nodeSelector,
            tolerations,
            priorityClassName,
            containers: [{
              name: 'mysql',
              image,
              imagePullPolicy,
              ports: [{ name: PORT_NAME, containerPort: MYSQL_PORT, protocol: 'TCP' }],
              env: [
                // Paths only: the entrypoint's file_env reads the passwords from these files.
                { name: 'MYSQL_ROOT_PASSWORD_FILE', value: ROOT_PASSWORD_FILE },
                { name: 'MYSQL_PASSWORD_FILE', value: PASSWORD_FILE },
                { name: 'MYSQL_USER', value: this.user },
                { name: 'MYSQL_DATABASE', value: this.database },
                // root may only log in through the socket inside the pod; no remote root account exists.
                { name: 'MYSQL_ROOT_HOST', value: 'localhost' },
              ],
              securityContext: containerSecurityContext({ identity: IDENTITY }),
              resources,
              startupProbe: {
                exec: { command: readinessCommand() },
                // First initialisation (datadir, TLS keys, time zones, init SQL) or InnoDB crash
                // recovery can take minutes: allow up to 10 before the liveness probe takes over.
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 60,
              },
              readinessProbe: {
                exec: { command: readinessCommand() },
                periodSeconds: 10,
                timeoutSeconds: 5,
                successThreshold: 1,
                failureThreshold: 3,
              },
              livenessProbe: {
                exec: { command: livenessCommand() },
                periodSeconds: 15,
                timeoutSeconds: 5,
                // Restarting a database is expensive: a minute of failures before acting.
                failureThreshold: 4,
              },
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
            }],
            volumes: [
              { name: 'configuration', configMap: { name: this.configuration.name } },
              { name: 'initialization', configMap: { name: this.initialization.name } },
              {
                name: 'credentials',
                secret: {
                  secretName: this.secretName,
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
            ],
          },
        },
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
      [this.networkPolicy] = renderPolicies(this, { base: fullname, namespace, labels }, [this.group], () => this.traffic());
    }
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
  private traffic(): TrafficPath[] {
    return [
      ...this.clients.map(c => ({ what: 'an admitted client connects', from: podsWithLabels([c]), to: pods(this.group), ports: [tcpPort(MYSQL_PORT)] })),
      dnsPath('MySQL resolves names', pods(this.group)),
    ];
  }

}

/** Suffixes of the names derived from `<release>-mysql`, by kind. */
const DERIVED_NAMES: Array<[string, string]> = [
  ['StatefulSet', ''],
  ['Service', ''],
  ['Service', '-headless'],
  ['ConfigMap', '-configuration'],
  ['ConfigMap', '-initialization'],
];

/**
 * Every name derived from the release must be valid for its kind: the StatefulSet at
 * most 52 characters (the limit reached first), Services DNS-1035 labels of at most 63.
 */
function checkDerivedNames(release: string, fullname: string): void {
  // Helm keeps a release that already contains "mysql" as the full name.
  const maxRelease = release.includes('mysql') ? check.MAX_STATEFUL_SET_NAME : check.MAX_STATEFUL_SET_NAME - '-mysql'.length;
  const advice = `use a release name of at most ${maxRelease} characters`;
  if (fullname.length > check.MAX_STATEFUL_SET_NAME) {
    throw new ValidationError('releaseName', release, `the MySQL StatefulSet "${fullname}" would be ${fullname.length} characters; a StatefulSet name must be at most ${check.MAX_STATEFUL_SET_NAME} so its pods' controller-revision-hash label fits 63 (${advice})`);
  }
  if (!/^[a-z]/.test(fullname)) {
    throw new ValidationError('releaseName', release, `the MySQL Service "${fullname}" must start with a letter (Service names are DNS-1035 labels)`);
  }
  for (const [kind, suffix] of DERIVED_NAMES) {
    const name = `${fullname}${suffix}`;
    try {
      check.objectName(kind, 'name', name);
    } catch (e) {
      if (!ValidationError.isValidationError(e)) { throw e; }
      throw new ValidationError('releaseName', release, `the derived ${kind} name "${name}" is invalid (${e.allowed}); ${advice}`);
    }
  }
}

/** One `extraConfig` line: a single line, no passwords, no override of what the construct depends on. */
function configLine(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  if (/[\r\n]/.test(s)) {
    throw new ValidationError(prop, value, 'one mysql.cnf line per entry (no line breaks)');
  }
  if (/^\s*\[/.test(s)) {
    throw new ValidationError(prop, value, 'section headers are not allowed: every line goes into [mysqld]');
  }
  if (/password/i.test(s)) {
    throw new ValidationError(prop, '<redacted>', 'mysql.cnf is a ConfigMap and must not mention passwords');
  }
  const key = s.split('=')[0].trim().toLowerCase().replace(/-/g, '_');
  if (RESERVED_CONFIG_KEYS.includes(key)) {
    throw new ValidationError(prop, value, `must not set ${RESERVED_CONFIG_KEYS.join(', ')}: the probes, Service and volumes depend on them`);
  }
  return s;
}

/**
 * The seed chart's `mysql.cnf` (milvus-helm 0.10.0 values) without `log-error`: that sent
 * errors to a file inside the container, so `kubectl logs` showed nothing and the file
 * would need a writable volume. Unset, mysqld logs to stderr.
 */
function renderConfig(extra: string[]): string {
  return [
    '[mysqld]',
    `pid-file        = ${RUN_DIR}/mysqld.pid`,
    `socket          = ${SOCKET}`,
    '# log-error is left unset on purpose: mysqld then logs to stderr, which `kubectl logs` shows.',
    'skip-name-resolve',
    'bind-address    = 0.0.0.0',
    '# Disabling symbolic-links is recommended to prevent assorted security risks',
    'symbolic-links  = 0',
    'character-set-server = utf8mb4',
    'collation-server = utf8mb4_unicode_ci',
    'init_connect    = \'SET NAMES utf8mb4\'',
    'skip-character-set-client-handshake = true',
    'max_connections = 1000',
    'wait_timeout    = 31536000',
    ...(extra.length > 0 ? ['# extraConfig', ...extra] : []),
    '',
  ].join('\n');
}

/**
 * Runs once, on an empty data directory, after the image created the database and the
 * user. It needs no secret: the chart's `grant.sql` gave root rights that Milvus no
 * longer uses, so only the character set is pinned here.
 */
function renderInitSql(database: string): string {
  return [
    '-- Rendered by cdk8s-milvus. This file is a ConfigMap: it must never contain a password.',
    `-- The mysql image has already created database \`${database}\` and the user from MYSQL_USER`,
    `-- (password from MYSQL_PASSWORD_FILE) with ALL PRIVILEGES on \`${database}\`.* only;`,
    '-- root can log in only through the socket inside the pod (MYSQL_ROOT_HOST=localhost).',
    `ALTER DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    '',
  ].join('\n');
}

/**
 * Readiness (and startup): the server answers on TCP, the path clients use, so the
 * temporary socket-only server of the first initialisation does not count as ready.
 * Root cannot log in over TCP (MYSQL_ROOT_HOST=localhost), so it authenticates as the
 * Milvus user. The password goes through MYSQL_PWD, never the command line.
 */
function readinessCommand(): string[] {
  return ['sh', '-c', `MYSQL_PWD="$(cat "$MYSQL_PASSWORD_FILE")" exec mysqladmin --protocol=tcp --host=127.0.0.1 --port=${MYSQL_PORT} --user="$MYSQL_USER" --connect-timeout=3 ping`];
}

/** Liveness: root over the local socket must get a `status` answer (differs from readiness). */
function livenessCommand(): string[] {
  return ['sh', '-c', `MYSQL_PWD="$(cat "$MYSQL_ROOT_PASSWORD_FILE")" exec mysqladmin --protocol=socket --socket=${SOCKET} --user=root --connect-timeout=3 status`];
}

/** The tag of an image reference (`mysql:5.7.30` → `5.7.30`), for the version label. */
function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

function stableKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map(k => [k, labels[k]]));
}
