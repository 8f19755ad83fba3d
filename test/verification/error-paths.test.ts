/**
 * One owner for error paths: every construct names paths of ITS OWN props, and only the
 * config layer (MilvusClusterChart) turns them into config keys. Checked for every input of
 * the bad-input suite against the jsii-derived config schema the CLI uses: each path a
 * message names (the rejected prop, the props its text refers to, the prop that sets a
 * default) must exist there, and no construct API spelling may reach a config user.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { INVALID_CLI_CONFIGS, INVALID_INPUTS, seedConfig } from './invalid-inputs';
import { checkConfig, ConfigSchema, JsiiTypeRef } from '../../src/cli/_schema';
import { MilvusClusterChart } from '../../src/cluster/milvus-cluster-chart';
import { ValidationError } from '../../src/common/validation-error';
import { MilvusVersion } from '../../src/milvus/milvus-version';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = ConfigSchema.load(join(__dirname, '..', '..'), require('../../src'));
const ROOT = schema.fqn('MilvusClusterChartProps');

function thrownBy(fn: () => unknown): any {
  try { fn(); } catch (e) { return e; }
  return undefined;
}

/** Every path an error names: each problem's prop, its references and the prop that sets a default. */
function pathsOf(e: ValidationError): string[] {
  return e.problems.flatMap(p => [p.prop, ...p.refs, ...(p.defaultSetBy ? [p.defaultSetBy] : [])]);
}

/** `a.b[2].c key` → ['a', 'b', 'c'] (indexes and the ` key` of a map key dropped). */
function segments(path: string): string[] {
  return path.replace(/ key$/, '').replace(/\[[0-9]+\]/g, '').split('.');
}

/** Whether `path` is a key of the config file: structs by property, maps by any key, lists by index. */
function isConfigKey(path: string, fqn = ROOT): boolean {
  let ref: JsiiTypeRef = { fqn };
  for (const seg of segments(path)) {
    while (ref.collection?.kind === 'array') { ref = ref.collection.elementtype; }
    if (ref.collection?.kind === 'map') { return true; }
    // Kubernetes types (tolerations, affinity) and free-form values: their inner keys are Kubernetes' own.
    if (!ref.fqn || !schema.isStruct(ref)) { return !!ref.fqn && !ref.fqn.startsWith(schema.fqn('')); }
    const prop = schema.properties(ref.fqn).find(p => p.name === seg);
    if (!prop) { return false; }
    ref = prop.type;
  }
  return true;
}

/** Construct API spellings a config user must never read. */
const API_SPELLING = /MilvusVersion\.|StorageClassRef|NfsProvisioner|MySqlCredentials|Exposure\.|MishardsDiscovery\.|\(\)|externalMySql|credentials\.|(?<!images\.)milvusGpuImage/;

describe('config inputs: every path a message names is a config key', () => {
  const chartInputs = INVALID_INPUTS.filter(i => i.target === 'MilvusClusterChart');
  const cliInputs = INVALID_CLI_CONFIGS.flatMap(c => {
    let config: unknown;
    try { config = parse(c.text); } catch { return []; }
    // Configs the schema check already rejects never reach the constructs (their messages are the schema's own).
    return checkConfig(schema, ROOT, config).length === 0 ? [{ name: `CLI: ${c.name}`, build: () => new MilvusClusterChart(Testing.app(), 'x', config as any) }] : [];
  });

  test.each([...chartInputs, ...cliInputs].map(i => [i.name, i] as const))('%s', (_n, input) => {
    const e = thrownBy(input.build);
    expect(ValidationError.isValidationError(e)).toBe(true);
    expect(pathsOf(e).filter(p => !isConfigKey(p))).toEqual([]);
    expect(e.message).not.toMatch(API_SPELLING);
  });

  test('the checker itself tells config keys from others', () => {
    for (const key of ['mysql.existingSecret', 'storage.nfs.mountOptions[0]', 'labels.team', 'labels key', 'images.milvusGpuImage', 'writable.tolerations[0].key', 'writable.config.extra.engine_config']) {
      expect([key, isConfigKey(key)]).toEqual([key, true]);
    }
    for (const key of ['mysql.secretName', 'externalMySql.user', 'mysql.credentials.password', 'milvusGpuImage', 'dataVolumeSize', 'storage.storageClass']) {
      expect([key, isConfigKey(key)]).toEqual([key, false]);
    }
  });
});

/** The props struct(s) each construct or factory of the table is configured with. */
const PROPS_OF: Record<string, { structs: string[]; params?: string[] }> = {
  NfsProvisioner: { structs: ['NfsProvisionerProps'] },
  MySql: { structs: ['MySqlProps'] },
  MySqlCredentials: { structs: ['MySqlPasswords', 'MySqlExistingSecretOptions'], params: ['secretName'] },
  ExternalMySql: { structs: ['ExternalMySqlProps'] },
  MilvusNode: { structs: ['MilvusNodeProps'] },
  MilvusDataVolume: { structs: ['MilvusDataVolumeProps'] },
  Mishards: { structs: ['MishardsProps'] },
  Exposure: { structs: ['NodePortOptions', 'LoadBalancerOptions'] },
  MishardsDiscovery: { structs: ['KubernetesDiscoveryOptions'], params: ['hosts', 'port'] },
  MilvusCluster: { structs: ['MilvusClusterProps'] },
  MilvusSmokeTest: { structs: ['MilvusSmokeTestProps'] },
};

const assembly = ConfigSchema.fromAssembly(JSON.parse(readFileSync(join(__dirname, '..', '..', '.jsii'), 'utf8')));

function isPropOf(target: string, path: string): boolean {
  const { structs, params = [] } = PROPS_OF[target];
  const [first] = segments(path);
  // Every construct lives in a Chart whose namespace it requires (ChartProps.namespace).
  return first === 'namespace' || params.includes(first)
    || structs.some(s => assembly.properties(assembly.fqn(s)).some(p => p.name === first));
}

describe('construct inputs: every path a message names is a prop of that construct', () => {
  const constructInputs = INVALID_INPUTS.filter(i => i.target !== 'MilvusClusterChart');
  test.each(constructInputs.map(i => [`${i.target}: ${i.name}`, i] as const))('%s', (_n, input) => {
    const e = thrownBy(input.build);
    expect(ValidationError.isValidationError(e)).toBe(true);
    // References a construct user reads as code (`MilvusVersion.custom()`) are not paths to them.
    const codeRefs = e.problems.flatMap((p: ValidationError) => [...p._template.matchAll(/\u27e6([^\u27e7|]*)\|/g)].map(m => m[1]));
    expect(pathsOf(e).filter(p => !codeRefs.includes(p) && !isPropOf(input.target, p))).toEqual([]);
  });
});

describe('what a config user reads', () => {
  const chartError = (change: (c: any) => void): ValidationError => thrownBy(() => new MilvusClusterChart(Testing.app(), 'x', seedConfig(change)));

  test('six mistakes in six sections are reported in one run', () => {
    const e = chartError(c => {
      c.storage.nfs.server = 'not a host';
      c.mysql.storageSize = 'big';
      c.writable.replicas = 2;
      c.readonly.resources = { cpuLimit: 'lots' };
      c.mishards.maxWorkers = 0;
      c.mishards.exposure.nodePort = 80;
    });
    expect(e.problems.map(p => p.prop).sort()).toEqual([
      'mishards.exposure.nodePort', 'mishards.maxWorkers', 'mysql.storageSize', 'readonly.resources.cpuLimit', 'storage.nfs.server', 'writable.replicas',
    ]);
  });

  test('several mistakes inside one construct are reported together', () => {
    const e = chartError(c => { c.mysql.storageSize = 'big'; c.mysql.image = 'mysql:latest'; c.mysql.user = 'root'; });
    expect(e.problems.map(p => p.prop).sort()).toEqual(['mysql.image', 'mysql.storageSize', 'mysql.user']);
  });

  test('a rejected default says it is one, and which key sets it', () => {
    const e = chartError(c => { c.writable.resources = { memoryLimit: '2Gi' }; });
    expect(e.problems.map(p => p.message)).toEqual([
      'invalid writable.resources.memoryRequest: got "4Gi" (the default; set writable.resources.memoryRequest); a request must not exceed its limit (writable.resources.memoryLimit is "2Gi")',
      'invalid writable.config.cache.cacheSize: got "4GB" (the default; set writable.config.cache.cacheSize); cacheSize + insertBufferSize (1GB) must be less than the container memory limit (2.00 GiB); raise writable.resources.memoryLimit or lower the cache',
    ]);
  });

  test('an existing Secret is reported under mysql.existingSecret', () => {
    expect(chartError(c => { c.mysql.existingSecret = 'My_Secret'; }).message).toMatch(/^invalid mysql\.existingSecret: got "My_Secret"/);
  });

  test('an unknown version points at images, not MilvusVersion.custom()', () => {
    expect(chartError(c => { c.version = '1.1.0'; }).message).toMatch(/or name the images yourself \(images\)$/);
  });

  test('GPU on custom images without a GPU image asks for images.milvusGpuImage', () => {
    const e = chartError(c => { c.images = { milvusImage: 'a:1', mishardsImage: 'b:1' }; c.writable.gpu = { count: 1 }; });
    expect(e.message).toBe('invalid writable.gpu: got true; Milvus 0.10.0 has no GPU image here; set images.milvusGpuImage');
  });

  test('a construct user reads prop names and API spellings instead', () => {
    expect(thrownBy(() => MilvusVersion.of('1.1.0')).message).toContain('(MilvusVersion.custom())');
    expect(thrownBy(() => MilvusVersion.custom('0.10.0', { milvusImage: 'a:1', mishardsImage: 'b:1' }).serverImage(true)).message)
      .toContain('set milvusGpuImage of MilvusVersion.custom()');
  });
});
