import { Chart, Testing } from 'cdk8s';
import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { ValidationError } from '../../src/common/validation-error';
import { MySql, MySqlCredentials, MySqlProps } from '../../src/metastore';
import { StorageClassRef } from '../../src/storage';
import { containersOf, expectGolden, expectSchemaValid, expectSemanticallyValid, find, K8sObject, ofKind, synth, toYaml } from '../support';

/** NodeLocal DNSCache's listen address: a DNS server no pod selector matches (hostNetwork). */
const NODE_LOCAL_DNS = { ipBlock: { cidr: '169.254.20.10/32' } };

const ROOT_PASSWORD = 'Root.pass-word_0123';
const USER_PASSWORD = 'Milvus~user.pass_4567';

/** The selectors the composition passes for Milvus writable, readonly and Mishards pods. */
const CLIENTS = ['writable', 'readonly', 'mishards'].map(component => ({
  'app.kubernetes.io/name': 'milvus',
  'app.kubernetes.io/instance': 'my-release',
  'component': component,
}));

function newChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'milvus' });
}

/** The tutorial's MySQL: release my-release, passwords in a Secret the user created. */
function tutorial(chart = newChart()): { chart: Chart; mysql: MySql } {
  const mysql = new MySql(chart, 'MySql', {
    releaseName: 'my-release',
    credentials: MySqlCredentials.fromExistingSecret('my-release-mysql'),
  });
  CLIENTS.forEach(c => mysql.allowClients(c));
  return { chart, mysql };
}

function allOptionsProps(): MySqlProps {
  return {
    releaseName: 'search',
    credentials: MySqlCredentials.fromPasswords({ rootPassword: ROOT_PASSWORD, password: USER_PASSWORD }),
    database: 'milvus_meta',
    user: 'milvus_app',
    storageSize: '20Gi',
    storageClass: StorageClassRef.fromName('fast-ssd'),
    replicas: 1,
    image: 'registry.example.com/library/mysql:5.7.44',
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    resources: { cpuRequest: '500m', cpuLimit: '2', memoryRequest: '1Gi', memoryLimit: '3Gi', ephemeralStorageRequest: '128Mi', ephemeralStorageLimit: '4Gi' },
    extraConfig: ['innodb_buffer_pool_size = 512M', 'slow_query_log = 1'],
    nodeSelector: { disktype: 'ssd' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'database', effect: 'NoSchedule' }],
    priorityClassName: 'milvus-critical',
  };
}

function allOptions(): { chart: Chart; mysql: MySql } {
  const chart = newChart();
  const mysql = new MySql(chart, 'MySql', allOptionsProps());
  mysql.allowClients({ 'app.kubernetes.io/instance': 'search', 'component': 'writable' });
  return { chart, mysql };
}

function mysqlContainer(sts: K8sObject): any {
  return containersOf(sts).find(c => c.name === 'mysql');
}

function rejects(fn: () => unknown, ...fragments: string[]): string {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(ValidationError.isValidationError(thrown)).toBe(true);
  const message = (thrown as Error).message;
  for (const f of fragments) { expect(message).toContain(f); }
  return message;
}

describe('the tutorial MySQL (fromExistingSecret)', () => {
  const { chart, mysql } = tutorial();
  const objs = synth(chart);
  const sts = find(objs, 'StatefulSet', 'my-release-mysql');
  const c = mysqlContainer(sts);

  test('golden, schema-valid and semantically valid', () => {
    expectGolden('metastore/tutorial.k8s.yaml', toYaml(objs));
    expectSchemaValid(objs);
    expectSemanticallyValid(objs);
  });

  test('renders the expected objects, and no Secret or PDB', () => {
    const names = objs.map(o => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual([
      'ConfigMap/my-release-mysql-configuration',
      'ConfigMap/my-release-mysql-initialization',
      'NetworkPolicy/my-release-mysql',
      'Service/my-release-mysql',
      'Service/my-release-mysql-headless',
      'ServiceAccount/my-release-mysql',
      'StatefulSet/my-release-mysql',
    ]);
    expect(objs.every(o => o.metadata.namespace === 'milvus')).toBe(true);
    expect(mysql.secret).toBeUndefined();
  });

  test('exposes the IMetaStore contract', () => {
    expect(mysql.host).toBe('my-release-mysql');
    expect(mysql.port).toBe(3306);
    expect(mysql.database).toBe('milvus');
    expect(mysql.user).toBe('milvus');
    expect(mysql.secretName).toBe('my-release-mysql');
    expect(mysql.passwordSecret).toEqual({ secretName: 'my-release-mysql', key: 'mysql-password' });
    expect(mysql.rootPasswordSecret).toEqual({ secretName: 'my-release-mysql', key: 'mysql-root-password' });
    expect(mysql.podSelector).toEqual({ 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'my-release', 'component': 'mysql' });
    expect(sts.spec.template.metadata.labels).toMatchObject(mysql.podSelector!);
    expect(mysql.workload.name).toBe('my-release-mysql');
    expect(mysql.statefulSet).toBe(mysql.workload); // the deprecated name of 0.x
    expect(mysql.service.name).toBe('my-release-mysql');
  });

  test('ClusterIP Service my-release-mysql on port mysql 3306 -> named targetPort', () => {
    const svc = find(objs, 'Service', 'my-release-mysql');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'mysql', port: 3306, protocol: 'TCP', targetPort: 'mysql' }]);
    const headless = find(objs, 'Service', 'my-release-mysql-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe('my-release-mysql-headless');
  });

  test('one replica on a retained ReadWriteOnce claim of 4Gi on the default class, mounted with subPath', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.metadata.name).toBe('data');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.spec.resources.requests.storage).toBe('4Gi');
    expect(claim.spec).not.toHaveProperty('storageClassName');
    expect(claim.metadata.labels).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' });
    expect(sts.spec.template.spec.volumes.some((v: any) => v.name === 'data')).toBe(false);
  });

  test('hardened pod: uid/gid 999, fsGroup 999, read-only root with emptyDirs, no API token', () => {
    const spec = sts.spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
    for (const dir of ['/var/run/mysqld', '/tmp']) {
      const mount = c.volumeMounts.find((m: any) => m.mountPath === dir);
      expect(spec.volumes.find((v: any) => v.name === mount.name).emptyDir).toBeDefined();
    }
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe('my-release-mysql');
    expect(find(objs, 'ServiceAccount', 'my-release-mysql').automountServiceAccountToken).toBe(false);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(c.image).toBe('mysql:5.7.30');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    for (const key of ['cpu', 'memory', 'ephemeral-storage']) {
      expect(c.resources.requests[key]).toBeDefined();
      expect(c.resources.limits[key]).toBeDefined();
    }
  });

  test('passwords are read from Secret files (0400), never env values or secretKeyRefs', () => {
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e]));
    expect(env.MYSQL_ROOT_PASSWORD_FILE.value).toBe('/etc/mysql/credentials/root-password');
    expect(env.MYSQL_PASSWORD_FILE.value).toBe('/etc/mysql/credentials/password');
    expect(env.MYSQL_USER.value).toBe('milvus');
    expect(env.MYSQL_DATABASE.value).toBe('milvus');
    expect(env.MYSQL_ROOT_PASSWORD).toBeUndefined();
    expect(env.MYSQL_PASSWORD).toBeUndefined();
    expect(c.env.every((e: any) => e.valueFrom === undefined)).toBe(true);
    const creds = sts.spec.template.spec.volumes.find((v: any) => v.name === 'credentials');
    expect(creds.secret).toEqual({
      secretName: 'my-release-mysql',
      defaultMode: 0o400,
      items: [{ key: 'mysql-root-password', path: 'root-password' }, { key: 'mysql-password', path: 'password' }],
    });
    expect(c.volumeMounts).toContainEqual({ name: 'credentials', mountPath: '/etc/mysql/credentials', readOnly: true });
  });

  test('probes: readiness ping, liveness status (different), startup generous; passwords via MYSQL_PWD from files', () => {
    const script = (p: any) => { expect(p.exec.command.slice(0, 2)).toEqual(['sh', '-c']); return p.exec.command[2] as string; };
    const readiness = script(c.readinessProbe);
    const liveness = script(c.livenessProbe);
    const startup = script(c.startupProbe);
    expect(readiness).toContain('mysqladmin');
    expect(readiness).toMatch(/ ping$/);
    expect(liveness).toMatch(/ status$/);
    expect(c.readinessProbe).not.toEqual(c.livenessProbe);
    expect(liveness).toContain('MYSQL_PWD="$(cat "$MYSQL_ROOT_PASSWORD_FILE")"');
    expect(readiness).toContain('MYSQL_PWD="$(cat "$MYSQL_PASSWORD_FILE")"');
    for (const s of [readiness, liveness, startup]) {
      expect(s).not.toMatch(/(^|\s)-p|--password/);
    }
    expect(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds).toBeGreaterThanOrEqual(300);
  });

  test('mysql.cnf keeps the chart settings but logs to stderr; init SQL needs no secret', () => {
    const cnf = find(objs, 'ConfigMap', 'my-release-mysql-configuration').data['mysql.cnf'];
    for (const line of ['character-set-server = utf8mb4', 'collation-server = utf8mb4_unicode_ci', 'max_connections = 1000', 'wait_timeout    = 31536000', 'skip-name-resolve', 'socket          = /var/run/mysqld/mysqld.sock']) {
      expect(cnf).toContain(line);
    }
    expect(cnf).not.toMatch(/^\s*log-error/m);
    expect(c.volumeMounts).toContainEqual({ name: 'configuration', mountPath: '/etc/mysql/conf.d/mysql.cnf', subPath: 'mysql.cnf', readOnly: true });
    const sql = find(objs, 'ConfigMap', 'my-release-mysql-initialization').data['milvus.sql'];
    expect(sql).not.toMatch(/IDENTIFIED|PASSWORD\s*\(/i);
    expect(sql).toContain('ALTER DATABASE `milvus`');
    expect(c.volumeMounts).toContainEqual({ name: 'initialization', mountPath: '/docker-entrypoint-initdb.d', readOnly: true });
  });

  test('exemptions and the config checksum are on the workload and its pod template', () => {
    for (const annotations of [sts.metadata.annotations, sts.spec.template.metadata.annotations]) {
      expect(annotations['kube-score/ignore']).toContain('container-security-context-user-group-id');
      expect(annotations['polaris.fairwinds.com/sensitiveContainerEnvVar-exempt']).toBe('true');
      // kube-linter's no-anti-affinity starts at 2 replicas: a singleton needs no exemption for it.
      expect(annotations['ignore-check.kube-linter.io/no-anti-affinity']).toBeUndefined();
    }
    expect(sts.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('NetworkPolicy admits 3306 from the clients only, and DNS egress only', () => {
    const np = find(objs, 'NetworkPolicy', 'my-release-mysql');
    expect(np.spec.podSelector.matchLabels).toEqual(mysql.podSelector);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([{
      from: CLIENTS.map(labels => ({ podSelector: { matchLabels: labels } })),
      ports: [{ protocol: 'TCP', port: 3306 }],
    }]);
    expect(np.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, NODE_LOCAL_DNS],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });
});

describe('the all-options MySQL (fromPasswords)', () => {
  const { chart, mysql } = allOptions();
  const objs = synth(chart);
  const sts = find(objs, 'StatefulSet', 'search-mysql');
  const c = mysqlContainer(sts);

  test('golden, schema-valid and semantically valid', () => {
    expectGolden('metastore/all-options.k8s.yaml', toYaml(objs));
    expectSchemaValid(objs);
    expectSemanticallyValid(objs);
  });

  test('renders the Secret <fullname> from stringData', () => {
    const secret = find(objs, 'Secret', 'search-mysql');
    expect(secret.type).toBe('Opaque');
    expect(secret.stringData).toEqual({ 'mysql-root-password': ROOT_PASSWORD, 'mysql-password': USER_PASSWORD });
    expect(mysql.secret).toBeDefined();
    expect(mysql.passwordSecret).toEqual({ secretName: 'search-mysql', key: 'mysql-password' });
  });

  test('applies class, size, image, pull policy, resources, scheduling and names', () => {
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.spec.storageClassName).toBe('fast-ssd');
    expect(claim.spec.resources.requests.storage).toBe('20Gi');
    expect(c.image).toBe('registry.example.com/library/mysql:5.7.44');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.resources).toEqual({
      requests: { 'cpu': '500m', 'memory': '1Gi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '2', 'memory': '3Gi', 'ephemeral-storage': '4Gi' },
    });
    const spec = sts.spec.template.spec;
    expect(spec.nodeSelector).toEqual({ disktype: 'ssd' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'database', effect: 'NoSchedule' }]);
    expect(spec.priorityClassName).toBe('milvus-critical');
    expect(sts.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('5.7.44');
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(env.MYSQL_USER).toBe('milvus_app');
    expect(env.MYSQL_DATABASE).toBe('milvus_meta');
    expect(mysql.user).toBe('milvus_app');
    expect(mysql.database).toBe('milvus_meta');
    expect(find(objs, 'ConfigMap', 'search-mysql-configuration').data['mysql.cnf']).toContain('innodb_buffer_pool_size = 512M\nslow_query_log = 1\n');
  });

  test('no ConfigMap, env value, probe or annotation contains a password', () => {
    const nonSecrets = objs.filter(o => o.kind !== 'Secret');
    const text = JSON.stringify(nonSecrets);
    for (const pw of [ROOT_PASSWORD, USER_PASSWORD]) {
      expect(text).not.toContain(pw);
    }
    for (const cm of ofKind(objs, 'ConfigMap')) {
      for (const value of Object.values(cm.data ?? {})) {
        expect(value).not.toContain(ROOT_PASSWORD);
        expect(value).not.toContain(USER_PASSWORD);
      }
    }
    for (const obj of objs) {
      for (const container of containersOf(obj)) {
        for (const e of container.env ?? []) {
          expect([ROOT_PASSWORD, USER_PASSWORD]).not.toContain(e.value);
          expect(e.valueFrom).toBeUndefined();
        }
      }
    }
  });
});

describe('behaviour', () => {
  test('synthesis is deterministic', () => {
    expect(toYaml(synth(allOptions().chart))).toEqual(toYaml(synth(allOptions().chart)));
    expect(toYaml(synth(tutorial().chart))).toEqual(toYaml(synth(tutorial().chart)));
  });

  test('the config checksum follows the ConfigMaps', () => {
    const checksum = (extraConfig?: string[]) => {
      const chart = newChart();
      new MySql(chart, 'MySql', { releaseName: 'r', credentials: MySqlCredentials.fromExistingSecret('s'), extraConfig });
      return find(synth(chart), 'StatefulSet', 'r-mysql').spec.template.metadata.annotations['checksum/config'];
    };
    expect(checksum()).toEqual(checksum());
    expect(checksum(['slow_query_log = 1'])).not.toEqual(checksum());
  });

  test('allowClients counts after construction, ignores repeats, and no clients means no ingress', () => {
    const chart = newChart();
    const mysql = new MySql(chart, 'MySql', { releaseName: 'r', credentials: MySqlCredentials.fromExistingSecret('s') });
    expect(find(synth(chart), 'NetworkPolicy', 'r-mysql').spec.ingress ?? []).toEqual([]);
    mysql.allowClients({ 'component': 'writable', 'app.kubernetes.io/instance': 'r' });
    mysql.allowClients({ 'app.kubernetes.io/instance': 'r', 'component': 'writable' });
    const np = find(synth(chart), 'NetworkPolicy', 'r-mysql');
    expect(np.spec.ingress).toHaveLength(1);
    expect(np.spec.ingress[0].from).toHaveLength(1);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('existing Secret with custom keys is mounted by those keys', () => {
    const chart = newChart();
    const mysql = new MySql(chart, 'MySql', {
      releaseName: 'r',
      credentials: MySqlCredentials.fromExistingSecret('db-creds', { rootPasswordKey: 'root', passwordKey: 'milvus' }),
    });
    const objs = synth(chart);
    expect(ofKind(objs, 'Secret')).toEqual([]);
    expect(mysql.passwordSecret).toEqual({ secretName: 'db-creds', key: 'milvus' });
    const creds = find(objs, 'StatefulSet', 'r-mysql').spec.template.spec.volumes.find((v: any) => v.name === 'credentials');
    expect(creds.secret.secretName).toBe('db-creds');
    expect(creds.secret.items).toEqual([{ key: 'root', path: 'root-password' }, { key: 'milvus', path: 'password' }]);
  });

  test('a release that contains "mysql" is not suffixed twice (Helm fullname rule)', () => {
    const chart = newChart();
    const mysql = new MySql(chart, 'MySql', { releaseName: 'mysql-prod', credentials: MySqlCredentials.fromExistingSecret('s') });
    expect(mysql.host).toBe('mysql-prod');
    expectSemanticallyValid(synth(chart));
  });

  test('the longest accepted release keeps every derived name valid', () => {
    const chart = newChart();
    const mysql = new MySql(chart, 'MySql', { releaseName: 'r'.repeat(42), credentials: MySqlCredentials.fromExistingSecret('s') });
    expect(mysql.initialization.name).toHaveLength(63);
    expectSemanticallyValid(synth(chart));
  });

  test('a ReadWriteMany (NFS) class is allowed but recorded as a warning', () => {
    const chart = newChart();
    const mysql = new MySql(chart, 'MySql', {
      releaseName: 'r',
      credentials: MySqlCredentials.fromExistingSecret('s'),
      storageClass: StorageClassRef.fromName('nfs-client', { readWriteMany: true }),
    });
    const warnings = mysql.node.metadata.filter(m => m.type === 'warning').map(m => m.data);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('nfs-client');
  });
});

describe('bad input', () => {
  const base = (): MySqlProps => ({ releaseName: 'my-release', credentials: MySqlCredentials.fromExistingSecret('my-release-mysql') });
  const build = (overrides: Partial<MySqlProps>, chart = newChart()) => new MySql(chart, 'MySql', { ...base(), ...overrides });

  test.each(['My_Release', '', '-release', 'a.b'])('bad release name %j', releaseName => {
    rejects(() => build({ releaseName }), 'invalid releaseName');
  });

  test('a release too long for the 52-character StatefulSet limit', () => {
    const msg = rejects(() => build({ releaseName: 'r'.repeat(47) }), 'invalid releaseName', 'StatefulSet', 'at most 52', 'at most 46 characters');
    expect(msg).toContain(`"${'r'.repeat(47)}"`);
  });

  test('a release of 46 characters fits every derived name (the ConfigMaps are longer than 63: a subdomain allows that)', () => {
    const chart = newChart();
    build({ releaseName: 'r'.repeat(46) }, chart);
    const objs = synth(chart);
    expect(find(objs, 'ConfigMap', `${'r'.repeat(46)}-mysql-initialization`).metadata.name).toHaveLength(67);
    expectSchemaValid(objs);
    expectSemanticallyValid(objs);
  });

  test('a release starting with a digit cannot name a Service', () => {
    rejects(() => build({ releaseName: '1release' }), 'invalid releaseName', 'the derived Service name "1release-mysql" is invalid', 'starting with a letter');
  });

  test.each(['lots', '0', '-4Gi', '100m', '1.5', ''])('bad storage size %j', storageSize => {
    rejects(() => build({ storageSize }), 'invalid storageSize');
  });

  test.each([0, 2, 3, 1.5])('replicas %j is rejected', replicas => {
    rejects(() => build({ replicas }), 'invalid replicas', 'must be 1', 'no replication');
  });

  test.each(['root', 'ROOT', 'Root'])('user %j is rejected', user => {
    rejects(() => build({ user }), 'invalid user', 'must not connect as root');
  });

  test.each(['', 'milvus-user', 'a@b', 'x'.repeat(33)])('bad user name %j', user => {
    rejects(() => build({ user }), 'invalid user');
  });

  test.each(['', 'milvus-db', 'db;drop', 'd'.repeat(65)])('bad database name %j', database => {
    rejects(() => build({ database }), 'invalid database');
  });

  test.each(['mysql', 'mysql:latest', 'MySQL:5.7'])('unpinned or bad image %j', image => {
    rejects(() => build({ image }), 'invalid image');
  });

  test('bad pull policy', () => {
    rejects(() => build({ imagePullPolicy: 'Sometimes' as ImagePullPolicy }), 'invalid imagePullPolicy');
  });

  test('bad resources', () => {
    rejects(() => build({ resources: { cpuRequest: '2', cpuLimit: '1' } }), 'invalid resources.cpuRequest');
    rejects(() => build({ resources: { memoryLimit: 'lots' } }), 'invalid resources.memoryLimit');
  });

  test.each([
    ['innodb_buffer_pool_size = 1G\nsocket = /tmp/x', 'line breaks'],
    ['[client]', 'section headers'],
    ['socket = /tmp/mysql.sock', 'must not set'],
    ['pid-file = /tmp/x.pid', 'must not set'],
    ['Port=3307', 'must not set'],
  ])('extraConfig %j is rejected', (line, fragment) => {
    rejects(() => build({ extraConfig: [line] }), 'invalid extraConfig[0]', fragment);
  });

  test('extraConfig mentioning a password is rejected without echoing it', () => {
    const msg = rejects(() => build({ extraConfig: ['ok = 1', 'password = hunter2hunter2'] }), 'invalid extraConfig[1]', 'must not mention passwords');
    expect(msg).not.toContain('hunter2');
  });

  test('bad scheduling props', () => {
    rejects(() => build({ nodeSelector: { 'bad key!': 'x' } }), 'invalid nodeSelector');
    rejects(() => build({ tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'database' }] }), 'invalid tolerations[0].value', 'must be empty');
    rejects(() => build({ priorityClassName: 'Not_Valid' }), 'invalid priorityClassName');
  });

  test('credentials are required', () => {
    rejects(() => build({ credentials: undefined as any }), 'invalid credentials');
  });

  test('allowClients needs a non-empty, valid selector', () => {
    const mysql = build({});
    rejects(() => mysql.allowClients({}), 'invalid allowClients', 'every pod');
    rejects(() => mysql.allowClients({ component: '-bad-' }), 'invalid allowClients.component');
  });

  test('a chart without a namespace is rejected', () => {
    rejects(() => build({}, new Chart(Testing.app(), 'test')), 'invalid namespace');
  });
});

describe('MySqlCredentials', () => {
  test.each(['has@at.sign.xx', 'has:colon.xxxxx', 'has/slash.xxxxx', 'has space xxxxx', 'quote\'xxxxxxxxx', 'percent%xxxxxxx', 'ünïcode-xxxxxxx'])('unsafe password characters in %j', pw => {
    const msg = rejects(() => MySqlCredentials.fromPasswords({ rootPassword: ROOT_PASSWORD, password: pw }), 'invalid password', 'letters, digits');
    expect(msg).not.toContain(pw);
  });

  test('unsafe root password characters', () => {
    rejects(() => MySqlCredentials.fromPasswords({ rootPassword: 'root@password1', password: USER_PASSWORD }), 'invalid rootPassword');
  });

  test.each(['short', 'elevenchars', ''])('short or empty password %j', pw => {
    const msg = rejects(() => MySqlCredentials.fromPasswords({ rootPassword: ROOT_PASSWORD, password: pw }), 'invalid password');
    if (pw) { expect(msg).not.toContain(`"${pw}"`); }
  });

  test('missing passwords', () => {
    rejects(() => MySqlCredentials.fromPasswords({ password: USER_PASSWORD } as any), 'invalid rootPassword', 'required');
  });

  test('root and user passwords must differ', () => {
    const msg = rejects(() => MySqlCredentials.fromPasswords({ rootPassword: ROOT_PASSWORD, password: ROOT_PASSWORD }), 'invalid password', 'must differ');
    expect(msg).not.toContain(ROOT_PASSWORD);
  });

  test('twelve safe characters are enough', () => {
    const creds = MySqlCredentials.fromPasswords({ rootPassword: 'abcdefghijk~', password: 'ABC.DEF_GHI-' });
    expect(creds.existingSecretName).toBeUndefined();
    expect(creds.rootPasswordKey).toBe('mysql-root-password');
    expect(creds.passwordKey).toBe('mysql-password');
  });

  test.each(['', 'Bad_Name', '-x'])('bad existing Secret name %j', name => {
    rejects(() => MySqlCredentials.fromExistingSecret(name), 'invalid secretName');
  });

  test('empty or bad Secret keys', () => {
    rejects(() => MySqlCredentials.fromExistingSecret('s', { rootPasswordKey: '' }), 'invalid rootPasswordKey');
    rejects(() => MySqlCredentials.fromExistingSecret('s', { passwordKey: '' }), 'invalid passwordKey');
    rejects(() => MySqlCredentials.fromExistingSecret('s', { passwordKey: 'a/b' }), 'invalid passwordKey');
  });

  test('the same key for both passwords is rejected', () => {
    rejects(() => MySqlCredentials.fromExistingSecret('s', { rootPasswordKey: 'pw', passwordKey: 'pw' }), 'invalid passwordKey', 'must differ');
  });
});

test('networkPolicy: false renders no NetworkPolicy, and allowClients has nothing to extend', () => {
  const chart = newChart();
  const mysql = new MySql(chart, 'MySql', {
    releaseName: 'my-release',
    credentials: MySqlCredentials.fromExistingSecret('my-release-mysql'),
    networkPolicy: false,
  });
  CLIENTS.forEach(c => mysql.allowClients(c));
  const objs = synth(chart);
  expect(ofKind(objs, 'NetworkPolicy')).toEqual([]);
  expect(mysql.networkPolicy).toBeUndefined();
  expect(ofKind(objs, 'StatefulSet').map(o => o.metadata.name)).toEqual(['my-release-mysql']);
});
