/**
 * The files MySQL reads and the commands that probe it, with the paths inside its pod:
 * `mysql.cnf` (ConfigMap `<release>-mysql-configuration`), the init SQL (ConfigMap
 * `<release>-mysql-initialization`) and the readiness and liveness commands. Internal.
 */
import * as check from '../common/_validators';
import { ValidationError } from '../common/validation-error';

export const MYSQL_PORT = 3306;
export const DATA_DIR = '/var/lib/mysql';
export const RUN_DIR = '/var/run/mysqld';
export const SOCKET = `${RUN_DIR}/mysqld.sock`;
export const CREDENTIALS_DIR = '/etc/mysql/credentials';
export const ROOT_PASSWORD_FILE = `${CREDENTIALS_DIR}/root-password`;
export const PASSWORD_FILE = `${CREDENTIALS_DIR}/password`;
export const CONFIG_FILE = 'mysql.cnf';
export const INIT_FILE = 'milvus.sql';

/**
 * `mysql.cnf` settings the construct relies on (probe socket, port, data and run
 * directories); `extraConfig` may not override them.
 */
const RESERVED_CONFIG_KEYS = ['datadir', 'socket', 'pid_file', 'port', 'bind_address', 'skip_networking', 'user'];

/** One `extraConfig` line: a single line, no passwords, no override of what the construct depends on. */
export function configLine(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  if (/[\r\n]/.test(s)) {
    throw new ValidationError(prop, value, 'one mysql.cnf line per entry (no line breaks)');
  }
  if (/^\s*\[/.test(s)) {
    throw new ValidationError(prop, value, 'section headers are not allowed: every line goes into [mysqld]');
  }
  if (/password/i.test(s)) {
    throw new ValidationError(prop, '<redacted>', 'mysql.cnf is a ConfigMap and must not mention passwords');
  }
  const key = s.split('=')[0].trim().toLowerCase().replace(/-/g, '_');
  if (RESERVED_CONFIG_KEYS.includes(key)) {
    throw new ValidationError(prop, value, `must not set ${RESERVED_CONFIG_KEYS.join(', ')}: the probes, Service and volumes depend on them`);
  }
  return s;
}

/**
 * The seed chart's `mysql.cnf` (milvus-helm 0.10.0 values) without `log-error`: that sent
 * errors to a file inside the container, so `kubectl logs` showed nothing and the file
 * would need a writable volume. Unset, mysqld logs to stderr.
 */
export function renderConfig(extra: string[]): string {
  return [
    '[mysqld]',
    `pid-file        = ${RUN_DIR}/mysqld.pid`,
    `socket          = ${SOCKET}`,
    '# log-error is left unset on purpose: mysqld then logs to stderr, which `kubectl logs` shows.',
    'skip-name-resolve',
    'bind-address    = 0.0.0.0',
    '# Disabling symbolic-links is recommended to prevent assorted security risks',
    'symbolic-links  = 0',
    'character-set-server = utf8mb4',
    'collation-server = utf8mb4_unicode_ci',
    'init_connect    = \'SET NAMES utf8mb4\'',
    'skip-character-set-client-handshake = true',
    'max_connections = 1000',
    'wait_timeout    = 31536000',
    ...(extra.length > 0 ? ['# extraConfig', ...extra] : []),
    '',
  ].join('\n');
}

/**
 * Runs once, on an empty data directory, after the image created the database and the
 * user. It needs no secret: the chart's `grant.sql` gave root rights that Milvus no
 * longer uses, so only the character set is pinned here.
 */
export function renderInitSql(database: string): string {
  return [
    '-- Rendered by cdk8s-milvus. This file is a ConfigMap: it must never contain a password.',
    `-- The mysql image has already created database \`${database}\` and the user from MYSQL_USER`,
    `-- (password from MYSQL_PASSWORD_FILE) with ALL PRIVILEGES on \`${database}\`.* only;`,
    '-- root can log in only through the socket inside the pod (MYSQL_ROOT_HOST=localhost).',
    `ALTER DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    '',
  ].join('\n');
}

/**
 * Readiness (and startup): the server answers on TCP, the path clients use, so the
 * temporary socket-only server of the first initialisation does not count as ready.
 * Root cannot log in over TCP (MYSQL_ROOT_HOST=localhost), so it authenticates as the
 * Milvus user. The password goes through MYSQL_PWD, never the command line.
 */
export function readinessCommand(): string[] {
  return ['sh', '-c', `MYSQL_PWD="$(cat "$MYSQL_PASSWORD_FILE")" exec mysqladmin --protocol=tcp --host=127.0.0.1 --port=${MYSQL_PORT} --user="$MYSQL_USER" --connect-timeout=3 ping`];
}

/** Liveness: root over the local socket must get a `status` answer (differs from readiness). */
export function livenessCommand(): string[] {
  return ['sh', '-c', `MYSQL_PWD="$(cat "$MYSQL_ROOT_PASSWORD_FILE")" exec mysqladmin --protocol=socket --socket=${SOCKET} --user=root --connect-timeout=3 status`];
}
