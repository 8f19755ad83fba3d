/**
 * A real MySQL-compatible server for the tests that need one: Debian's MariaDB (`mariadb-server`;
 * `.ci/run` installs it), started on 127.0.0.1 with a fresh data directory in a temp dir. A server
 * that cannot start fails the test run: nothing is skipped.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

export interface MariaDb {
  readonly host: string;
  readonly port: number;
  /** Runs SQL as root over the socket; returns the output (batch, no column names). */
  root(sql: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Debian installs the server under /usr/sbin, which a CI user's PATH may lack. */
const SERVER = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'].find(existsSync) ?? 'mariadbd';

/** Starts a server; throws (failing the suite) when MariaDB is missing or does not come up within 30 s. */
export async function startMariaDb(): Promise<MariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-milvus-mariadb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const user = execFileSync('id', ['-un']).toString().trim();
  try {
    execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, `--user=${user}`, '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: 'pipe' });
  } catch (e: any) {
    throw new Error(`cannot initialise MariaDB (apt-get install -y mariadb-server): ${e.stderr?.toString() ?? e.message}`);
  }
  const port = await freePort();
  const server: ChildProcess = spawn(SERVER, [
    '--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--user=${user}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M', `--pid-file=${join(dir, 'mysqld.pid')}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  let failed = false;
  server.stderr!.on('data', d => { log += d.toString(); });
  server.on('error', e => { failed = true; log += e.message; });
  const root = (sql: string) => execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '--batch', '--skip-column-names', '-e', sql], { stdio: 'pipe' }).toString();
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      root('SELECT 1');
      break;
    } catch {
      if (failed || server.exitCode !== null || Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`MariaDB did not start: ${log}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    root,
    stop: async () => {
      const exited = new Promise(r => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
