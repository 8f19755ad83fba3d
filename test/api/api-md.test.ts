/**
 * API.md is the API reference jsii-docgen renders from the jsii assembly of this build (the same
 * `npx projen docgen` writes), so it lists every construct, struct, enum and member users of any
 * jsii language see, and cannot drift from the code.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

test('API.md is what jsii-docgen renders from the current assembly', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'docgen-')), 'API');
  const r = spawnSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '-o', out], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const fresh = readFileSync(`${out}.md`, 'utf8');
  expect(fresh).toContain('### MilvusCluster');
  if (process.env.UPDATE_GOLDEN === '1') { writeFileSync(join(ROOT, 'API.md'), fresh); }
  // A stale API.md: run `npx projen docgen` (or `npm run test:update`) and commit it.
  expect(readFileSync(join(ROOT, 'API.md'), 'utf8')).toEqual(fresh);
}, 60_000);
