/**
 * Construct warnings reach library users: a plain `app.synth()` (what `cdk8s synth` runs) prints
 * each warning once, naming the construct path; a tool that collects them (the CLI) prints them itself.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { MySql, MySqlCredentials, StorageClassRef } from '../../src';
import { COLLECT_WARNINGS, warningsOf } from '../../src/common/_warn';
import { loadExample, REPO_ROOT } from '../cluster/_fixtures';

const WARNING = 'MySQL data on the ReadWriteMany class "nfs-client": network file systems do not lock reliably for InnoDB; prefer block storage';

function mysqlOnNfs(app: App): Chart {
  const chart = new Chart(app, 'db', { namespace: 'milvus' });
  new MySql(chart, 'MySql', {
    releaseName: 'r',
    credentials: MySqlCredentials.fromExistingSecret('r-mysql'),
    storageClass: StorageClassRef.fromName('nfs-client', { readWriteMany: true }),
  });
  return chart;
}

function captureStderr(body: () => void): string {
  let text = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { text += String(chunk); return true; });
  try {
    body();
  } finally {
    spy.mockRestore();
  }
  return text;
}

test('printed once, with the construct path, however often the app is synthesized', () => {
  const app = Testing.app();
  const chart = mysqlOnNfs(app);
  const stderr = captureStderr(() => {
    chart.toJson();
    chart.toJson();
    app.synthYaml();
  });
  expect(stderr).toBe(`[db/MySql] warning: ${WARNING}\n`);
});

test('an app that collects warnings gets them from warningsOf, nothing printed', () => {
  const app = Testing.app();
  app.node.setContext(COLLECT_WARNINGS, true);
  const chart = mysqlOnNfs(app);
  expect(captureStderr(() => chart.toJson())).toBe('');
  expect(warningsOf(app)).toEqual([{ path: 'db/MySql', message: WARNING }]);
});

test('a plain cdk8s app (the compiled package, app.synth() in its own process) shows the seed\'s warning once', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk8s-milvus-warn-'));
  const script = [
    `const { App } = require(${JSON.stringify(require.resolve('cdk8s'))});`,
    `const { MilvusClusterChart } = require(${JSON.stringify(join(REPO_ROOT, 'lib'))});`,
    `const app = new App({ outdir: ${JSON.stringify(outdir)} });`,
    `new MilvusClusterChart(app, 'my-release', ${JSON.stringify(loadExample('seed.yaml'))});`,
    'app.synth();',
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe(`[my-release/MySql] warning: ${WARNING}\n`);
});
