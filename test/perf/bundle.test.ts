/**
 * What the CLI bundle holds and loads (issue 7): only the generated `k8s` API the library uses
 * (scripts/k8s-imports-plugin.js), no cdk8s-plus-28 L2 constructs, no `child_process` or `net` at
 * run time, the same output as the library for every scenario of the schema matrix, and the
 * pruned config schema (`config-schema.json`) that answers exactly as the whole assembly does.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { allKeys } from '../../src/cli/_help';
import { run } from '../../src/cli/_run';
import { checkConfig, ConfigSchema, CONFIG_SCHEMA_FILE, K8S_SCHEMA_FILE, readSchemaFile } from '../../src/cli/_schema';
import { conflictFreeBatches } from '../verification/batches';
import { allScenarios } from '../verification/scenarios';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../../scripts/k8s-imports-plugin');

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'lib', 'cli', 'main.bundle.js');
const K8S_JS = require.resolve('cdk8s-plus-28/lib/imports/k8s.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'cdk8s-milvus-bundle-'));

describe('k8s imports', () => {
  test('the names the library uses are found in the compiled library', () => {
    const names: string[] = plugin.usedK8sNames(join(ROOT, 'lib'));
    expect(names).toEqual(expect.arrayContaining(['KubeStatefulSet', 'KubeDeployment', 'KubeService', 'KubeNetworkPolicy', 'Quantity', 'IntOrString']));
    expect(names).not.toContain('KubePod');
  });

  test('any other use of the cdk8s-plus-28 import fails the build', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.js'), 'const p = require("cdk8s-plus-28");\nnew p.k8s.KubeService();\nnew p.Deployment();\n');
    expect(() => plugin.usedK8sNames(dir)).toThrow(/other than as p\.k8s\.<Name>/);
    writeFileSync(join(dir, 'a.js'), 'const { k8s } = require("cdk8s-plus-28");\n');
    expect(() => plugin.usedK8sNames(dir)).toThrow(/requires cdk8s-plus-28 other than/);
  });

  test('k8s.js becomes an ES module with every class and function exported', () => {
    const esm: string = plugin.k8sAsEsm(readFileSync(K8S_JS, 'utf8'), K8S_JS);
    expect(esm).toContain('export const KubeStatefulSet = /* @__PURE__ */ (() => {');
    expect(esm).toContain('export function toJson_PodSpec(obj)');
    expect(esm).toContain('import * as cdk8s_1 from "cdk8s";');
    expect(esm).not.toMatch(/\bexports\./);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const commonJsExports = Object.keys(require(K8S_JS));
    const esmExports = [...esm.matchAll(/^export (?:const|function) ([\w$]+)/gm)].map(m => m[1]);
    expect(esmExports.sort()).toEqual(commonJsExports.sort());
  });

  test.each([
    ['an unknown statement', 'console.log("side effect");\n'],
    ['a different export', 'function a() {}\nexports.b = a;\n'],
    ['a foreign static assignment', 'class A {}\nB.GVK = {};\n'],
    ['a static assignment with a side effect', 'class A {}\nA.x = sideEffect();\n'],
    ['a re-export through a getter', 'Object.defineProperty(exports, "Foo", { enumerable: true, get: () => 1 });\n'],
    ['an export of a computed value', 'exports.a = void sideEffect();\n'],
  ])('a generated file with %s fails the build', (_, source) => {
    expect(() => plugin.k8sAsEsm(source, 'k8s.js')).toThrow(/k8s\.js: line \d+: statement of an unknown shape/);
  });

  test('CommonJS left inside a class fails the build', () => {
    expect(() => plugin.k8sAsEsm('class A { m() { return require("x"); } }\nexports.A = A;\n', 'k8s.js'))
      .toThrow(/CommonJS left in the ES module version: require/);
    expect(plugin.k8sAsEsm('class A { m(o) { return o.require ?? { module: 1 }; } }\nexports.A = A;\n', 'k8s.js'))
      .toContain('export const A = /* @__PURE__ */');
  });
});

describe('the built bundle', () => {
  const bundle = readFileSync(BUNDLE, 'latin1');

  test('holds the k8s classes the library uses and none of the L2 constructs', () => {
    expect(bundle).toContain('"cdk8s-plus-28.k8s.KubeStatefulSet"');
    expect(bundle).not.toContain('"cdk8s-plus-28.k8s.KubePod"');
    expect(bundle).not.toContain('"cdk8s-plus-28.Deployment"');
    expect(bundle).not.toMatch(/minimatch/);
  });

  test('prints every scenario of the schema matrix exactly as the library does (one process per set of releases that may share a run)', () => {
    const dir = tmp();
    const batches = conflictFreeBatches(allScenarios());
    expect(batches.flat().length).toBeGreaterThanOrEqual(50);
    // Scenarios sharing cluster-wide objects (the NFS class) or a release name cannot share a run.
    expect(batches.length).toBeLessThan(batches.flat().length / 2);
    let kinds = 0;
    for (const [b, batch] of batches.entries()) {
      const files = batch.map((scenario, i) => {
        const file = join(dir, `${b}-${i}-${scenario.name}.json`);
        writeFileSync(file, JSON.stringify(scenario.props));
        return file;
      });
      const argv = ['synth', ...files.flatMap(f => ['--config', f]), '--stdout'];
      let stdout = '';
      let stderr = '';
      expect(run(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } })).toBe(0);
      kinds += stdout.match(/^kind: /gm)!.length;
      const bin = spawnSync(process.execPath, [join(ROOT, 'lib', 'cli', 'main.js'), ...argv], {
        encoding: 'utf8',
        maxBuffer: 256 * 2 ** 20,
        env: { ...process.env, XDG_CACHE_HOME: dir },
      });
      expect(bin.stderr).toBe(stderr);
      expect(bin.status).toBe(0);
      expect(bin.stdout).toBe(stdout);
    }
    expect(kinds).toBeGreaterThan(1500);
  });

  test('a synth run loads neither child_process nor net (output to files, not to a pipe)', () => {
    const dir = tmp();
    const preload = join(dir, 'record.js');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(join(dir, 'modules.json'))}, JSON.stringify(process.moduleLoadList)));\n`);
    const r = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'lib', 'cli', 'main.js'), 'synth', '--config', join(ROOT, 'examples', 'seed.yaml'), '--out', join(dir, 'out')], {
      stdio: 'ignore', // a pipe as stdout would load net itself
      env: { ...process.env, XDG_CACHE_HOME: dir },
    });
    expect(r.status).toBe(0);
    const loaded: string[] = JSON.parse(readFileSync(join(dir, 'modules.json'), 'utf8'));
    expect(loaded).toContain('NativeModule crypto');
    expect(loaded).not.toContain('NativeModule child_process');
    expect(loaded).not.toContain('NativeModule net');
  });
});

describe('config-schema.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const library = require('../../src');
  const whole = ConfigSchema.load(ROOT, library);
  // The file the build wrote next to the compiled CLI (ConfigSchema.load() here, under ts-jest, would look in src/cli).
  const builtFile = readSchemaFile(join(ROOT, 'lib', 'cli', CONFIG_SCHEMA_FILE), join(ROOT, '.jsii'));
  const built = ConfigSchema.fromAssembly(builtFile!, library);
  const root = whole.fqn('MilvusClusterChartProps');

  test('it holds no Kubernetes struct: those are in config-schema.k8s.json, which only --help and init read', () => {
    expect(Object.keys(builtFile!.types).filter(f => !f.startsWith('cdk8s-milvus.'))).toEqual([]);
    const k8s = JSON.parse(readFileSync(join(ROOT, 'lib', 'cli', K8S_SCHEMA_FILE), 'utf8'));
    expect(Object.keys(k8s.types)).toEqual(expect.arrayContaining(['cdk8s-plus-28.k8s.Toleration', 'cdk8s-plus-28.k8s.Affinity']));
  });

  test('the build wrote it next to the CLI, smaller than the assembly', () => {
    expect(builtFile).toBeDefined();
    const file = readFileSync(join(ROOT, 'lib', 'cli', CONFIG_SCHEMA_FILE), 'utf8');
    expect(file.length).toBeLessThan(readFileSync(join(ROOT, '.jsii'), 'utf8').length / 2);
    expect(Object.keys(builtFile!.types).length).toBeLessThan(Object.keys(JSON.parse(readFileSync(join(ROOT, '.jsii'), 'utf8')).types).length);
  });

  test('answers as the whole assembly: --help and the checks of good and bad configs', () => {
    expect(allKeys(built)).toEqual(allKeys(whole));
    for (const config of [
      { releaseName: 'a', nfs: { server: '10.0.0.1', path: '/x' } },
      { releaseName: 'a', nfs: { server: 1 }, mysql: { storageClas: 'x' }, writable: { replicas: 'two' }, extra: true },
      { readonly: { config: { cache: { cacheSize: [] } } }, proxy: { exposure: { type: 'Nodeport' } } },
    ]) {
      expect(checkConfig(built, root, config)).toEqual(checkConfig(whole, root, config));
    }
  });

  test('holds the types the config reaches and no others', () => {
    const assembly = JSON.parse(readFileSync(join(ROOT, '.jsii'), 'utf8'));
    const reachable = ConfigSchema.reachable(assembly, 'MilvusClusterChartProps');
    expect(Object.keys(reachable.types)).toEqual(expect.arrayContaining([root, whole.fqn('MilvusNodeOptions'), whole.fqn('ClusterExposureConfig')]));
    expect(Object.keys(reachable.types)).not.toContain(whole.fqn('MilvusCluster'));
  });

  test('a stale, missing or corrupt file is not used: the CLI reads the assembly instead', () => {
    const dir = tmp();
    const file = join(dir, CONFIG_SCHEMA_FILE);
    const assemblyFile = join(dir, '.jsii');
    writeFileSync(assemblyFile, '{}');
    expect(readSchemaFile(file, assemblyFile)).toBeUndefined();
    writeFileSync(file, '{"name":"x","types":{}}');
    utimesSync(file, new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(readSchemaFile(file, assemblyFile)).toBeUndefined();
    utimesSync(file, new Date(), new Date(Date.now() + 1000));
    expect(readSchemaFile(file, assemblyFile)).toEqual({ name: 'x', types: {} });
    // A packed package gives every file the same mtime: the file is read.
    const sameTime = new Date(2020, 1, 1);
    utimesSync(file, sameTime, sameTime);
    utimesSync(assemblyFile, sameTime, sameTime);
    expect(readSchemaFile(file, assemblyFile)).toEqual({ name: 'x', types: {} });
    writeFileSync(file, '{"name":');
    utimesSync(file, new Date(), new Date(Date.now() + 1000));
    expect(readSchemaFile(file, assemblyFile)).toBeUndefined(); // corrupt: the assembly is read instead
  });
});
