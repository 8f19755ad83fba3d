/**
 * Every apply command a user can copy (README, the examples' headers, the NOTES) gives the NOTES'
 * apply step: the data file once, then the workloads as the ApplySet. A plain `kubectl apply -f
 * <release>.k8s.yaml` of an ApplySet's file drops its objects from the set (they are never pruned
 * again), and leaving out `<release>.data.k8s.yaml` leaves the data claim uncreated.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from '../support';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

/** The problems of a text's apply commands: a workloads apply without the ApplySet, or without the data file applied before it. */
export function applyCommandProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const workloads = /kubectl apply\b.*-f\s+(\S*?)([\w.-]+)(?<!\.data)\.k8s\.yaml\b/.exec(line);
    if (!workloads) { return; }
    if (!/KUBECTL_APPLYSET=true kubectl apply .*--prune --applyset=\S+/.test(line)) {
      problems.push(`line ${i + 1}: the workloads without the ApplySet: ${line.trim()}`);
    }
    const data = `kubectl apply -n milvus -f ${workloads[1]}${workloads[2]}.data.k8s.yaml`;
    if (!lines.slice(0, i).some(l => l.includes(data.replace(' -n milvus', '')) || l.includes(data))) {
      problems.push(`line ${i + 1}: the workloads with no "${data}" before them: ${line.trim()}`);
    }
  });
  return problems;
}

test('the check finds a bare apply of the workloads, and one without the data file before it', () => {
  expect(applyCommandProblems('#   kubectl apply -f dist/my-release.k8s.yaml')).toHaveLength(2);
  expect(applyCommandProblems([
    'kubectl apply -n milvus -f dist/r.data.k8s.yaml',
    'kubectl -n milvus delete job r && kubectl apply -f dist/r.k8s.yaml',
  ].join('\n'))).toEqual(['line 2: the workloads without the ApplySet: kubectl -n milvus delete job r && kubectl apply -f dist/r.k8s.yaml']);
  expect(applyCommandProblems([
    'kubectl apply -n milvus -f dist/r.data.k8s.yaml',
    'KUBECTL_APPLYSET=true kubectl apply -n milvus --prune --applyset=configmaps/r-milvus-applyset -f dist/r.k8s.yaml',
  ].join('\n'))).toEqual([]);
});

test('the README gives the NOTES\' apply commands everywhere', () => {
  expect(applyCommandProblems(readFileSync(join(ROOT, 'README.md'), 'utf8'))).toEqual([]);
});

test.each(readdirSync(EXAMPLES).filter(f => f.endsWith('.yaml')))('examples/%s: its header gives the NOTES\' apply commands', file => {
  expect(applyCommandProblems(readFileSync(join(EXAMPLES, file), 'utf8'))).toEqual([]);
});

test('the NOTES (with a smoke test, whose step says how to run it again) give only ApplySet applies of the workloads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apply-docs-'));
  const config = join(dir, 'c.yaml');
  writeFileSync(config, `${readFileSync(join(EXAMPLES, 'seed.yaml'), 'utf8')}\nsmokeTest: {}\n`);
  expect(runCli('synth', '--config', config, '--out', dir).code).toBe(0);
  const notes = readFileSync(join(dir, 'my-release.NOTES.txt'), 'utf8');
  expect(notes.match(/--applyset=/g)).toHaveLength(2); // the apply step, and the smoke test's "run it again"
  expect(applyCommandProblems(notes)).toEqual([]);
  expect(notes).not.toMatch(/apply the manifest again/);
});
