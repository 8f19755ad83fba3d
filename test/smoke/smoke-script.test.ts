/**
 * The smoke test's Python program against a stand-in `milvus` module (test/smoke/stand-in):
 * it passes on a healthy cluster, fails with the step's name on each kind of breakage, and
 * always drops its own collection.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SMOKE_TEST_SCRIPT } from '../../src/smoke/_smoke-test-script';

const dir = mkdtempSync(join(tmpdir(), 'smoke-'));
const script = join(dir, 'smoke_test.py');
writeFileSync(script, SMOKE_TEST_SCRIPT);

interface Run { code: number | null; out: string; calls: Array<Record<string, any>> }

function runSmoke(env: Record<string, string> = {}): Run {
  const log = join(dir, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(log, '');
  const r = spawnSync('python3', [script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      PYTHONPATH: join(__dirname, 'stand-in'),
      PYTHONDONTWRITEBYTECODE: '1',
      MILVUS_HOST: 'my-release-milvus',
      MILVUS_PORT: '19530',
      SMOKE_RETRY_SECONDS: '0.01',
      SMOKE_CONNECT_TIMEOUT_SECONDS: '5',
      FAKE_MILVUS_LOG: log,
      ...env,
    },
  });
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
  return { code: r.status, out: `${r.stdout}${r.stderr}`, calls };
}

const dropped = (run: Run) => run.calls.filter(c => c.call === 'drop_collection').map(c => c.name);
const created = (run: Run) => run.calls.filter(c => c.call === 'create_collection').map(c => c.param.collection_name);

test('the program is Python 3.6 (the Mishards images are built FROM python:3.6, milvus-io/milvus shards/Dockerfile)', () => {
  const check = 'import ast, sys; ast.parse(open(sys.argv[1]).read(), feature_version=(3, 6))';
  const r = spawnSync('python3', ['-c', check, script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  // ast's feature_version is best effort: the 3.7+ forms it may miss are not used either.
  expect(SMOKE_TEST_SCRIPT).not.toMatch(/\bf"|\bf'|:=|breakpoint\(|from __future__ import annotations|dataclass/);
});

test('a healthy cluster: every step runs, every vector finds itself, exit 0', () => {
  const run = runSmoke();
  expect(run.out).toContain('SMOKE TEST PASSED');
  expect(run.code).toBe(0);
  expect(run.calls.map(c => c.call)).toEqual(expect.arrayContaining(['create_collection', 'insert', 'flush', 'count_entities', 'create_index', 'search', 'drop_collection']));
  // Through the Service an external client uses.
  // The client's own wait per attempt is bounded (pool arguments of pymilvus 0.2.14 and 1.1.2).
  expect(run.calls[0]).toEqual({ call: 'connect', host: 'my-release-milvus', port: 19530, wait_timeout: 10, max_retry: 1 });
  // Its own collection, dropped at the end.
  expect(created(run)).toHaveLength(1);
  expect(created(run)[0]).toMatch(/^smoke_test_/);
  expect(dropped(run)).toEqual(created(run));
  const search = run.calls.find(c => c.call === 'search')!;
  expect(search.params.nprobe).toBe(run.calls.find(c => c.call === 'create_index')!.params.nlist);
});

test('Mishards still starting: it retries until it connects', () => {
  const run = runSmoke({ FAKE_MILVUS_UNREACHABLE: '3' });
  expect(run.code).toBe(0);
  expect(run.calls.filter(c => c.call === 'connect')).toHaveLength(4);
});

test('Mishards never reachable: exit 1 naming the address', () => {
  const run = runSmoke({ FAKE_MILVUS_UNREACHABLE: '100000', SMOKE_CONNECT_TIMEOUT_SECONDS: '0.2' });
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/SMOKE TEST FAILED: no working connection to Mishards at my-release-milvus:19530 after \d+ attempts; last error: Fail connecting/);
});

test.each(['create_collection', 'insert', 'flush', 'count_entities', 'create_index', 'search'])('a failed %s: exit 1 naming the step, collection dropped', step => {
  const run = runSmoke({ FAKE_MILVUS_FAIL: step });
  expect(run.code).toBe(1);
  expect(run.out).toContain(`SMOKE TEST FAILED: ${step} failed: Status(code=1`);
  expect(run.out).not.toContain('PASSED');
  expect(dropped(run)).toEqual(step === 'create_collection' ? [] : created(run));
});

test('an exception in a call is reported, and the collection still dropped', () => {
  const run = runSmoke({ FAKE_MILVUS_RAISE: 'search' });
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/SMOKE TEST FAILED: unexpected error: RuntimeError\(.*StatusCode.UNAVAILABLE/);
  expect(dropped(run)).toEqual(created(run));
});

test('a vector that does not find itself fails the test', () => {
  const run = runSmoke({ FAKE_MILVUS_WRONG_HIT: '7' });
  expect(run.code).toBe(1);
  expect(run.out).toContain('SMOKE TEST FAILED: 1 of 200 vectors did not find themselves (ids [8])');
});

test('lost entities after flush fail the test', () => {
  const run = runSmoke({ FAKE_MILVUS_LOSE: '1' });
  expect(run.code).toBe(1);
  expect(run.out).toContain('count_entities is 199 after flushing 200 vectors');
});

test('a drop that fails is reported even when everything else passed', () => {
  const run = runSmoke({ FAKE_MILVUS_FAIL: 'drop_collection' });
  expect(run.code).toBe(1);
  expect(run.out).toContain('SMOKE TEST FAILED: cannot drop collection');
});
