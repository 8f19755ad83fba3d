/**
 * The ownership guard's scripts (issue 11, point 3), run for real: by dash and by busybox sh,
 * against a real directory and a real MySQL-compatible server (MariaDB from Debian, started by
 * test/support/mariadb.ts; `.ci/run` installs it). Nothing here is skipped: without MariaDB or
 * busybox the suite fails.
 */
import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PASSWORD_CHARACTERS } from '../../src/metastore/_mysql-checks';
import { OWNER_FILE, OWNER_TABLE, OwnershipGuardOptions, ownershipGuardScript } from '../../src/milvus/_ownership-guard';
import { MariaDb, startMariaDb } from '../support/mariadb';


/** Every character the password may hold (PASSWORD_CHARACTERS) but letters and digits, through the real client. */
const PASSWORD = 'guard-Secret.0123~9._~!*+=,^-';
let db: MariaDb;

test('the test password uses every special character a metastore password may hold', () => {
  expect(PASSWORD_CHARACTERS.test(PASSWORD)).toBe(true);
  expect(new Set(PASSWORD.replace(/[A-Za-z0-9]/g, ''))).toEqual(new Set('._~!*+=,^-'));
});

beforeAll(async () => {
  db = await startMariaDb();
  db.root(`CREATE DATABASE milvus_a; CREATE DATABASE milvus_b;
    CREATE USER 'milvus'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}';
    GRANT ALL PRIVILEGES ON milvus_a.* TO 'milvus'@'127.0.0.1'; GRANT ALL PRIVILEGES ON milvus_b.* TO 'milvus'@'127.0.0.1';
    CREATE TABLE milvus_a.Tables (id BIGINT PRIMARY KEY, table_id VARCHAR(255));`);
}, 60_000);
afterAll(async () => db?.stop());

const SHELLS = [['dash'], ['busybox', 'sh']];

interface Volume { dataDir: string; secrets: string; workDir: string }
function volume(password = PASSWORD): Volume {
  const root = mkdtempSync(join(tmpdir(), 'cdk8s-milvus-guard-'));
  const v = { dataDir: join(root, 'db'), secrets: join(root, 'secret'), workDir: join(root, 'run') };
  for (const d of Object.values(v)) { spawnSync('mkdir', ['-p', d]); }
  writeFileSync(join(v.secrets, 'password'), password);
  return v;
}

function script(v: Volume, o: Partial<OwnershipGuardOptions>): string {
  return ownershipGuardScript({
    role: 'writable',
    namespace: 'milvus',
    releaseName: 'a',
    claimName: 'a-milvus',
    dataDir: v.dataDir,
    passwordFile: join(v.secrets, 'password'),
    workDir: v.workDir,
    host: db.host,
    port: db.port,
    database: 'milvus_a',
    user: 'milvus',
    ...o,
  });
}

function run(shell: string[], v: Volume, o: Partial<OwnershipGuardOptions>) {
  const r = spawnSync(shell[0], [...shell.slice(1), '-c', script(v, o)], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ownerRow = (database: string) => db.root(`SELECT release_name FROM ${database}.${OWNER_TABLE}`).trim();
const resetDb = () => {
  for (const d of ['milvus_a', 'milvus_b']) { db.root(`DROP TABLE IF EXISTS ${d}.${OWNER_TABLE}`); }
};

test('no "$$" in the scripts: Kubernetes would turn it into "$" in a container command', () => {
  for (const role of ['writable', 'readonly'] as const) {
    expect(script(volume(), { role })).not.toContain('$$');
  }
});

test('the option file is removed on every exit: its trap is set before the password is written to it', () => {
  for (const role of ['writable', 'readonly'] as const) {
    const lines = script(volume(), { role }).split('\n');
    const created = lines.findIndex(l => l.startsWith('cnf="$(mktemp '));
    const trap = lines.indexOf('trap \'rm -f "$cnf"\' EXIT');
    const written = lines.findIndex(l => l.includes('password=') && l.endsWith('> "$cnf"'));
    expect([created >= 0, trap, written]).toEqual([true, created + 2, created + 3]);
  }
});

describe.each(SHELLS)('%s', (...shell) => {
  beforeEach(resetDb);

  test('the first writable node claims a fresh directory and database; a restart passes quietly', () => {
    const v = volume();
    const first = run(shell, v, {});
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('ownership-guard: claimed the metastore database milvus_a');
    expect(first.out).toContain('ownership-guard: claimed the data directory (claim a-milvus');
    expect(readFileSync(join(v.dataDir, OWNER_FILE), 'utf8')).toBe('milvus/a\n');
    // eslint-disable-next-line no-bitwise
    expect(statSync(join(v.dataDir, OWNER_FILE)).mode & 0o777).toBe(0o644);
    expect(ownerRow('milvus_a')).toBe('milvus/a');
    // Milvus's own tables are untouched; only ours was added.
    expect(db.root('SHOW TABLES FROM milvus_a').trim().split('\n').sort()).toEqual(['Tables', OWNER_TABLE]);
    // The option file holding the password is gone.
    expect(readdirSync(v.workDir)).toEqual([]);

    const again = run(shell, v, {});
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('claimed');
    expect(again.out).toContain('belong to this release (milvus/a)');
  });

  test('another release\'s writable node refuses both, says who owns them and what to do', () => {
    const v = volume();
    expect(run(shell, v, {}).code).toBe(0);
    const other = run(shell, v, { releaseName: 'b' });
    expect(other.code).toBe(1);
    expect(other.err).toContain('ownership-guard: the data directory (claim a-milvus');
    expect(other.err).toContain('belongs to release milvus/a; this pod is release milvus/b, so it does not start.');
    expect(other.err).toContain('Give this release its own data claim');
    expect(other.err).toContain(`delete ${join(v.dataDir, OWNER_FILE)} on that volume`);
    expect(readFileSync(join(v.dataDir, OWNER_FILE), 'utf8')).toBe('milvus/a\n');
  });

  test('the same database from a fresh directory (another release on one metastore): refused, the fresh directory is not claimed', () => {
    expect(run(shell, volume(), {}).code).toBe(0);
    const fresh = volume();
    const other = run(shell, fresh, { releaseName: 'b' });
    expect(other.code).toBe(1);
    expect(other.err).toContain(`the metastore database milvus_a on 127.0.0.1:${db.port} belongs to release milvus/a`);
    expect(other.err).toContain(`Give this release its own database (mysql.database or externalMysql.database). Only if release milvus/a is gone for good and this release takes over its data: run DELETE FROM ${OWNER_TABLE} in that database.`);
    expect(readdirSync(fresh.dataDir)).toEqual([]);
  });

  test('a reused directory with a fresh database: refused, the fresh database is not claimed', () => {
    const v = volume();
    expect(run(shell, v, {}).code).toBe(0);
    const other = run(shell, v, { releaseName: 'b', database: 'milvus_b' });
    expect(other.code).toBe(1);
    expect(other.err).toContain('belongs to release milvus/a');
    expect(db.root(`SHOW TABLES FROM milvus_b LIKE '${OWNER_TABLE}'`)).toBe('');
  });

  test('the same release in another namespace is another release', () => {
    const v = volume();
    expect(run(shell, v, {}).code).toBe(0);
    expect(run(shell, v, { namespace: 'staging' }).err).toContain('this pod is release staging/a');
  });

  test('readonly nodes check the same marks: their release passes, another is refused', () => {
    const v = volume();
    expect(run(shell, v, {}).code).toBe(0);
    const own = run(shell, v, { role: 'readonly' });
    expect(own).toMatchObject({ code: 0 });
    expect(own.out).toContain('belong to this release (milvus/a)');
    const other = run(shell, v, { role: 'readonly', releaseName: 'b' });
    expect(other.code).toBe(1);
    expect(other.err).toContain('belongs to release milvus/a; this pod is release milvus/b');
  });

  test('a readonly node started first waits for the writable node\'s marks, then passes', async () => {
    const v = volume();
    const readonly = spawn(shell[0], [...shell.slice(1), '-c', script(v, { role: 'readonly' })]);
    let out = '';
    readonly.stdout.on('data', d => { out += d; });
    const exited = new Promise<number | null>(r => readonly.once('exit', r));
    await new Promise(r => setTimeout(r, 500));
    expect(readonly.exitCode).toBeNull();
    expect(run(shell, v, {}).code).toBe(0);
    expect(await exited).toBe(0);
    expect(out).toContain('ownership-guard: waiting for the owner mark');
    expect(out).toContain('belong to this release (milvus/a)');
  }, 20_000);

  test.each(['writable', 'readonly'] as const)('%s: a wrong password fails the start at once (never passes unchecked, never waits)', role => {
    const v = volume('wrong-password');
    const r = run(shell, v, { role });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Access denied/);
    // No option file (it holds the password) outlives the failure.
    expect(readdirSync(v.workDir)).toEqual([]);
  });
});
