/**
 * `cdk8s-milvus from-helm`: the tutorial's Helm commands convert into a config whose manifest is
 * examples/seed.yaml's, byte for byte; every key of the charts' values has a rule (carried, or
 * named with the reason it is not); passwords never reach the output; bad input exits 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { optionsOf } from '../../src/cli/_from-helm';
import { expectSchemaValid, runCli } from '../support';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'helm-migration');
const VALUES = join(__dirname, '..', 'peer', 'values');
const dir = mkdtempSync(join(tmpdir(), 'from-helm-'));

const cli = runCli;

function synthOf(configText: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, configText);
  const r = cli('synth', '--config', file, '--stdout');
  if (r.code !== 0) { throw new Error(`synth failed:\n${r.stderr}\n--- config ---\n${configText}`); }
  return r.stdout;
}

/** The tutorial: its three --set flags, service.type=NodePort (edited in values.yaml), the NFS values. */
const TUTORIAL = [
  'from-helm', '--release', 'my-release', '--namespace', 'milvus',
  '--set', 'cluster.enabled=true', '--set', 'persistence.enabled=true', '--set', 'mysql.enabled=true',
  '--set', 'service.type=NodePort',
  // The node port the cluster gave the tutorial's Service (kubectl get svc my-release-milvus).
  '--set', 'service.nodePort=32227',
  '--nfs-values', join('examples', 'helm-migration', 'nfs-client-values.yaml'),
];

describe('the tutorial\'s release', () => {
  const cwd = process.cwd();
  beforeAll(() => process.chdir(ROOT));
  afterAll(() => process.chdir(cwd));

  test('converts into a config whose manifest equals examples/seed.yaml\'s', () => {
    const r = cli(...TUTORIAL);
    expect(r.code).toBe(0);
    expect(synthOf(r.stdout)).toEqual(synthOf(readFileSync(join(ROOT, 'examples', 'seed.yaml'), 'utf8')));
  });

  test('examples/helm-migration/my-release.yaml is what the command prints today', () => {
    const r = cli(...TUTORIAL);
    const file = join(EXAMPLE, 'my-release.yaml');
    if (process.env.UPDATE_GOLDEN === '1') { writeFileSync(file, r.stdout); }
    expect(r.stdout).toEqual(readFileSync(file, 'utf8'));
    expect(readFileSync(join(EXAMPLE, 'README.md'), 'utf8')).toContain(TUTORIAL.slice(1).map(a => (a.includes(' ') ? `'${a}'` : a)).join(' '));
  });

  test('explains moving the data: claims retained, Helm forgets the release, MySQL copied into the StatefulSet\'s claim', () => {
    const out = cli(...TUTORIAL).stdout;
    expect(out).toContain('"persistentVolumeReclaimPolicy":"Retain"');
    expect(out).toContain('kubectl -n milvus delete secret -l owner=helm,name=my-release');
    expect(out).not.toMatch(/^[^#]*helm uninstall/m);
    expect(out).toContain('claimName: my-release-mysql, readOnly: true');
    expect(out).toContain('claimName: data-my-release-mysql-0');
    expect(out).toContain('existingClaim: my-release-milvus');
    // The chart's Secret is reused, never a password.
    expect(parse(out).mysql.existingSecret).toBe('my-release-mysql');
  });
});

test.each(['milvus-0.10.0', 'milvus-0.10.6', 'milvus-1.1.6'])('every key of the %s chart\'s whole values.yaml has a rule, and the result synthesizes', chart => {
  const nfs = join(dir, 'nfs.yaml');
  writeFileSync(nfs, readFileSync(join(VALUES, 'nfs-client-provisioner-1.2.8.values.yaml'), 'utf8').replace(/^ {2}server:.*$/m, '  server: 10.0.0.5'));
  const version = chart.replace('milvus-', '');
  const r = cli('from-helm', '--values', join(VALUES, `${chart}.values.yaml`), '--nfs-values', nfs, '--chart-version', version, '--namespace', 'milvus');
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).not.toMatch(/not a value of/);
  // Each value not carried names a reason.
  const dropped = r.stdout.split('\n').filter(l => /^# {3}\S+: .* — /.test(l));
  expect(dropped.length).toBeGreaterThan(5);
  expect(r.stdout).toContain('mysql.mysqlPassword: "<not shown>" — passwords never go into the config');
  // The chart's default passwords appear nowhere, not even in that list.
  expect(r.stdout).not.toContain('milvusroot');
  expect(JSON.stringify(parse(r.stdout))).not.toMatch(/assword/);
  const config = parse(r.stdout);
  expect(config.version).toBe(version === '1.1.6' ? '1.1.1' : version);
  expectSchemaValid(parse(`[${synthOf(r.stdout).split(/^---$/m).map(d => JSON.stringify(parse(d))).join(',')}]`));
});

test('chart values map onto their config keys', () => {
  const values = join(dir, 'values.yaml');
  writeFileSync(values, [
    'image: { tag: 0.10.6-gpu-d022221-64ddc2, pullPolicy: IfNotPresent, resources: { limits: { cpu: "4", memory: 16Gi } } }',
    'gpu: { enabled: true, cacheSize: 2GB }',
    'readonly: { replicas: 3, cache: { cacheSize: 8GB }, resources: { limits: { memory: 16Gi } } }',
    'mishards: { replicas: 2, maxWorkers: 64, debug: false }',
    'service: { type: LoadBalancer, loadBalancerSourceRanges: [203.0.113.0/24], annotations: { a: b } }',
    'persistence: { persistentVolumeClaim: { storageClass: efs-sc, size: 200Gi } }',
    'externalMysql: { enabled: true, ip: 10.0.0.12, port: 3306, user: milvus, password: s3cret-password, database: milvus }',
    'mysql: { enabled: false }',
    'sideCar: true',
  ].join('\n'));
  const r = cli('from-helm', '-f', values, '--set', 'timeZone=UTC+0', '--chart-version', '0.10.6');
  expect(r.code).toBe(0);
  const c = parse(r.stdout);
  expect(c).toMatchObject({
    namespace: 'default',
    version: '0.10.6',
    storage: { storageClassName: 'efs-sc', readWriteMany: true, size: '200Gi' },
    externalMysql: { host: '10.0.0.12', port: 3306, user: 'milvus', passwordSecret: { secretName: 'my-release-external-mysql', key: 'password' } },
    writable: { imagePullPolicy: 'IfNotPresent', resources: { cpuLimit: '4', memoryLimit: '16Gi' }, gpu: { count: 1, cacheSize: '2GB' }, config: { timezone: 'UTC+0' } },
    readonly: { replicas: 3, config: { timezone: 'UTC+0', cache: { cacheSize: '8GB' } } },
    mishards: { replicas: 2, maxWorkers: 64, debug: false, exposure: { type: 'LoadBalancer', sourceRanges: ['203.0.113.0/24'], annotations: { a: 'b' } } },
  });
  expect(c.mysql).toBeUndefined();
  expect(r.stdout).not.toContain('s3cret-password');
  expect(r.stdout).toContain('sideCar: true — not a value of milvus-helm 0.10.6 (a typo?)');
  expect(r.stdout).toContain("create secret generic my-release-external-mysql --from-literal=password='<externalMysql.password>'");
  expect(synthOf(r.stdout)).toContain('kind: StatefulSet');
});

test('--nfs-set sets the NFS release\'s values as --set does the chart\'s (after its files)', () => {
  // Given before the file, applied after it, as Helm does.
  const r = cli('from-helm', '--nfs-set', 'nfs.server=10.1.2.3,storageClass.name=shared-nfs', '--nfs-values', join(EXAMPLE, 'nfs-client-values.yaml'));
  expect(r.code).toBe(0);
  expect(parse(r.stdout).storage.nfs).toMatchObject({ server: '10.1.2.3', path: '/nfs', storageClassName: 'shared-nfs' });
  expect(parse(r.stdout).mysql.storageClassName).toBe('shared-nfs');
});

test('chart 1.1.0 ran Milvus 1.1.0: converted to 1.1.1 with a note', () => {
  const r = cli('from-helm', '--set', 'image.tag=1.1.0-cpu-d050721-5e559c', '--set', 'persistence.persistentVolumeClaim.storageClass=nfs', '--chart-version', '1.1.0');
  expect(r.code).toBe(0);
  expect(parse(r.stdout).version).toBe('1.1.1');
  expect(r.stdout).toContain('The release ran Milvus 1.1.0; this tool runs 1.1.1');
});

test.each([
  [['--set', 'persistence.enabled=true'], /used the cluster's default StorageClass: give the NFS release's values/],
  [['--set', 'a.b'], /--set a\.b: expected KEY=VALUE/],
  [['--set', 'image.tag=0.9.1-cpu-x', '--set', 'persistence.persistentVolumeClaim.storageClass=x'], /Milvus 0\.9\.1 \(image\.tag 0\.9\.1-cpu-x\) is not a release this tool runs/],
  [['--values', 'no-such-file.yaml'], /cannot read no-such-file\.yaml/],
  [['--set', 'mysql.enabled=false', '--set', 'persistence.persistentVolumeClaim.storageClass=x'], /no metadata store/],
  [['--bogus'], /unknown flag "--bogus"/],
  [['--out', 'dist'], /from-helm does not take --out/],
])('bad input %j: exit 2 with a message, nothing printed', (args, message) => {
  const r = cli('from-helm', ...args);
  expect(r).toMatchObject({ code: 2, stdout: '' });
  expect(r.stderr).toMatch(message);
});

describe('Helm\'s --set: the CLI\'s --set syntax, typed as Helm types it (helm/helm pkg/strvals typedVal)', () => {
  const values = (...flags: Array<[string, string]>) => optionsOf({ positionals: [], flags: flags.map(([name, value]) => ({ name, value })) }).values;
  test.each([
    ['a=b', { a: 'b' }],
    ['a.b.c=1', { a: { b: { c: 1 } } }],
    ['a=1,b=true,c=False,d=null,e=007,f=0,g=', { a: 1, b: true, c: false, e: '007', f: 0, g: '' }],
    ['list={x,2,true}', { list: ['x', 2, true] }],
    ['l[1]=b', { l: [null, 'b'] }],
    ['l[0].name=x,l[0].port=80', { l: [{ name: 'x', port: 80 }] }],
    ['a\\.b=c\\,d', { 'a.b': 'c,d' }],
    ['big=12345678901234567890', { big: '12345678901234567890' }],
  ])('%s', (expr, expected) => expect(values(['--set', expr])).toEqual(expected));
  test('--set-string keeps strings; null removes a key; files first, then every --set, maps merged', () => {
    expect(values(['--set-string', 'a=1,b=true'])).toEqual({ a: '1', b: 'true' });
    const file = join(dir, 'base.yaml');
    writeFileSync(file, 'a: { b: 1, c: [1] }\nd: 1\n');
    expect(values(['--set', 'a.c={2},d=null'], ['--values', file])).toEqual({ a: { b: 1, c: [2] } });
  });
  test.each(['=x', 'a', 'l[x]=1'])('rejects %s', expr => expect(() => values(['--set', expr])).toThrow());
});
