/**
 * Hand-written invalid inputs across every construct and the CLI config, each with the
 * message fragment its ValidationError (or the CLI's stderr) must contain.
 */
import { readFileSync } from 'fs';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { SEED_FILE } from './scenarios';
import { MilvusCluster, MilvusClusterProps } from '../../src/cluster/milvus-cluster';
import { MilvusClusterChart, MilvusClusterChartProps } from '../../src/cluster/milvus-cluster-chart';
import { ExternalMySql, ExternalMySqlProps } from '../../src/metastore/external-mysql';
import { MySql, MySqlProps } from '../../src/metastore/mysql';
import { MySqlCredentials } from '../../src/metastore/mysql-credentials';
import { MilvusDataVolume, MilvusDataVolumeProps } from '../../src/milvus/milvus-data-volume';
import { MilvusNode, MilvusNodeProps } from '../../src/milvus/milvus-node';
import { MilvusRole } from '../../src/milvus/milvus-role';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { Exposure } from '../../src/proxy/exposure';
import { Mishards, MishardsProps } from '../../src/proxy/mishards';
import { MishardsDiscovery } from '../../src/proxy/mishards-discovery';
import { MilvusSmokeTest, MilvusSmokeTestProps } from '../../src/smoke/milvus-smoke-test';
import { NfsProvisioner, NfsProvisionerProps } from '../../src/storage/nfs-provisioner';
import { StorageClassRef } from '../../src/storage/storage-class-ref';

/** fast-check settings of bad-input.test.ts (seeded: every run tries the same inputs). */
export const FC_SEED = 20261127;
export const VALID_RUNS = 60;
export const INVALID_RUNS = 100;

export interface InvalidInput {
  /** Which construct or entry point. */
  readonly target: string;
  readonly name: string;
  readonly build: () => unknown;
  /** Must appear in the error message. */
  readonly fragment: string;
}

const any = (x: unknown) => x as any;
const chart = () => new Chart(Testing.app(), 'c', { namespace: 'milvus' });
const RWX = StorageClassRef.fromName('nfs-client', { readWriteMany: true });
const PASSWORDS = { rootPassword: 'Root-password-0001', password: 'User-password-0002' };
const metaStore = () => new ExternalMySql({ host: 'db.example.com', user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' } });

function nfs(p: Partial<NfsProvisionerProps>) {
  return () => new NfsProvisioner(chart(), 'nfs', { server: '10.0.0.1', path: '/nfs', ...p } as NfsProvisionerProps);
}
function mysql(p: Partial<MySqlProps>) {
  return () => new MySql(chart(), 'mysql', { releaseName: 'rel', credentials: MySqlCredentials.fromExistingSecret('rel-mysql'), ...p } as MySqlProps);
}
function ext(p: Partial<ExternalMySqlProps>) {
  return () => new ExternalMySql({ host: 'db.example.com', user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' }, ...p } as ExternalMySqlProps);
}
function node(p: Partial<MilvusNodeProps>) {
  return () => {
    const c = chart();
    const dataVolume = new MilvusDataVolume(c, 'dv', { releaseName: 'rel', storageClass: RWX });
    return new MilvusNode(c, 'node', { releaseName: 'rel', role: MilvusRole.READONLY, version: MilvusVersion.V0_10_0, metaStore: metaStore(), dataVolume, ...p } as MilvusNodeProps);
  };
}
function volume(p: Partial<MilvusDataVolumeProps>) {
  return () => new MilvusDataVolume(chart(), 'dv', { releaseName: 'rel', storageClass: RWX, ...p } as MilvusDataVolumeProps);
}
function mishards(p: Partial<MishardsProps>) {
  return () => new Mishards(chart(), 'ms', {
    releaseName: 'rel',
    version: MilvusVersion.V0_10_0,
    metaStore: metaStore(),
    writableHost: 'rel-milvus-writable',
    readonlyPodSelector: { 'app.kubernetes.io/instance': 'rel', 'component': 'readonly' },
    ...p,
  } as MishardsProps);
}
function smokeTest(p: Partial<MilvusSmokeTestProps>) {
  return () => new MilvusSmokeTest(chart(), 'st', { releaseName: 'rel', version: MilvusVersion.V0_10_0, host: 'rel-milvus', ...p } as MilvusSmokeTestProps);
}
function cluster(p: Partial<MilvusClusterProps>) {
  return () => new MilvusCluster(chart(), 'cl', { releaseName: 'rel', storageClass: RWX, metaStore: metaStore(), ...p } as MilvusClusterProps);
}

/** The seed config, deep-copied, with one change applied. */
export function seedConfig(change: (c: any) => void = () => undefined): any {
  const c = parse(readFileSync(SEED_FILE, 'utf8'));
  change(c);
  return c;
}
function chartProps(change: (c: any) => void) {
  return () => new MilvusClusterChart(Testing.app(), 'x', seedConfig(change) as MilvusClusterChartProps);
}

type Row = [name: string, build: () => unknown, fragment: string];
const rows = (target: string, list: Row[]): InvalidInput[] => list.map(([name, build, fragment]) => ({ target, name, build, fragment }));

export const INVALID_INPUTS: InvalidInput[] = [
  ...rows('NfsProvisioner', [
    ['server missing', nfs({ server: undefined }), 'invalid server: got nothing'],
    ['server with spaces', nfs({ server: 'nfs server' }), 'invalid server:'],
    ['server numeric but not an IP', nfs({ server: '300.1.1.1' }), 'invalid server:'],
    ['server upper case', nfs({ server: 'NFS.example.com' }), 'invalid server:'],
    ['path relative', nfs({ path: 'nfs' }), 'invalid path:'],
    ['path with ..', nfs({ path: '/nfs/../etc' }), 'invalid path:'],
    ['path empty', nfs({ path: '' }), 'invalid path:'],
    ['releaseName upper case', nfs({ releaseName: 'NFS' }), 'invalid releaseName:'],
    ['releaseName too long', nfs({ releaseName: 'a'.repeat(64) }), 'invalid releaseName:'],
    ['storageClassName with _', nfs({ storageClassName: 'nfs_client' }), 'invalid storageClassName:'],
    ['provisionerName with spaces', nfs({ provisionerName: 'my provisioner' }), 'invalid provisionerName:'],
    ['mountOptions nolock', nfs({ mountOptions: ['nolock'] }), 'invalid mountOptions[0]:'],
    ['mountOptions local_lock=all', nfs({ mountOptions: ['rw', 'local_lock=all'] }), 'invalid mountOptions[1]:'],
    ['mountOptions nolock inside a comma list', nfs({ mountOptions: ['rw,nolock'] }), 'defeats the lock'],
    ['mountOptions not a list', nfs({ mountOptions: any('rw') }), 'invalid mountOptions:'],
    ['mountOptions with spaces', nfs({ mountOptions: ['rw hard'] }), 'invalid mountOptions[0]:'],
    ['reclaimPolicy unknown', nfs({ reclaimPolicy: any('Recycle') }), 'invalid reclaimPolicy:'],
    ['onDelete delete without allowDataLoss', nfs({ onDelete: any('delete') }), 'allowDataLoss'],
    ['archiveOnDelete false without allowDataLoss', nfs({ archiveOnDelete: false }), 'invalid archiveOnDelete:'],
    ['pathPattern with archiving', nfs({ reclaimPolicy: any('Delete'), pathPattern: '${.PVC.name}' }), 'invalid pathPattern:'],
    ['pathPattern without placeholder', nfs({ pathPattern: 'fixed' }), 'share one directory'],
    ['pathPattern escaping the export', nfs({ pathPattern: '../${.PVC.name}' }), 'invalid pathPattern:'],
    ['image latest', nfs({ image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:latest' }), 'invalid image:'],
    ['image untagged', nfs({ image: 'nfs-provisioner' }), 'invalid image:'],
    ['imagePullPolicy unknown', nfs({ imagePullPolicy: any('Sometimes') }), 'invalid imagePullPolicy:'],
    ['imageRegistry without a registry host', nfs({ imageRegistry: 'harbor/dockerhub' }), 'invalid imageRegistry:'],
    ['ephemeral limit below /tmp and the kept output', nfs({ resources: { ephemeralStorageRequest: '8Mi', ephemeralStorageLimit: '32Mi' } }), 'invalid resources.ephemeralStorageLimit:'],
    ['dns CIDR without a prefix length', nfs({ dns: { cidrs: ['169.254.20.10'] } }), 'invalid dns.cidrs[0]:'],
    ['resources bad quantity', nfs({ resources: { cpuLimit: 'lots' } }), 'invalid resources.cpuLimit:'],
    ['resources request above limit', nfs({ resources: { memoryRequest: '1Gi', memoryLimit: '128Mi' } }), 'invalid resources.memoryRequest:'],
    ['runAsUser without runAsNonRoot', nfs({ runAsUser: 1000 }), 'invalid runAsUser:'],
    ['runAsUser zero', nfs({ runAsNonRoot: true, runAsUser: 0 }), 'invalid runAsUser:'],
    ['nodeSelector bad value', nfs({ nodeSelector: { zone: 'a b' } }), 'invalid nodeSelector.zone:'],
    ['storageClassLabels bad key', nfs({ storageClassLabels: { 'bad key': 'x' } }), 'invalid storageClassLabels key:'],
    ['defaultClass not boolean', nfs({ defaultClass: any('yes') }), 'invalid defaultClass:'],
    ['priorityClassName upper case', nfs({ priorityClassName: 'High' }), 'invalid priorityClassName:'],
  ]),
  ...rows('MySql', [
    ['dns selecting every pod', mysql({ dns: { namespaceLabels: {}, podLabels: {} } }), 'invalid dns.podLabels:'],
    ['imagePullSecrets listed twice', mysql({ imagePullSecrets: ['a', 'a'] }), 'invalid imagePullSecrets:'],
    ['ephemeral limit below /tmp', mysql({ resources: { ephemeralStorageRequest: '64Mi', ephemeralStorageLimit: '1Gi' } }), 'invalid resources.ephemeralStorageLimit:'],
    ['replicas 2', mysql({ replicas: 2 }), 'invalid replicas:'],
    ['replicas 0', mysql({ replicas: 0 }), 'invalid replicas:'],
    ['credentials missing', mysql({ credentials: undefined }), 'invalid credentials:'],
    ['database with -', mysql({ database: 'milvus-db' }), 'invalid database:'],
    ['database too long', mysql({ database: 'd'.repeat(65) }), 'invalid database:'],
    ['user root', mysql({ user: 'root' }), 'must not connect as root'],
    ['user too long', mysql({ user: 'u'.repeat(33) }), 'invalid user:'],
    ['storageSize zero', mysql({ storageSize: '0Gi' }), 'invalid storageSize:'],
    ['storageSize milli', mysql({ storageSize: '100m' }), 'invalid storageSize:'],
    ['storageSize garbage', mysql({ storageSize: 'big' }), 'invalid storageSize:'],
    ['image latest', mysql({ image: 'mysql:latest' }), 'invalid image:'],
    ['extraConfig mentions a password', mysql({ extraConfig: ['password = x'] }), 'must not mention passwords'],
    ['extraConfig overrides datadir', mysql({ extraConfig: ['datadir = /tmp'] }), 'invalid extraConfig[0]:'],
    ['extraConfig section header', mysql({ extraConfig: ['[client]'] }), 'section headers'],
    ['extraConfig line break', mysql({ extraConfig: ['a = 1\nb = 2'] }), 'no line breaks'],
    ['releaseName too long', mysql({ releaseName: 'r'.repeat(50) }), 'invalid releaseName:'],
    ['releaseName starting with a digit', mysql({ releaseName: '1rel' }), 'invalid releaseName:'],
    ['resources ephemeral request above limit', mysql({ resources: { ephemeralStorageRequest: '5Gi' } }), 'invalid resources.ephemeralStorageRequest:'],
  ]),
  ...rows('MySqlCredentials', [
    ['passwords too short', () => MySqlCredentials.fromPasswords({ rootPassword: 'short', password: PASSWORDS.password }), 'at least 12'],
    ['password with @', () => MySqlCredentials.fromPasswords({ ...PASSWORDS, password: 'User@password-0002' }), 'invalid password:'],
    ['password equal to root', () => MySqlCredentials.fromPasswords({ rootPassword: PASSWORDS.password, password: PASSWORDS.password }), 'must differ from rootPassword'],
    ['password missing', () => MySqlCredentials.fromPasswords({ rootPassword: PASSWORDS.rootPassword } as any), 'no default password'],
    ['secret name upper case', () => MySqlCredentials.fromExistingSecret('MySecret'), 'invalid secretName:'],
    ['secret key with /', () => MySqlCredentials.fromExistingSecret('s', { passwordKey: 'a/b' }), 'invalid passwordKey:'],
    ['same keys', () => MySqlCredentials.fromExistingSecret('s', { passwordKey: 'k', rootPasswordKey: 'k' }), 'must differ from rootPasswordKey'],
  ]),
  ...rows('ExternalMySql', [
    ['host missing', ext({ host: undefined }), 'invalid host:'],
    ['host with scheme', ext({ host: 'mysql://db' }), 'invalid host:'],
    ['port 0', ext({ port: 0 }), 'invalid port:'],
    ['port 70000', ext({ port: 70000 }), 'invalid port:'],
    ['user root', ext({ user: 'root' }), 'invalid user:'],
    ['database with spaces', ext({ database: 'my db' }), 'invalid database:'],
    ['passwordSecret missing', ext({ passwordSecret: undefined }), 'invalid passwordSecret:'],
    ['passwordSecret key empty', ext({ passwordSecret: { secretName: 'db', key: '' } }), 'invalid passwordSecret.key:'],
  ]),
  ...rows('MilvusNode', [
    ['writable with 2 replicas', node({ role: MilvusRole.WRITABLE, replicas: 2 }), 'exactly 1 replica'],
    ['writable with 0 replicas', node({ role: MilvusRole.WRITABLE, replicas: 0 }), 'invalid replicas:'],
    ['readonly with 0 replicas', node({ replicas: 0 }), 'invalid replicas:'],
    ['readonly with 1.5 replicas', node({ replicas: 1.5 }), 'invalid replicas:'],
    ['readonly with 101 replicas', node({ replicas: 101 }), 'invalid replicas:'],
    ['role unknown', node({ role: any('primary') }), 'invalid role:'],
    ['version missing', node({ version: undefined }), 'invalid version:'],
    ['image latest', node({ image: 'milvusdb/milvus:latest' }), 'invalid image:'],
    ['initImage untagged', node({ initImage: 'alpine' }), 'invalid initImage:'],
    ['imagePullPolicy unknown', node({ imagePullPolicy: any('Daily') }), 'invalid imagePullPolicy:'],
    ['imagePullSecrets with a bad name', node({ imagePullSecrets: ['Reg_Cred'] }), 'invalid imagePullSecrets[0]:'],
    ['imageRegistry with a scheme', node({ imageRegistry: 'https://registry.local' }), 'invalid imageRegistry:'],
    ['cache above memory limit', node({ config: { cache: { cacheSize: '16GB' } } }), 'config.cache'],
    ['timezone malformed', node({ config: { timezone: 'Europe/Paris' } }), 'invalid config.timezone:'],
    ['wal on readonly', node({ config: { wal: { bufferSize: '128MB' } } }), 'invalid config.wal:'],
    ['log level unknown', node({ config: { logs: { level: any('verbose') } } }), 'invalid config.logs.level:'],
    ['gpu count 0', node({ gpu: { count: 0 } }), 'invalid gpu.count:'],
    ['gpu device beyond count', node({ gpu: { count: 1, searchDevices: ['gpu1'] } }), 'invalid gpu.searchDevices:'],
    ['runAsNonRoot not boolean', node({ runAsNonRoot: any('true') }), 'invalid runAsNonRoot:'],
    ['writable as non-root', node({ role: MilvusRole.WRITABLE, runAsNonRoot: true }), 'the writable node cannot start as UID 10001'],
    ['log rotation unbounded', node({ config: { logs: { logRotateNum: 0 } } }), 'invalid config.logs.logRotateNum: got 0'],
    ['logs beyond the ephemeral limit', node({ config: { logs: { logRotateNum: 10 } } }), 'invalid resources.ephemeralStorageLimit:'],
    ['1.1 without stdout logs', node({ version: MilvusVersion.V1_1_1, config: { logs: { logToStdout: false } } }), 'invalid config.logs.logToStdout:'],
    ['nodeSelector bad key', node({ nodeSelector: { '-bad': 'x' } }), 'invalid nodeSelector key:'],
    ['resources cpu negative', node({ resources: { cpuRequest: '-1' } }), 'invalid resources.cpuRequest:'],
    ['priorityClassName with space', node({ priorityClassName: 'high prio' }), 'invalid priorityClassName:'],
    ['releaseName too long for the StatefulSet', node({ role: MilvusRole.WRITABLE, releaseName: 'r'.repeat(40) }), 'invalid releaseName:'],
  ]),
  ...rows('MilvusDataVolume', [
    ['ReadWriteOnce class', volume({ storageClass: StorageClassRef.fromName('gp2') }), 'ReadWriteMany'],
    ['no class', volume({ storageClass: undefined }), 'invalid storageClass:'],
    ['size zero', volume({ size: '0' }), 'invalid size:'],
    ['size garbage', volume({ size: '50 GB' }), 'invalid size:'],
    ['releaseName upper case', volume({ releaseName: 'Rel' }), 'invalid releaseName:'],
  ]),
  ...rows('Mishards', [
    ['replicas 0', mishards({ replicas: 0 }), 'invalid replicas:'],
    ['maxWorkers 0', mishards({ maxWorkers: 0 }), 'invalid maxWorkers:'],
    ['timezone with spaces', mishards({ timezone: 'Asia Shanghai' }), 'invalid timezone:'],
    ['image latest', mishards({ image: 'milvusdb/mishards:latest' }), 'invalid image:'],
    ['writableHost empty', mishards({ writableHost: '' }), 'invalid writableHost:'],
    ['writablePort 0', mishards({ writablePort: 0 }), 'invalid writablePort:'],
    ['readonly selector without instance', mishards({ readonlyPodSelector: { component: 'readonly' } }), 'app.kubernetes.io/instance'],
    ['readonly selector missing', mishards({ readonlyPodSelector: undefined }), 'invalid readonlyPodSelector:'],
    ['serviceAnnotations bad key', mishards({ serviceAnnotations: { 'a b': 'x' } }), 'invalid serviceAnnotations key:'],
    ['metaStore missing', mishards({ metaStore: undefined }), 'invalid metaStore:'],
    ['version missing', mishards({ version: undefined }), 'invalid version:'],
    ['ephemeral limit below /tmp', mishards({ resources: { ephemeralStorageRequest: '100Mi', ephemeralStorageLimit: '512Mi' } }), 'invalid resources.ephemeralStorageLimit:'],
  ]),
  ...rows('MilvusSmokeTest', [
    ['image latest', smokeTest({ image: 'milvusdb/mishards:latest' }), 'invalid image:'],
    ['host empty', smokeTest({ host: '' }), 'invalid host:'],
    ['deadline shorter than the connect timeout', smokeTest({ connectTimeoutSeconds: 900, activeDeadlineSeconds: 600 }), 'must be longer than connectTimeoutSeconds (900)'],
    ['version missing', smokeTest({ version: undefined }), 'invalid version:'],
  ]),
  ...rows('Exposure', [
    ['nodePort below range', () => Exposure.nodePort({ nodePort: 80 }), 'invalid nodePort:'],
    ['nodePort above range', () => Exposure.nodePort({ nodePort: 32768 }), 'invalid nodePort:'],
    ['nodePort outside a custom range', () => Exposure.nodePort({ nodePort: 30000, nodePortRange: { min: 31000, max: 31999 } }), 'from 31000 to 31999'],
    ['range inverted', () => Exposure.nodePort({ nodePortRange: { min: 32000, max: 31000 } }), 'invalid nodePortRange:'],
    ['LoadBalancer without source ranges', () => Exposure.loadBalancer({ sourceRanges: [] }), 'invalid sourceRanges:'],
    ['LoadBalancer bad CIDR', () => Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/33'] }), 'invalid sourceRanges[0]:'],
    ['LoadBalancer IP not an IP', () => Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'], loadBalancerIp: 'lb.example.com' }), 'invalid loadBalancerIp:'],
  ]),
  ...rows('MishardsDiscovery', [
    ['static without hosts', () => MishardsDiscovery.staticHosts([]), 'invalid hosts:'],
    ['static IPv6 host', () => MishardsDiscovery.staticHosts(['fd00::1']), 'IPv4 only'],
    ['static duplicate hosts', () => MishardsDiscovery.staticHosts(['a', 'a']), 'must be unique'],
    ['static port 0', () => MishardsDiscovery.staticHosts(['a'], 0), 'invalid port:'],
    ['kubernetes poll 0', () => MishardsDiscovery.kubernetes({ pollIntervalSeconds: 0 }), 'invalid pollIntervalSeconds:'],
    ['kubernetes port 65536', () => MishardsDiscovery.kubernetes({ port: 65536 }), 'invalid port:'],
  ]),
  ...rows('MilvusCluster', [
    ['releaseName with _', cluster({ releaseName: 'my_release' }), 'invalid releaseName:'],
    ['no storage class', cluster({ storageClass: undefined }), 'invalid storageClass:'],
    ['no metastore', cluster({ metaStore: undefined }), 'invalid metaStore:'],
    ['RWO storage class', cluster({ storageClass: StorageClassRef.fromName('gp2') }), 'ReadWriteMany'],
    ['writable replicas 3', cluster({ writable: { replicas: 3 } }), 'invalid writable.replicas:'],
    ['readonly replicas 0', cluster({ readonly: { replicas: 0 } }), 'invalid readonly.replicas:'],
    ['mishards replicas -1', cluster({ mishards: { replicas: -1 } }), 'invalid mishards.replicas:'],
    ['clients naming nobody', cluster({ networkPolicies: { clients: {} } }), 'invalid networkPolicies.clients:'],
    ['apiServerCidrs bad', cluster({ networkPolicies: { apiServerCidrs: ['10.0.0.1'] } }), 'invalid networkPolicies.apiServerCidrs[0]:'],
    ['apiServerPorts 0', cluster({ networkPolicies: { apiServerPorts: [0] } }), 'invalid networkPolicies.apiServerPorts[0]:'],
    ['data volume size bad', cluster({ dataVolumeSize: '-5Gi' }), 'invalid dataVolumeSize:'],
  ]),
  ...rows('MilvusClusterChart', [
    ['namespace upper case', chartProps(c => { c.namespace = 'Milvus'; }), 'invalid namespace:'],
    ['namespace missing', chartProps(c => { delete c.namespace; }), 'invalid namespace:'],
    ['releaseName missing', chartProps(c => { delete c.releaseName; }), 'invalid releaseName:'],
    ['version unknown', chartProps(c => { c.version = '2.0.0'; }), 'invalid version:'],
    ['custom images with a matrix-less version', chartProps(c => { c.version = '2.0'; c.images = { milvusImage: 'a:1', mishardsImage: 'b:1' }; }), 'invalid version:'],
    ['custom image latest', chartProps(c => { c.images = { milvusImage: 'a:latest', mishardsImage: 'b:1' }; }), 'invalid images.milvusImage:'],
    ['storage missing', chartProps(c => { delete c.storage; }), 'invalid storage:'],
    ['storage both nfs and class', chartProps(c => { c.storage.storageClassName = 'x'; }), 'not both'],
    ['storage readWriteMany with nfs', chartProps(c => { c.storage.readWriteMany = true; }), 'invalid storage.readWriteMany:'],
    ['existing class not declared RWX', chartProps(c => { c.storage = { storageClassName: 'gp2' }; }), 'ReadWriteMany'],
    ['storage size bad', chartProps(c => { c.storage.size = 'fifty'; }), 'invalid storage.size:'],
    ['nfs server bad', chartProps(c => { c.storage.nfs.server = 'not a host'; }), 'invalid storage.nfs.server:'],
    ['nfs nolock', chartProps(c => { c.storage.nfs.mountOptions = ['nolock']; }), 'invalid storage.nfs.mountOptions[0]:'],
    ['mysql secret and passwords', chartProps(c => { Object.assign(c.mysql, PASSWORDS); }), 'invalid mysql.existingSecret:'],
    ['mysql weak password', chartProps(c => { c.mysql = { rootPassword: 'abc', password: PASSWORDS.password }; }), 'invalid mysql.rootPassword:'],
    ['mysql replicas 2', chartProps(c => { c.mysql.replicas = 2; }), 'invalid mysql.replicas:'],
    ['mysql storage size bad', chartProps(c => { c.mysql.storageSize = '4 Gi'; }), 'invalid mysql.storageSize:'],
    ['external mysql without user', chartProps(c => { delete c.mysql; c.externalMysql = { host: 'db', passwordSecret: { secretName: 'db', key: 'pw' } }; }), 'invalid externalMysql.user:'],
    ['mysql and externalMysql together', chartProps(c => { c.externalMysql = { host: 'db', user: 'milvus', passwordSecret: { secretName: 'db', key: 'pw' } }; }), 'leave mysql out when externalMysql is set'],
    ['mysql.passwordKey with passwords', chartProps(c => { c.mysql = { rootPassword: 'root-Secret-0123456789', password: 'milvus-Secret-9876543210', passwordKey: 'pw' }; }), 'invalid mysql.passwordKey:'],
    ['writable replicas 2', chartProps(c => { c.writable.replicas = 2; }), 'invalid writable.replicas:'],
    ['readonly replicas 0', chartProps(c => { c.readonly.replicas = 0; }), 'invalid readonly.replicas:'],
    ['writable timezone bad', chartProps(c => { c.writable.config.timezone = 'CET'; }), 'invalid writable.config.timezone:'],
    ['mishards replicas 0', chartProps(c => { c.mishards.replicas = 0; }), 'invalid mishards.replicas:'],
    ['exposure type unknown', chartProps(c => { c.mishards.exposure.type = 'Ingress'; }), 'invalid mishards.exposure.type:'],
    ['nodePort out of range', chartProps(c => { c.mishards.exposure.nodePort = 19530; }), 'invalid mishards.exposure.nodePort:'],
    ['sourceRanges on NodePort', chartProps(c => { c.mishards.exposure.sourceRanges = ['10.0.0.0/8']; }), 'invalid mishards.exposure.sourceRanges:'],
    ['LoadBalancer without sourceRanges', chartProps(c => { c.mishards.exposure = { type: 'LoadBalancer' }; }), 'invalid mishards.exposure.sourceRanges:'],
    ['discovery type unknown', chartProps(c => { c.mishards.discovery = { type: 'consul' }; }), 'invalid mishards.discovery.type:'],
    ['static discovery without hosts', chartProps(c => { c.mishards.discovery = { type: 'static' }; }), 'invalid mishards.discovery.hosts:'],
    ['hosts on kubernetes discovery', chartProps(c => { c.mishards.discovery = { hosts: ['a'] }; }), 'invalid mishards.discovery.hosts:'],
    ['labels bad value', chartProps(c => { c.labels = { team: 'a b' }; }), 'invalid labels.team:'],
    ['gpu on a custom version without GPU image', chartProps(c => { c.images = { milvusImage: 'a:1', mishardsImage: 'b:1' }; c.writable.gpu = { count: 1 }; }), 'invalid writable.gpu:'],
  ]),
];

export interface InvalidCliConfig {
  readonly name: string;
  /** The file's text (YAML or JSON). */
  readonly text: string;
  /** Must appear in stderr (the key path). */
  readonly fragment: string;
}

const yamlOf = (change: (c: any) => void) => JSON.stringify(seedConfig(change), null, 2);

export const INVALID_CLI_CONFIGS: InvalidCliConfig[] = [
  { name: 'YAML syntax error', text: 'namespace: [milvus\nreleaseName: x\n', fragment: 'cannot read config' },
  { name: 'two YAML documents', text: 'namespace: a\n---\nnamespace: b\n', fragment: 'exactly one YAML document' },
  { name: 'not a mapping', text: '- a\n- b\n', fragment: 'config: expected a mapping' },
  { name: 'unknown top-level key with a suggestion', text: yamlOf(c => { c.relaseName = c.releaseName; }), fragment: 'relaseName: unknown key; did you mean "releaseName"' },
  { name: 'required key missing', text: yamlOf(c => { delete c.storage; }), fragment: 'storage: required key is missing' },
  { name: 'wrong type', text: yamlOf(c => { c.readonly.replicas = 'two'; }), fragment: 'readonly.replicas: expected number' },
  { name: 'unknown nested key', text: yamlOf(c => { c.storage.nfs.sever = '1.2.3.4'; }), fragment: 'storage.nfs.sever: unknown key' },
  { name: 'list instead of string', text: yamlOf(c => { c.namespace = ['a']; }), fragment: 'namespace: expected string' },
  { name: 'nolock mount option', text: yamlOf(c => { c.storage.nfs.mountOptions = ['nolock']; }), fragment: 'storage.nfs.mountOptions[0]' },
  { name: 'writable replicas 2', text: yamlOf(c => { c.writable.replicas = 2; }), fragment: 'writable.replicas' },
  { name: 'nodePort out of range', text: yamlOf(c => { c.mishards.exposure.nodePort = 99999; }), fragment: 'mishards.exposure.nodePort' },
  { name: 'RWO existing class', text: yamlOf(c => { c.storage = { storageClassName: 'gp2' }; }), fragment: 'invalid storage.storageClassName: got "gp2"' },
  { name: 'version unknown', text: yamlOf(c => { c.version = '0.9.1'; }), fragment: 'version' },
  { name: 'mysql secret and passwords', text: yamlOf(c => { Object.assign(c.mysql, PASSWORDS); }), fragment: 'mysql.existingSecret' },
  { name: 'LoadBalancer without sourceRanges', text: yamlOf(c => { c.mishards.exposure = { type: 'LoadBalancer' }; }), fragment: 'mishards.exposure.sourceRanges' },
  { name: 'bad namespace', text: yamlOf(c => { c.namespace = 'Prod_NS'; }), fragment: 'namespace' },
];
