/**
 * Bounded node logs: the log volume is sized from the rotation and checked against the
 * ephemeral-storage limit, and `kubectl logs` shows the server log on every version (the
 * `log` container streams the files of a 0.10 node; a 1.1 node logs to standard output).
 */
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MilvusLogLevel } from '../../src/milvus/milvus-server-config';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { find, K8sObject, podSpecOf, synth } from '../support';
import { cluster, expectInvalid } from './_fixtures';

const workloads = (objs: K8sObject[]) => [find(objs, 'StatefulSet', 'my-release-milvus-writable'), find(objs, 'Deployment', 'my-release-milvus-readonly')];
const logsVolume = (w: K8sObject) => podSpecOf(w).volumes.find((v: any) => v.name === 'milvus-logs-disk').emptyDir;

describe('Milvus 0.10: files only, streamed by the log container', () => {
  const objs = synth(cluster().chart);

  test.each(workloads(objs).map(w => [w.metadata.name, w]))('%s: log volume sized for 5 files x 2 x 512MB, streamed to kubectl logs', (_, w) => {
    // info, warning, error, fatal + global; each current + 1 rotated; 1 MiB headroom per file.
    expect(logsVolume(w)).toEqual({ sizeLimit: `${5 * 2 * 512 + 5}Mi` });
    const spec = podSpecOf(w);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['milvus', 'log']);
    const log = spec.containers[1];
    expect(log.volumeMounts).toEqual([{ name: 'milvus-logs-disk', mountPath: '/var/lib/milvus/logs' }, { name: 'log-state', mountPath: '/run/milvus-log' }]);
    expect(log.command[2]).toContain('tail -q -n +1 -F "$run-info.log" "$run-warning.log" "$run-error.log" "$run-fatal.log"');
    expect(log.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true });
    // Its output is the server's whole log, kept by the kubelet on the node's disk: room for it.
    expect(log.resources.limits['ephemeral-storage']).toBe('1Gi');
    expect(w.spec.template.metadata.annotations['kubectl.kubernetes.io/default-container']).toBe('log');
  });

  test('the volume grows with the levels written and the files kept', () => {
    const { chart } = cluster({
      readonly: {
        config: { logs: { level: MilvusLogLevel.DEBUG, traceEnable: true, logRotateNum: 2, maxLogFileSize: '600MB' } },
        resources: { ephemeralStorageLimit: '14Gi' },
      },
    });
    const readonly = find(synth(chart), 'Deployment', 'my-release-milvus-readonly');
    // debug..fatal, trace, global = 7 files x 3 x 600MiB.
    expect(logsVolume(readonly)).toEqual({ sizeLimit: `${7 * 3 * 600 + 7}Mi` });
    expect(podSpecOf(readonly).containers[1].command[2]).toContain('"$run-debug.log" "$run-info.log" "$run-warning.log" "$run-error.log" "$run-fatal.log" "$run-trace.log"');
  });

  test('upstream\'s log_rotate_num 0 (keep every file) is rejected', () => {
    expectInvalid(() => cluster({ writable: { config: { logs: { logRotateNum: 0 } } } }), 'config.logs.logRotateNum', 'keeps every rotated log file');
  });

  test('logs that do not fit the ephemeral-storage limit are rejected, naming what to change', () => {
    // 5 files x 11 x 512MB = 27.5Gi, far beyond the default 8Gi.
    expectInvalid(() => cluster({ readonly: { config: { logs: { logRotateNum: 10 } } } }),
      'resources.ephemeralStorageLimit', '5 log files x 11 (current + 10 rotated) x 512Mi');
    // The defaults need 5125Mi + 1Gi of /tmp + 50Mi for the container's own output (the kubelet's default rotation).
    expectInvalid(() => cluster({ writable: { resources: { ephemeralStorageRequest: '1Gi', ephemeralStorageLimit: '6Gi' } } }),
      'resources.ephemeralStorageLimit', 'at least 6199Mi');
    expect(() => cluster({ writable: { resources: { ephemeralStorageRequest: '1Gi', ephemeralStorageLimit: '6199Mi' } } })).not.toThrow();
  });
});

describe('Milvus 1.1: standard output', () => {
  test('by default no files, no log container, a small log volume', () => {
    for (const w of workloads(synth(cluster({ version: MilvusVersion.V1_1_1 }).chart))) {
      expect(podSpecOf(w).containers.map((c: any) => c.name)).toEqual(['milvus']);
      expect(logsVolume(w)).toEqual({ sizeLimit: '64Mi' });
      expect(w.spec.template.metadata.annotations['kubectl.kubernetes.io/default-container']).toBeUndefined();
    }
  });
  test('with logToFile the files are budgeted and pruned, not streamed (the server logs to stdout itself)', () => {
    const objs = synth(cluster({ version: MilvusVersion.V1_1_1, writable: { config: { logs: { logToFile: true } } } }).chart);
    const [writable, readonly] = workloads(objs);
    expect(logsVolume(writable)).toEqual({ sizeLimit: '5125Mi' });
    expect(podSpecOf(writable).containers[1].command[2]).not.toContain('tail -q');
    expect(writable.spec.template.metadata.annotations['kubectl.kubernetes.io/default-container']).toBeUndefined();
    expect(podSpecOf(readonly).containers).toHaveLength(1);
  });
});

describe('writable.runAsNonRoot', () => {
  test('rejected for the writable node, which writes inside its image at start', () => {
    expectInvalid(() => cluster({ writable: { runAsNonRoot: true } }), 'runAsNonRoot', 'StorageChecker.cpp');
  });
  test('accepted for readonly nodes (they skip the storage check and take no lock)', () => {
    const readonly = find(synth(cluster({ readonly: { runAsNonRoot: true } }).chart), 'Deployment', 'my-release-milvus-readonly');
    expect(podSpecOf(readonly).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
  });
});

describe('the log container\'s script, run under sh', () => {
  const script = podSpecOf(find(synth(cluster().chart), 'StatefulSet', 'my-release-milvus-writable')).containers[1].command[2] as string;

  async function until(what: string, ok: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !ok(); i++) { await new Promise(r => setTimeout(r, 50)); }
    if (!ok()) { throw new Error(`never happened: ${what}`); }
  }

  test('streams the newest run\'s files, follows a rotation, removes earlier runs\' files, stops on TERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milvus-logs-'));
    const state = mkdtempSync(join(tmpdir(), 'milvus-log-state-'));
    writeFileSync(join(dir, 'milvus-20-06-16-10:30-info.log'), '[old][INFO] earlier run\n');
    writeFileSync(join(dir, 'milvus-20-06-16-10:30-info.log.1'), '[old][INFO] earlier run, rotated\n');
    const local = script.split('/var/lib/milvus/logs').join(dir).split('/run/milvus-log').join(state).replace('sleep 5', 'sleep 0.1');
    const child = spawn('sh', ['-c', local]);
    let out = '';
    child.stdout.on('data', d => { out += d; });
    const exited = new Promise<number | null>(r => child.on('exit', code => r(code)));
    try {
      await until('the earlier run is streamed', () => out.includes('earlier run\n'));
      writeFileSync(join(dir, 'milvus-20-06-16-10:31-info.log'), '[new][INFO] first\n');
      writeFileSync(join(dir, 'milvus-20-06-16-10:31-warning.log'), '[new][WARNING] second\n');
      await until('the new run is streamed', () => out.includes('first') && out.includes('second'));
      await until('the earlier run\'s files are removed', () => readdirSync(dir).every(f => f.includes('10:31')));
      expect(existsSync(join(state, 'alive'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['milvus-20-06-16-10:31-info.log', 'milvus-20-06-16-10:31-warning.log']);
  });
});

test('readonly nodes get the same budget check', () => {
  // 5 files x 2 x 4096MB = 40Gi.
  expectInvalid(() => cluster({ readonly: { config: { logs: { maxLogFileSize: '4096MB' } } } }), 'resources.ephemeralStorageLimit');
});
