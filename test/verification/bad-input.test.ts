/**
 * Bad input: (a) property-based — random valid props always synthesize schema- and
 * semantically-valid manifests; random props with one field broken always throw a
 * ValidationError naming that field (never a TypeError); (b) a table of hand-written
 * invalid inputs across every construct, and invalid CLI configs run in-process
 * (exit 2, the key path on stderr, nothing written).
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as fc from 'fast-check';
import { FC_SEED, INVALID_CLI_CONFIGS, INVALID_INPUTS, INVALID_RUNS, VALID_RUNS } from './invalid-inputs';
import { buildChart, USER_PASSWORD, ROOT_PASSWORD } from './scenarios';
import { run } from '../../src/cli/_run';
import { MilvusClusterChartProps } from '../../src/cluster/milvus-cluster-chart';
import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { ValidationError } from '../../src/common/validation-error';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { schemaErrors, semanticErrors, synth } from '../support';

let tried = 0;

function thrownBy(fn: () => unknown): unknown {
  try { fn(); } catch (e) { return e; }
  return undefined;
}

// ---- (a) property-based ---------------------------------------------------------------------

const dnsLabel = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([a-z0-9-]{0,${max - 2}}[a-z0-9])?$`));
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, fc.integer({ min: 1, max: 254 }))
  .map(p => p.join('.'));
const size = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('Mi', 'Gi', 'Ti')).map(([n, u]) => `${n}${u}`);

const validProps: fc.Arbitrary<MilvusClusterChartProps> = fc.record({
  namespace: dnsLabel(20),
  releaseName: dnsLabel(14),
  version: fc.constantFrom(...MilvusVersion.all().map(v => v.version), '1.1'),
  nfs: fc.option(fc.record({ server: ipv4, path: fc.stringMatching(/^(\/[a-z0-9_.-]{1,8}){1,3}$/), mountOptions: fc.subarray(['rw', 'hard', 'nfsvers=4.1']) })),
  size,
  mysqlSize: size,
  passwords: fc.boolean(),
  external: fc.boolean(),
  readonly: fc.integer({ min: 1, max: 5 }),
  mishards: fc.integer({ min: 1, max: 4 }),
  gpu: fc.boolean(),
  nonRoot: fc.boolean(),
  exposure: fc.oneof(
    fc.constant({ type: 'ClusterIP' }),
    fc.option(fc.integer({ min: 30000, max: 32767 }), { nil: undefined }).map(nodePort => ({ type: 'NodePort', nodePort })),
    fc.array(fc.tuple(ipv4, fc.integer({ min: 8, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`), { minLength: 1, maxLength: 3 })
      .map(sourceRanges => ({ type: 'LoadBalancer', sourceRanges })),
  ),
  staticDiscovery: fc.boolean(),
  networkPolicies: fc.boolean(),
  imageRegistry: fc.option(fc.constantFrom('registry.local:5000', 'harbor.example.com/dockerhub', 'localhost:5000/a/b'), { nil: undefined }),
  imagePullPolicy: fc.option(fc.constantFrom(...Object.values(ImagePullPolicy)), { nil: undefined }),
  imagePullSecrets: fc.option(fc.uniqueArray(dnsLabel(12), { maxLength: 3 }), { nil: undefined }),
  dnsCidrs: fc.option(fc.array(ipv4.map(ip => `${ip}/32`), { maxLength: 2 }), { nil: undefined }),
}).map(r => ({
  namespace: r.namespace,
  releaseName: r.releaseName,
  version: r.version,
  storage: r.nfs ? { nfs: { ...r.nfs, releaseName: `nfs-${r.releaseName}` }, size: r.size } : { storageClassName: 'rwx', readWriteMany: true, size: r.size },
  // mysql and externalMysql exclude each other.
  mysql: r.external ? undefined : { ...(r.passwords ? { rootPassword: ROOT_PASSWORD, password: USER_PASSWORD } : {}), storageSize: r.mysqlSize },
  externalMysql: r.external ? { host: 'db.example.com', user: 'milvus', passwordSecret: { secretName: 'db', key: 'pw' } } : undefined,
  // The writable node always runs as root: it writes inside its image at start.
  writable: { gpu: r.gpu ? { count: 1 } : undefined },
  readonly: { replicas: r.readonly, runAsNonRoot: r.nonRoot },
  mishards: {
    replicas: r.mishards,
    runAsNonRoot: r.nonRoot,
    exposure: r.exposure,
    discovery: r.staticDiscovery ? { type: 'static', hosts: [`${r.releaseName}-milvus-readonly`] } : undefined,
  },
  networkPolicies: { enabled: r.networkPolicies, dns: r.dnsCidrs === undefined ? undefined : { cidrs: r.dnsCidrs } },
  imageRegistry: r.imageRegistry,
  imagePullPolicy: r.imagePullPolicy,
  imagePullSecrets: r.imagePullSecrets,
}));

test('random valid props always synthesize schema- and semantically-valid manifests', () => {
  fc.assert(fc.property(validProps, props => {
    tried++;
    const objects = synth(buildChart(props));
    expect([...schemaErrors(objects), ...semanticErrors(objects)]).toEqual([]);
  }), { numRuns: VALID_RUNS, seed: FC_SEED });
});

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const notQuantity = fc.string({ maxLength: 12 }).filter(s => !QUANTITY.test(s) || s.startsWith('-') || /^[+]?0*\.?0*[a-zA-Z]*$/.test(s));
const badCount = fc.oneof(
  fc.integer({ min: -1000, max: 0 }),
  fc.integer({ min: 101, max: 1e6 }),
  fc.double({ min: 1.01, max: 99.99, noNaN: true }).filter(d => !Number.isInteger(d)),
);

/** One field broken at a time: [the prop the error must name, how to break the seed-like base]. */
type Breaker = fc.Arbitrary<[string, (p: any) => void]>;
const breakers: Breaker[] = [
  fc.string({ maxLength: 70 }).filter(s => !(DNS1035.test(s) && s.length <= 14)).filter(s => s.length > 63 || !DNS1035.test(s))
    .map(v => ['releaseName', (p: any) => { p.releaseName = v; }]),
  fc.string({ maxLength: 70 }).filter(s => s.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s)).map(v => ['namespace', (p: any) => { p.namespace = v; }]),
  fc.string({ maxLength: 10 }).filter(s => !['0.10.0', '0.10.1', '0.10.2', '0.10.3', '0.10.4', '0.10.5', '0.10.6', '1.1.1', '1.1', '1.1.x'].includes(s))
    .map(v => ['version', (p: any) => { p.version = v; }]),
  badCount.map(v => ['readonly.replicas', (p: any) => { p.readonly.replicas = v; }]),
  badCount.map(v => ['mishards.replicas', (p: any) => { p.mishards.replicas = v; }]),
  fc.integer({ min: -5, max: 50 }).filter(n => n !== 1).map(v => ['writable.replicas', (p: any) => { p.writable.replicas = v; }]),
  notQuantity.map(v => ['storage.size', (p: any) => { p.storage.size = v; }]),
  notQuantity.map(v => ['mysql.storageSize', (p: any) => { p.mysql.storageSize = v; }]),
  fc.oneof(fc.integer({ min: 1, max: 29999 }), fc.integer({ min: 32768, max: 70000 })).map(v => ['mishards.exposure.nodePort', (p: any) => { p.mishards.exposure = { type: 'NodePort', nodePort: v }; }]),
  fc.string({ minLength: 1, maxLength: 20 }).map(s => `${s} ${s}`).map(v => ['storage.nfs.server', (p: any) => { p.storage.nfs.server = v; }]),
  fc.string({ maxLength: 20 }).filter(s => !s.startsWith('/')).map(v => ['storage.nfs.path', (p: any) => { p.storage.nfs.path = v; }]),
  fc.constantFrom('nolock', 'NOLOCK', 'local_lock=all', 'local_lock=posix', 'rw,nolock', 'LOCAL_LOCK=ALL')
    .map(v => ['storage.nfs.mountOptions[0]', (p: any) => { p.storage.nfs.mountOptions = [v]; }]),
  fc.string({ maxLength: 12 }).filter(s => !/^[A-Za-z0-9._~!*+=,^-]{12,}$/.test(s))
    .map(v => ['mysql.rootPassword', (p: any) => { p.mysql = { rootPassword: v, password: USER_PASSWORD }; }]),
  fc.constantFrom('ClusterIp', 'Ingress', '', 'nodeport').map(v => ['mishards.exposure.type', (p: any) => { p.mishards.exposure = { type: v }; }]),
];

function seedLike(): any {
  return {
    namespace: 'milvus',
    releaseName: 'my-release',
    version: '0.10.0',
    storage: { nfs: { server: '192.168.1.31', path: '/nfs', mountOptions: ['rw'] }, size: '50Gi' },
    mysql: { existingSecret: 'my-release-mysql', storageSize: '4Gi' },
    writable: {},
    readonly: { replicas: 1 },
    mishards: { replicas: 1, exposure: { type: 'NodePort', nodePort: 32227 } },
  };
}

test('random props with one field broken always throw a ValidationError naming that field', () => {
  fc.assert(fc.property(fc.oneof(...breakers), ([prop, breakIt]) => {
    tried++;
    const props = seedLike();
    breakIt(props);
    const e: any = thrownBy(() => buildChart(props));
    expect(e).toBeDefined();
    expect(e).not.toBeInstanceOf(TypeError);
    expect({ isValidationError: ValidationError.isValidationError(e), message: String(e?.message) })
      .toEqual({ isValidationError: true, message: expect.stringContaining(`invalid ${prop}`) });
    expect(e.prop).toBe(prop);
  }), { numRuns: INVALID_RUNS, seed: FC_SEED });
});

// ---- (b) the hand-written table --------------------------------------------------------------

test(`the table has at least 100 invalid inputs across every construct (${INVALID_INPUTS.length})`, () => {
  expect(INVALID_INPUTS.length).toBeGreaterThanOrEqual(100);
  expect(new Set(INVALID_INPUTS.map(i => i.target))).toEqual(new Set([
    'NfsProvisioner', 'MySql', 'MySqlCredentials', 'ExternalMySql', 'MilvusNode', 'MilvusDataVolume', 'Mishards', 'Exposure', 'MishardsDiscovery',
    'MilvusCluster', 'MilvusClusterChart', 'MilvusSmokeTest',
  ]));
  const names = INVALID_INPUTS.map(i => `${i.target}: ${i.name}`);
  expect(new Set(names).size).toBe(names.length);
});

test.each(INVALID_INPUTS.map(i => [`${i.target}: ${i.name}`, i] as const))('%s', (_n, input) => {
  tried++;
  const e: any = thrownBy(input.build);
  expect(e).toBeDefined();
  expect({ validationError: ValidationError.isValidationError(e), message: e?.message })
    .toEqual({ validationError: true, message: expect.stringContaining(input.fragment) });
});

describe('invalid CLI configs: exit 2, the key path on stderr, nothing written', () => {
  test.each(INVALID_CLI_CONFIGS.map(c => [c.name, c] as const))('%s', (_n, config) => {
    tried++;
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-milvus-bad-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, config.text);
    const out = join(dir, 'out');
    for (const args of [['--out', out], ['--stdout']]) {
      let stdout = '';
      let stderr = '';
      const code = run(['synth', '--config', file, ...args], { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
      expect({ code, stderr, stdout }).toEqual({ code: 2, stderr: expect.stringContaining(config.fragment), stdout: '' });
    }
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  test('the valid seed config writes a file (the harness can tell success from failure)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-milvus-ok-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(seedLike()));
    const code = run(['synth', '--config', file, '--out', join(dir, 'out'), '--quiet'], { stdout: () => undefined, stderr: t => { throw new Error(t); } });
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['my-release.NOTES.txt', 'my-release.data.k8s.yaml', 'my-release.k8s.yaml']);
  });
});

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`bad input: ${tried} inputs tried (${VALID_RUNS} random valid, ${INVALID_RUNS} random invalid, ${INVALID_INPUTS.length} hand-written, ${INVALID_CLI_CONFIGS.length} CLI configs x 2 modes)`);
});
