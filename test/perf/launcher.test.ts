/**
 * The bin `lib/cli/main.js` (issue 7): it runs `main.bundle.js` with V8's code cache. The cache
 * must be written once, reused, rewritten when unusable, never make a command fail, and be off
 * with CDK8S_MILVUS_NO_COMPILE_CACHE=1; without the bundle the bin runs the unbundled CLI.
 * Every variant prints exactly what the in-process CLI prints.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { run } from '../../src/cli/_run';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'lib', 'cli', 'main.js');
const SEED = join(ROOT, 'examples', 'seed.yaml');

function inProcess(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

function bin(env: Record<string, string>, argv: string[], file = BIN) {
  const r = spawnSync(process.execPath, [file, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, CDK8S_MILVUS_NO_COMPILE_CACHE: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cdk8s-milvus-launcher-'));
const expected = inProcess('synth', '--config', SEED, '--stdout');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'lib', 'cli', 'main.bundle.js'))) {
    throw new Error('lib/cli/main.bundle.js is missing: run "npx projen compile && npx projen post-compile" ("npm test" does)');
  }
});

test('the first run writes one cache file, later runs reuse it unchanged; output identical', () => {
  const xdg = tmp();
  const env = { XDG_CACHE_HOME: xdg };
  expect(bin(env, ['synth', '--config', SEED, '--stdout'])).toEqual(expected);
  const dir = join(xdg, 'cdk8s-milvus');
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(new RegExp(`^cli-[0-9a-f]{8}-${process.version}-${process.arch}\\.v8cache$`));
  const before = statSync(join(dir, files[0]));
  expect(bin(env, ['synth', '--config', SEED, '--stdout'])).toEqual(expected);
  const after = statSync(join(dir, files[0]));
  expect(after.mtimeMs).toBe(before.mtimeMs);
  expect(after.ino).toBe(before.ino);
  // eslint-disable-next-line no-bitwise
  expect(statSync(dir).mode & 0o077).toBe(0);
});

test('a cache written by --help or a failed run is written again, complete, by the first successful synth', () => {
  const xdg = tmp();
  const env = { XDG_CACHE_HOME: xdg };
  const dir = join(xdg, 'cdk8s-milvus');
  const headerOf = () => {
    const [file] = readdirSync(dir);
    const data = readFileSync(join(dir, file));
    return { line: data.toString('latin1', 0, data.indexOf(10)), size: data.length, ino: statSync(join(dir, file)).ino };
  };
  expect(bin(env, ['synth', '--help']).code).toBe(0);
  const partial = headerOf();
  expect(partial.line).toMatch(/^[0-9a-f]{32} partial$/);
  expect(bin(env, ['synth', '--config', join(xdg, 'missing.yaml'), '--stdout']).code).toBe(2);
  expect(headerOf()).toEqual(partial); // a usable cache is not rewritten by another partial run
  // Options may come before the command: what counts is that the run synthesized.
  expect(bin(env, ['--config', SEED, 'synth', '--stdout'])).toEqual(expected);
  const complete = headerOf();
  expect(complete.line).toBe(partial.line.replace(/ partial$/, ' synth'));
  expect(complete.size).toBeGreaterThan(2 * partial.size);
  expect(bin(env, ['synth', '--config', SEED, '--stdout'])).toEqual(expected);
  expect(bin(env, ['--help']).code).toBe(0);
  expect(headerOf()).toEqual(complete);
});

test('a corrupt cache is rejected by V8 and rewritten; the command still succeeds', () => {
  const xdg = tmp();
  const env = { XDG_CACHE_HOME: xdg };
  bin(env, ['--version']);
  const dir = join(xdg, 'cdk8s-milvus');
  const [file] = readdirSync(dir);
  const data = readFileSync(join(dir, file));
  const header = data.subarray(0, data.indexOf(10) + 1);
  writeFileSync(join(dir, file), Buffer.concat([header, Buffer.alloc(4096, 7)]));
  expect(bin(env, ['synth', '--config', SEED, '--stdout'])).toEqual(expected);
  expect(statSync(join(dir, file)).size).toBeGreaterThan(100_000);
});

test('an unusable cache location (not a directory, temp dir too) never fails the command', () => {
  const base = tmp();
  const notADir = join(base, 'file');
  writeFileSync(notADir, 'x');
  const env = { XDG_CACHE_HOME: notADir, TMPDIR: join(notADir, 'tmp') };
  expect(bin(env, ['synth', '--config', SEED, '--stdout'])).toEqual(expected);
  const bad = bin(env, ['synth', '--config', join(base, 'missing.yaml'), '--stdout']);
  expect(bad).toEqual(inProcess('synth', '--config', join(base, 'missing.yaml'), '--stdout'));
  expect(bad.code).toBe(2);
});

test('CDK8S_MILVUS_NO_COMPILE_CACHE=1 writes no cache', () => {
  const xdg = tmp();
  expect(bin({ XDG_CACHE_HOME: xdg, CDK8S_MILVUS_NO_COMPILE_CACHE: '1' }, ['synth', '--config', SEED, '--stdout'])).toEqual(expected);
  expect(existsSync(join(xdg, 'cdk8s-milvus'))).toBe(false);
});

/** A copy of the package (lib, .jsii, package.json) under node_modules, so that cdk8s resolves and jest sees no second package.json. */
function withPackageCopy(fn: (pkg: string) => void, filter: (src: string) => boolean = () => true): void {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const pkg = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'cdk8s-milvus-launcher-test-'));
  try {
    cpSync(join(ROOT, 'lib'), join(pkg, 'lib'), { recursive: true, filter });
    cpSync(join(ROOT, '.jsii'), join(pkg, '.jsii'));
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    fn(pkg);
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
}

test('without the bundle the bin runs the unbundled CLI: same output, help and exit codes', () => {
  withPackageCopy(pkg => {
    const copy = join(pkg, 'lib', 'cli', 'main.js');
    const xdg = tmp();
    expect(bin({ XDG_CACHE_HOME: xdg }, ['synth', '--config', SEED, '--stdout'], copy)).toEqual(expected);
    expect(bin({ XDG_CACHE_HOME: xdg }, ['--help'], copy)).toEqual(inProcess('--help'));
    expect(bin({ XDG_CACHE_HOME: xdg }, ['synth'], copy)).toEqual(inProcess('synth'));
    expect(existsSync(join(xdg, 'cdk8s-milvus'))).toBe(false);
  }, src => !src.endsWith('main.bundle.js'));
});

test('a bundle older than the compiled _main.js (compile without post-compile) is not used', () => {
  withPackageCopy(pkg => {
    const cli = join(pkg, 'lib', 'cli');
    writeFileSync(join(cli, 'main.bundle.js'), '// cdk8s-milvus bundle 00000000000000000000000000000000\nprocess.stdout.write("stale bundle");\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(cli, 'main.bundle.js'), old, old);
    expect(bin({ XDG_CACHE_HOME: tmp() }, ['synth', '--config', SEED, '--stdout'], join(cli, 'main.js'))).toEqual(expected);
    const now = new Date(Date.now() + 60_000);
    utimesSync(join(cli, 'main.bundle.js'), now, now);
    expect(bin({ XDG_CACHE_HOME: tmp() }, ['--version'], join(cli, 'main.js')).stdout).toBe('stale bundle');
  });
});

test('the bundle is rebuilt by post-compile and carries its licence notices', () => {
  const bundle = readFileSync(join(ROOT, 'lib', 'cli', 'main.bundle.js'), 'latin1');
  expect(bundle).toMatch(/^\/\/ cdk8s-milvus bundle [0-9a-f]{32}\n\/\/ Bundled third-party code: see main\.bundle\.LICENSES\.txt/);
  const notices = readFileSync(join(ROOT, 'lib', 'cli', 'main.bundle.LICENSES.txt'), 'utf8');
  for (const pkg of ['cdk8s@', 'cdk8s-plus-28@', 'constructs@', 'yaml@']) { expect(notices).toContain(pkg); }
  expect(notices).toContain('Apache License');
});
