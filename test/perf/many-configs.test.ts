/**
 * Several releases in one CLI run (issue 7): `synth --config a --config b ...` writes each
 * release's data and workloads files (issue 11), or prints them one after the other with --stdout;
 * every config is checked and synthesized first, so nothing is written when one of them is invalid.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { run } from '../../src/cli/_run';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const SEED = join(EXAMPLES, 'seed.yaml');
const MINIMAL = join(EXAMPLES, 'minimal.yaml');
const PRODUCTION = join(EXAMPLES, 'production.yaml');

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cdk8s-milvus-many-'));
const single = (file: string) => cli('synth', '--config', file, '--stdout').stdout;

function configFile(content: object): string {
  const file = join(tmp(), 'config.yaml');
  writeFileSync(file, stringify(content));
  return file;
}

const releases = ['my-release', 'demo', 'search'];
const filesOf = (release: string) => [`${release}.data.k8s.yaml`, `${release}.k8s.yaml`];

test('--out: the files of every release, each the same as its own run', () => {
  const out = join(tmp(), 'dist');
  const r = cli('synth', '--config', SEED, '-c', MINIMAL, `--config=${PRODUCTION}`, '--out', out, '--quiet');
  expect(r).toEqual({
    code: 0,
    // The seed keeps the tutorial's MySQL on NFS and is told so; the others say nothing.
    stderr: `warning: ${SEED}: MySQL data on the ReadWriteMany class "nfs-client": network file systems do not lock reliably for InnoDB; prefer block storage\n`,
    // The data and workloads files of every release, then the notes.
    stdout: [...releases.flatMap(filesOf), ...releases.map(n => `${n}.NOTES.txt`)].map(f => `wrote ${join(out, f)}\n`).join(''),
  });
  expect(readdirSync(out).filter(f => f.endsWith('.k8s.yaml')).sort()).toEqual(releases.flatMap(filesOf).sort());
  // A single run's stream is its files, each after its marker line.
  const stream = (release: string) => filesOf(release).map(f => readFileSync(join(out, f), 'utf8')).join('---\n');
  const unmarked = (text: string) => text.replace(/^# .*\n/gm, '');
  expect(unmarked(single(SEED))).toBe(stream('my-release'));
  expect(unmarked(single(MINIMAL))).toBe(stream('demo'));
  expect(unmarked(single(PRODUCTION))).toBe(stream('search'));
});

test('--stdout: the releases in order, as one multi-document stream', () => {
  const r = cli('synth', '--config', SEED, '--config', MINIMAL, '--stdout');
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${single(SEED)}---\n${single(MINIMAL)}`);
});

test('one invalid config among valid ones: exit 2, every problem of every file, nothing written', () => {
  const out = join(tmp(), 'dist');
  const unknownKey = configFile({ namespace: 'a', releaseName: 'a', storage: { storageClassName: 'x', readWriteMany: true }, replcas: 1 });
  const badValue = configFile({ namespace: 'b', releaseName: 'b', storage: { storageClassName: 'x', readWriteMany: true }, readonly: { replicas: 0 } });
  const missing = join(tmp(), 'missing.yaml');
  const r = cli('synth', '--config', SEED, '--config', unknownKey, '--config', badValue, '--config', missing, '--out', out);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`error: ${unknownKey} is not a valid cluster config (1 problem)`);
  expect(r.stderr).toContain(`error: cannot read config ${missing}`);
  // What the constructs reject in a file that passed the schema check is reported in the same run.
  expect(r.stderr).toContain(`error: ${badValue} is not a valid cluster config (1 problem):\n  - invalid readonly.replicas`);
  expect(existsSync(out)).toBe(false);
  // Synthesis-time validation of a config that passes the schema check is reported too.
  const late = cli('synth', '--config', SEED, '--config', badValue, '--out', out);
  expect(late.code).toBe(2);
  expect(late.stderr).toContain(`error: ${badValue} is not a valid cluster config (1 problem):`);
  expect(late.stderr).toContain('invalid readonly.replicas');
  expect(existsSync(out)).toBe(false);
});

test('two configs with the same releaseName cannot both write to --out', () => {
  const out = join(tmp(), 'dist');
  // In two namespaces the objects differ, but the files would not.
  const other = configFile({ namespace: 'other', releaseName: 'demo', storage: { storageClassName: 'x', readWriteMany: true } });
  const r = cli('synth', '--config', MINIMAL, '--config', other, '--out', out);
  expect(r).toEqual({
    code: 2,
    stdout: '',
    stderr: filesOf('demo').map(f => `error: ${MINIMAL} and ${other} both write ${join(out, f)}: give each release its own releaseName\n`).join(''),
  });
  expect(existsSync(out)).toBe(false);
});
