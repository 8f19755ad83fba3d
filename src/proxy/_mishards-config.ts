/**
 * Internal helpers of `Mishards`: the `.env` template, the script that renders it
 * at pod start, and the dependency wait loop. Not exported from the barrel.
 */
import type { RenderedFileMounts } from '../common/_pod-skeleton';

/** Replaced by the URL-encoded database password when the pod starts; never a password itself. */
export const PASSWORD_PLACEHOLDER = '__DB_PASSWORD__';

/** The render-env step's template, password and output (volumes and directories). */
export const RENDER_MOUNTS = {
  template: { volume: 'env-template', dir: '/etc/mishards/template' },
  secret: { volume: 'db-password', dir: '/etc/mishards/db' },
  rendered: { volume: 'rendered-env', dir: '/run/mishards' },
} as const satisfies RenderedFileMounts;

/** Where the pieces live inside the pod. */
export const PATHS = {
  templateDir: RENDER_MOUNTS.template.dir,
  templateKey: 'mishards.env.template',
  passwordDir: RENDER_MOUNTS.secret.dir,
  passwordFile: 'password',
  renderedDir: RENDER_MOUNTS.rendered.dir,
  renderedFile: '.env',
  /** Mishards loads `.env` from its package directory (`/source/mishards`, python-dotenv via environs). */
  envFile: '/source/mishards/.env',
  tmp: '/tmp',
  logPath: '/tmp/mishards',
} as const;

export interface EnvFileInput {
  readonly maxWorkers: number;
  readonly dbUser: string;
  readonly dbHost: string;
  readonly dbPort: number;
  readonly database: string;
  readonly debug: boolean;
  readonly serverPort: number;
  readonly writableHost: string;
  readonly writablePort: number;
  readonly timezone?: string;
  /** `KEY=value` lines of the discovery plugin, in order. */
  readonly discovery: Array<[string, string]>;
}

/**
 * The `.env` Mishards reads, with the password as a placeholder. Keys and order follow
 * the chart's `_mishards_config.tpl` (0.10.3+); tracing stays off (`TRACER_CLASS_NAME` unset).
 */
export function renderEnvTemplate(input: EnvFileInput): string {
  const lines: string[] = [
    '# Mishards settings (shards/mishards/settings.py). Rendered by cdk8s-milvus.',
    `# The render-env init container replaces ${PASSWORD_PLACEHOLDER} with the URL-encoded`,
    '# password from the metastore Secret; this template never holds the password.',
    `MAX_WORKERS=${input.maxWorkers}`,
    // pymysql ships in the image, so no `pip install mysqlclient` at start (milvus-helm PR #175).
    `SQLALCHEMY_DATABASE_URI=mysql+pymysql://${encodeURIComponent(input.dbUser)}:${PASSWORD_PLACEHOLDER}@${hostPort(input.dbHost, input.dbPort)}/${input.database}?charset=utf8mb4`,
    `DEBUG=${input.debug ? 'true' : 'false'}`,
    // /tmp is an emptyDir: the root filesystem is read-only.
    `LOG_PATH=${PATHS.logPath}`,
  ];
  if (input.timezone !== undefined) { lines.push(`TIMEZONE=${input.timezone}`); }
  lines.push(
    `SERVER_PORT=${input.serverPort}`,
    `WOSERVER=tcp://${hostPort(input.writableHost, input.writablePort)}`,
    ...input.discovery.map(([k, v]) => `${k}=${v}`),
  );
  return lines.join('\n') + '\n';
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Python (the Mishards image's own interpreter, 3.6+) that writes the `.env`: reads the
 * template and the password file, URL-encodes the password (SQLAlchemy needs `@ / :`
 * escaped) and writes the result with mode 0600. A trailing newline in the Secret
 * (common with `kubectl create secret --from-file`) is dropped, as MySQL's `*_FILE` does.
 */
export const RENDER_SCRIPT = [
  'import os, sys, urllib.parse',
  'template, password_file, target = sys.argv[1:4]',
  'with open(password_file) as f:',
  '    password = f.read().rstrip("\\r\\n")',
  'if not password:',
  '    sys.exit("render-env: the database password file " + password_file + " is empty")',
  'with open(template) as f:',
  '    text = f.read()',
  `text = text.replace("${PASSWORD_PLACEHOLDER}", urllib.parse.quote(password, safe=""))`,
  'fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)',
  'with os.fdopen(fd, "w") as f:',
  '    f.write(text)',
  'print("render-env: wrote " + target)',
].join('\n') + '\n';

/**
 * Liveness check run inside the Mishards container: a TCP connect from the pod itself.
 * It differs from the readiness probe (a kubelet tcpSocket probe) in handler and timing,
 * so linters do not report identical probes.
 */
export function livenessCommand(port: number): string[] {
  return ['python', '-c', `import socket; socket.create_connection(("localhost", ${port}), 5).close()`];
}

/** A regular expression matching names that start with `prefix`. */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*`;
}

/** A label selector as `kubectl` and the Python client take it: `k=v,k=v`, keys sorted. */
export function selectorString(selector: Record<string, string>): string {
  return Object.keys(selector).sort().map(k => `${k}=${selector[k]}`).join(',');
}
