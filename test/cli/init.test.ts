/** `cdk8s-milvus init [FILE]`: the commented starter config, generated from the schema. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { cli, cliWithStdin, tmp } from './_cli';
import { checkConfig, ConfigSchema } from '../../src/cli/_schema';
import { REPO_ROOT, schemaKeys } from '../cluster/_fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = require('../../src');
const starter = cli('init');

/** The starter with every commented-out key uncommented (its doc comments stay comments). */
function uncommentAll(text: string): string {
  return text.split('\n').map(l => l.replace(/^(\s*)# ([A-Za-z][A-Za-z0-9]*:(\s|$))/, '$1$2')).join('\n');
}

/** Every key path of a parsed YAML mapping (list elements not entered). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) { return []; }
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
}

test('without FILE: the starter on stdout, exit 0', () => {
  expect(starter.code).toBe(0);
  expect(starter.stderr).toBe('');
  expect(starter.stdout).toMatch(/^# cdk8s-milvus \d+\.\d+\.\d+: a starter config/);
});

test('unchanged, it synthesizes (the tutorial\'s NFS cluster), also through stdin', () => {
  const r = cliWithStdin(starter.stdout, 'synth', '--config', '-', '--stdout', '--quiet');
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('kind: StorageClass');
  expect(r.stdout).toContain('server: 192.168.1.31');
});

test('only what a cluster needs is active: namespace, releaseName and the NFS export', () => {
  expect(parse(starter.stdout)).toEqual({
    namespace: 'milvus',
    releaseName: 'my-release',
    storage: { nfs: { server: '192.168.1.31', path: '/nfs' } },
  });
});

test('every key of the schema is in it (shared structs at each of their places), each with its documentation', () => {
  const shown = keyPaths(parse(uncommentAll(starter.stdout)));
  const all = [...schemaKeys().values()].flat();
  expect(all.filter(p => !shown.includes(p))).toEqual([]);
  expect(shown.filter(p => !all.includes(p))).toEqual([]);
  // Each key line follows its documentation comment.
  const lines = starter.stdout.split('\n');
  const keyLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*(# )?[A-Za-z][A-Za-z0-9]*:(\s|$)/.test(l));
  expect(keyLines.filter(([, i]) => !/^\s*# /.test(lines[i - 1]) || /^\s*# [A-Za-z][A-Za-z0-9]*:(\s|$)/.test(lines[i - 1]))).toEqual([]);
});

test('the sections in the order of the architecture', () => {
  const top = starter.stdout.split('\n').map(l => /^(?:# )?([a-zA-Z]+):/.exec(l)?.[1]).filter(Boolean);
  expect(top).toEqual(['namespace', 'releaseName', 'version', 'images', 'createNamespace', 'storage', 'mysql', 'externalMysql',
    'writable', 'readonly', 'mishards', 'networkPolicies', 'smokeTest', 'labels', 'imagePullSecrets', 'imageRegistry', 'imagePullPolicy']);
});

test('defaults that are values are written as values of the right type, the others in words; enums in config spelling', () => {
  expect(starter.stdout).toContain('\n# version: 0.10.0\n');
  expect(starter.stdout).toContain('\n    # reclaimPolicy: Retain\n');
  expect(starter.stdout).toContain('\n    # apiServerPorts: [ 443, 6443 ]\n');
  expect(starter.stdout).toContain('\n    # nodePort:   # default: assigned by the cluster\n');
  expect(starter.stdout).toContain('# tolerations: []   # default: none; Kubernetes Toleration: https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.28/#toleration-v1-core');
  expect(starter.stdout).not.toMatch(/\b(RETAIN|IF_NOT_PRESENT|NfsReclaimPolicy)\b/);
  // With every key uncommented, the schema finds no wrong type: only the required keys of sections left empty.
  const schema = ConfigSchema.load(REPO_ROOT, library);
  const problems = checkConfig(schema, schema.fqn('MilvusClusterChartProps'), parse(uncommentAll(starter.stdout)));
  expect(problems.filter(p => !p.text.includes('required key is missing'))).toEqual([]);
  expect(problems.map(p => p.path).sort()).toEqual(['externalMysql.host', 'externalMysql.passwordSecret.key', 'externalMysql.passwordSecret.secretName',
    'externalMysql.user', 'images.milvusImage', 'images.mishardsImage', 'mishards.exposure.nodePortRange.max', 'mishards.exposure.nodePortRange.min']);
});

describe('init FILE', () => {
  test('writes the same text and says what to do next', () => {
    const file = join(tmp(), 'my-cluster.yaml');
    const r = cli('init', file);
    expect(r).toEqual({ code: 0, stdout: `wrote ${file}\nEdit it (the active keys at least), then: cdk8s-milvus synth --config ${file}\n`, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(starter.stdout);
  });

  test('never overwrites an existing file without --force', () => {
    const dir = tmp();
    const file = join(dir, 'my-cluster.yaml');
    writeFileSync(file, 'namespace: mine\n');
    const r = cli('init', file);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`${file} exists; init does not overwrite it (--force does)`);
    expect(readFileSync(file, 'utf8')).toBe('namespace: mine\n');
    expect(cli('init', file, '--force').code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(starter.stdout);
    expect(readdirSync(dir)).toEqual(['my-cluster.yaml']);
  });

  test('a directory that does not exist: exit 1, nothing written', () => {
    const file = join(tmp(), 'missing', 'my-cluster.yaml');
    const r = cli('init', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write ${file}`);
    expect(existsSync(file)).toBe(false);
  });
});
