/**
 * `examples/app.ts`, the TypeScript app a user writes: it type-checks against the
 * package's published declarations (`lib/index.d.ts`, as `import ... from 'cdk8s-milvus'`
 * resolves for a user) and, run, synthesizes a valid cluster.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { Testing } from 'cdk8s';
import * as ts from 'typescript';
import { containersOf, expectSchemaValid, expectSemanticallyValid, find, ofKind, synth } from '../support';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE_TSCONFIG = join(ROOT, 'examples', 'tsconfig.json');

const EXAMPLE_APP = join(ROOT, 'examples', 'app.ts');

/**
 * Loads the example as CommonJS with `cdk8s-milvus` resolved to this repository's sources
 * (a user's node_modules holds the built package). Not `jest.mock(..., { virtual: true })`:
 * jest's module map refuses a package name that any copied package.json also declares
 * (e.g. a benchmark's `bench/out/`).
 */
function loadExampleApp(): any {
  const { outputText } = ts.transpileModule(readFileSync(EXAMPLE_APP, 'utf8'), {
    fileName: EXAMPLE_APP,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const resolve = (id: string) => (id === 'cdk8s-milvus' ? require('../../src') : require(id));
  const mod = { exports: {} as any };
  // `require.main` is undefined here, so the example's own `app.synth()` does not run.
  new Function('require', 'module', 'exports', '__filename', '__dirname', outputText)(resolve, mod, mod.exports, EXAMPLE_APP, dirname(EXAMPLE_APP));
  return mod.exports;
}

function typeCheck(): string[] {
  if (!existsSync(join(ROOT, 'lib', 'index.d.ts'))) {
    throw new Error('lib/index.d.ts is missing: compile first ("npx projen compile"; "npm test" does it before jest)');
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(EXAMPLE_TSCONFIG, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: d => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  expect(parsed.errors).toEqual([]);
  expect(parsed.fileNames).toContain(EXAMPLE_APP);
  // The project's compiler options (strict, noUnused*, ...) via `extends`, plus the package mapping.
  expect(parsed.options).toMatchObject({ strict: true, noUnusedLocals: true, noEmit: true });
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

test('examples/app.ts type-checks against the package\'s declarations with the project\'s compiler options', () => {
  expect(typeCheck()).toEqual([]);
});

describe('running the example', () => {
  const { SearchChart } = loadExampleApp();
  const chart = new SearchChart(Testing.app(), 'vectors');
  const objs = synth(chart);

  test('synthesizes schema-valid, semantically valid objects', () => {
    expect(objs.length).toBeGreaterThan(30);
    expectSchemaValid(objs);
    expectSemanticallyValid(objs);
  });

  test('the cluster it promises: 1.1.1, LoadBalancer, 3 readonly, 2 Mishards, NFS data, MySQL on gp3', () => {
    expect(find(objs, 'Service', 'vectors-milvus').spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] });
    expect(find(objs, 'Deployment', 'vectors-milvus-readonly').spec.replicas).toBe(3);
    expect(find(objs, 'Deployment', 'vectors-milvus-mishards').spec.replicas).toBe(2);
    expect(containersOf(find(objs, 'StatefulSet', 'vectors-milvus-writable')).find(c => c.name === 'milvus').image).toMatch(/^milvusdb\/milvus:1\.1\.1-cpu-/);
    expect(find(objs, 'PersistentVolumeClaim', 'vectors-milvus').spec).toMatchObject({ storageClassName: 'nfs-client', accessModes: ['ReadWriteMany'] });
    expect(find(objs, 'StatefulSet', 'vectors-mysql').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
    expect(ofKind(objs, 'StorageClass').map(o => o.metadata.name)).toEqual(['nfs-client']);
    expect(objs.filter(o => o.metadata.namespace !== undefined).every(o => o.metadata.namespace === 'search')).toBe(true);
    expect(chart.cluster.endpointHost).toBe('vectors-milvus.search.svc.cluster.local');
    expect(chart.cluster.endpointPort).toBe(19530);
  });
});
