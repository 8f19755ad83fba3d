/**
 * Renders `server_config.yaml` (format 0.5) from the typed model. Internal: the
 * public surface is `MilvusServerConfig` and `MilvusNode`.
 *
 * The output is a TEMPLATE: `general.meta_uri` carries `PASSWORD_PLACEHOLDER`
 * where the MySQL password goes, because the password must never sit in a
 * ConfigMap (milvus-io/milvus-helm#162). The node's `render-config` init
 * container substitutes it inside the pod from the metastore Secret.
 */
import { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { LOGS_PATH, logSettings, MilvusLogFiles } from './_log-settings';
import { milvusSize } from './_milvus-size';
import { MilvusGpuOptions } from './milvus-gpu-options';
import { MilvusRole } from './milvus-role';
import { MilvusServerConfig } from './milvus-server-config';
import { MilvusVersion } from './milvus-version';
import { ProblemCollector } from '../common/_config-paths';
import { FastYamlStyle, fastYamlLines } from '../common/_fast-yaml';
import type { RenderedFileMounts } from '../common/_pod-skeleton';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';
import { databaseName, PASSWORD_CHARACTERS, userName } from '../metastore/_mysql-checks';

/** Replaced by the password at pod start; cannot occur in a validated user or host. */
export const PASSWORD_PLACEHOLDER = '__METASTORE_PASSWORD__';

/** Fixed container paths (the image's layout and the node's mounts). */
export const MILVUS_HOME = '/var/lib/milvus';
export const DATA_PATH = `${MILVUS_HOME}/db`;
export const WAL_PATH = `${DATA_PATH}/wal`;
export const CONFIG_PATH = `${MILVUS_HOME}/conf/server_config.yaml`;
/** `InstanceLockCheck` opens `<storage.path>/lock` at start; the node mounts a writable file there. */
export const STORAGE_LOCK_PATH = `${MILVUS_HOME}/lock`;

/** Where the template, the password file and the rendered file live inside the pod (render-config's view). */
export const RENDER_MOUNTS = {
  template: { volume: 'config-template', dir: '/etc/milvus/template' },
  secret: { volume: 'metastore-password', dir: '/etc/milvus/metastore' },
  rendered: { volume: 'config', dir: '/run/milvus' },
} as const satisfies RenderedFileMounts;

export const ENGINE_PORT = 19530;
export const WEB_PORT = 19121;

export const DEFAULT_TIMEZONE = 'UTC+8';
export { LOGS_PATH };

const MB = 2 ** 20;
const GB = 2 ** 30;
const TIMEZONE = /^UTC[+-]([0-9]|1[0-4])$/;
const GPU_DEVICE = /^gpu(0|[1-9][0-9]?)$/;
const CONFIG_KEY = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;

function milvusTimezone(prop: string, timezone: unknown): string {
  if (typeof timezone !== 'string' || !TIMEZONE.test(timezone)) {
    throw new ValidationError(prop, timezone, 'must be "UTC+N" or "UTC-N" with N from 0 to 14, e.g. "UTC+8" or "UTC-5"');
  }
  return timezone;
}

/** `gpu.search_devices` / `gpu.build_index_devices`: distinct `gpuN` with N below the device count. */
function gpuDevices(prop: string, list: unknown, gpuCount: number): string[] {
  const max = Math.max(gpuCount || 1, 1);
  const allowed = `must be a non-empty list of distinct devices "gpuN" with N from 0 to ${max - 1} (${propRef('gpu.count')} is ${max})`;
  if (!Array.isArray(list) || list.length === 0 || new Set(list).size !== list.length) { throw new ValidationError(prop, list, allowed); }
  for (const d of list) {
    const m = typeof d === 'string' ? GPU_DEVICE.exec(d) : null;
    if (!m || Number(m[1]) >= max) { throw new ValidationError(prop, list, allowed); }
  }
  return list as string[];
}

export interface MetaUriParts {
  readonly user: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

export interface ServerConfigInput {
  readonly role: MilvusRole;
  readonly version: MilvusVersion;
  readonly metaStore: MetaUriParts;
  readonly config?: MilvusServerConfig;
  readonly gpu?: MilvusGpuOptions;
  /** The container's memory limit in bytes: the cache must fit below it. */
  readonly memoryLimitBytes?: number;
  /** Prop path prefix for error messages. */
  readonly prop?: string;
}

export type ConfigValue = string | number | boolean | null | string[] | Record<string, any> | any[];
/** Ordered sections of ordered keys: the file's layout is deterministic and matches the chart's. */
export type ServerConfigModel = Array<[string, Array<[string, ConfigValue]>]>;
type Model = ServerConfigModel;

export interface RenderedServerConfig {
  /** The template with `PASSWORD_PLACEHOLDER` in `general.meta_uri`. */
  readonly template: string;
  /** Section -> keys, as rendered (for tests and parity checks). */
  readonly keys: Record<string, string[]>;
  /** Resolved GPU device count (0 without GPU). */
  readonly gpuCount: number;
  /** The log files the server writes under the logs path; `undefined` when it logs to standard output only. */
  readonly logFiles?: MilvusLogFiles;
  /** Whether the server itself logs to standard output (`kubectl logs`). */
  readonly logsToStdout: boolean;
}

/** Validates the typed config and renders the template. Throws `ValidationError` on bad input. */
export function renderServerConfig(input: ServerConfigInput): RenderedServerConfig {
  const p = input.prop ? `${input.prop}.` : '';
  const c0 = input.config ?? {};
  const writable = input.role === MilvusRole.WRITABLE;
  const ms = input.metaStore;

  // Every field is checked before anything is rendered, so one error lists every problem.
  const problems = new ProblemCollector();
  const c = <T>(build: () => T): T => problems.check(build);
  // The user and database go into meta_uri unquoted: the metastore's identifier rules keep them unambiguous there.
  c(() => userName('metaStore.user', ms.user));
  const host = c(() => check.host('metaStore.host', ms.host));
  const port = c(() => check.port('metaStore.port', ms.port));
  c(() => databaseName('metaStore.database', ms.database));
  const metaUri = `mysql://${ms.user}:${PASSWORD_PLACEHOLDER}@${host}:${port}/${ms.database}`;

  const timezone = c(() => check.orDefault(`${p}timezone`, c0.timezone, DEFAULT_TIMEZONE, milvusTimezone));
  const autoFlush = c(() => check.integer(`${p}autoFlushInterval`, c0.autoFlushInterval ?? 1, 0, 86400));
  const cleanup = c0.fileCleanupTimeout === undefined ? undefined : c(() => check.integer(`${p}fileCleanupTimeout`, c0.fileCleanupTimeout, 0, 3600));

  // WAL lives on the shared data volume, next to the segments it describes: losing one
  // without the other makes Milvus refuse to start (milvus-io/milvus#1419, #3077).
  if (!writable && c0.wal !== undefined) {
    problems.add(new ValidationError(`${p}wal`, c0.wal, 'the wal section applies to the writable node only; readonly nodes always run with WAL off'));
  }
  const walBuffer = c0.wal?.bufferSize ?? '256MB';
  c(() => milvusSize(`${p}wal.bufferSize`, walBuffer, 64 * MB, 4096 * MB));
  const walIgnore = writable ? c(() => check.bool(`${p}wal.recoveryErrorIgnore`, c0.wal?.recoveryErrorIgnore ?? false)) : true;

  const cacheSize = c0.cache?.cacheSize ?? '4GB';
  const insertBuffer = c0.cache?.insertBufferSize ?? '1GB';
  const cacheBytes = c(() => check.orDefault(`${p}cache.cacheSize`, c0.cache?.cacheSize, '4GB', milvusSize));
  const insertBytes = c(() => check.orDefault(`${p}cache.insertBufferSize`, c0.cache?.insertBufferSize, '1GB', milvusSize));
  if (input.memoryLimitBytes !== undefined && cacheBytes + insertBytes >= input.memoryLimitBytes) {
    problems.add(new ValidationError(`${p}cache.cacheSize`, cacheSize,
      `cacheSize + insertBufferSize (${insertBuffer}) must be less than the container memory limit (${(input.memoryLimitBytes / GB).toFixed(2)} GiB); `
      + `raise ${propRef('resources.memoryLimit')} or lower the cache`,
      { defaultSetBy: c0.cache?.cacheSize === undefined ? `${p}cache.cacheSize` : undefined }));
  }
  const preload = c0.cache?.preloadCollections;
  if (preload !== undefined) {
    if (!Array.isArray(preload) || preload.some(n => typeof n !== 'string' || !/^(\*|[A-Za-z_][A-Za-z0-9_]{0,254})$/.test(n))) {
      problems.add(new ValidationError(`${p}cache.preloadCollections`, preload, 'must be a list of collection names ([A-Za-z_][A-Za-z0-9_]*) or ["*"] for all'));
    }
  }
  const threshold = c0.cache?.cpuCacheThreshold;
  if (threshold !== undefined && (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1))) {
    problems.add(new ValidationError(`${p}cache.cpuCacheThreshold`, threshold, 'must be a number in (0, 1]'));
  }
  const cacheInsert = c0.cache?.cacheInsertData === undefined ? undefined : c(() => check.bool(`${p}cache.cacheInsertData`, c0.cache!.cacheInsertData));

  const gpuCount = input.gpu === undefined ? 0 : c(() => check.integer('gpu.count', input.gpu!.count ?? 1, 1, 16));
  const g = input.gpu ?? {};
  const gpuCache = g.cacheSize ?? '1GB';
  c(() => milvusSize('gpu.cacheSize', gpuCache));
  const gpuThreshold = c(() => check.integer('gpu.searchThreshold', g.searchThreshold ?? 1000, 0, 2 ** 31 - 1));
  const searchDevices = c(() => gpuDevices('gpu.searchDevices', g.searchDevices ?? ['gpu0'], gpuCount));
  const buildDevices = c(() => gpuDevices('gpu.buildIndexDevices', g.buildIndexDevices ?? ['gpu0'], gpuCount));

  const logs = c(() => logSettings(input.version, c0.logs, `${p}logs`));
  const metricEnable = c(() => check.bool(`${p}metric.enable`, c0.metric?.enable ?? false));
  const metricAddress = c(() => check.host(`${p}metric.address`, c0.metric?.address ?? '127.0.0.1'));
  const metricPort = c(() => check.port(`${p}metric.port`, c0.metric?.port ?? 9091, 1025, 65534));
  problems.throwIfAny();

  const model: Model = [
    ['cluster', [['enable', true], ['role', writable ? 'rw' : 'ro']]],
    ['general', [['timezone', timezone], ['meta_uri', metaUri]]],
    // HTTP on for both roles: the readiness probe and the Services' `web` port need it
    // (milvus-helm 0.10.0 rendered `http.enable: false` on readonly while its Service exposed 19121; fixed in chart 0.10.5).
    ['network', [['bind.address', '0.0.0.0'], ['bind.port', ENGINE_PORT], ['http.enable', true], ['http.port', WEB_PORT]]],
    ['storage', [['path', MILVUS_HOME], ['auto_flush_interval', autoFlush], ...opt('file_cleanup_timeout', cleanup)]],
    ['wal', [['enable', writable], ['recovery_error_ignore', walIgnore], ['buffer_size', walBuffer], ['path', WAL_PATH]]],
    ['cache', [
      ['cache_size', cacheSize], ['insert_buffer_size', insertBuffer],
      ['preload_collection', preload && preload.length > 0 ? preload.join(',') : null],
      ...opt('cpu_cache_threshold', threshold), ...opt('cache_insert_data', cacheInsert),
    ]],
    ['gpu', [
      ['enable', gpuCount > 0], ['cache_size', gpuCache], ['gpu_search_threshold', gpuThreshold],
      ['search_devices', searchDevices], ['build_index_devices', buildDevices],
    ]],
    ['logs', logs.entries],
    ['metric', [['enable', metricEnable], ['address', metricAddress], ['port', metricPort]]],
  ];
  mergeExtra(model, c0.extra, `${p}extra`);

  const keys: Record<string, string[]> = {};
  for (const [section, entries] of model) { keys[section] = entries.map(([k]) => k); }
  return { template: emit(input.version.configVersion, model), keys, gpuCount, logFiles: logs.files, logsToStdout: logs.toStdout };
}

function opt(key: string, value: ConfigValue | undefined): Array<[string, ConfigValue]> {
  return value === undefined ? [] : [[key, value]];
}

/** Adds the escape hatch's keys. Rendered keys cannot be replaced: they are validated or layout-bound. */
function mergeExtra(model: Model, extra: Record<string, any> | undefined, prop: string): void {
  if (extra === undefined) { return; }
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
    throw new ValidationError(prop, extra, 'must be an object of sections, each an object of keys, e.g. { engine_config: { use_blas_threshold: 1100 } }');
  }
  for (const [section, keys] of Object.entries(extra)) {
    if (section === 'version' || !CONFIG_KEY.test(section) || section.includes('.')) {
      throw new ValidationError(`${prop} key`, section, 'a section name is lower-case letters, digits and "_" (and not "version")');
    }
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
      throw new ValidationError(`${prop}.${section}`, keys, 'must be an object of key -> value');
    }
    let entry = model.find(([s]) => s === section);
    if (!entry) { entry = [section, []]; model.push(entry); }
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      if (!CONFIG_KEY.test(key)) {
        throw new ValidationError(`${prop}.${section} key`, key, 'a key is lower-case letters, digits, "_" and "." (e.g. "use_blas_threshold")');
      }
      if (entry[1].some(([k]) => k === key)) {
        throw new ValidationError(`${prop}.${section}.${key}`, value, 'this key is already rendered by the node (from its role, ports, volumes or a typed config field); set it through the typed field instead');
      }
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
        throw new ValidationError(`${prop}.${section}.${key}`, value, 'must be a string, number, boolean, null, list or object');
      }
      entry[1].push([key, value as ConfigValue]);
    }
  }
}

/** The comment that opens the file. */
const HEADER = [
  ' Rendered by cdk8s-milvus. general.meta_uri carries a placeholder that the',
  ' render-config init container replaces with the password from the metastore Secret.',
];
/** The options `emitWithYaml` prints with: `nullStr: ''`, decimals such as `cpu_cache_threshold: 0.85` as they are. */
const SERVER_CONFIG_STYLE: FastYamlStyle = { nullStr: '', decimals: true };

/**
 * The file, written under YAML 1.1 rules: Milvus reads it with yaml-cpp, a YAML 1.1 reader, so
 * every string a 1.1 reader would take for something else (`yes`, `1_000`, `12:30`, `0.10`) is
 * quoted, and plain where it is unambiguous. Sections are separated by a blank line, as in the
 * upstream template (`core/conf/server_config.template`). The verified fast path
 * (src/common/_fast-yaml.ts) prints exactly what `emitWithYaml` prints; whatever it is not
 * certain about (e.g. an `extra` value it does not handle) goes to the `yaml` library.
 */
export function emit(version: string, model: Model): string {
  return fastEmit(version, model) ?? emitWithYaml(version, model);
}

/** `emitWithYaml`'s text on the fast path, or undefined when it is not certain. */
export function fastEmit(version: string, model: Model): string | undefined {
  const lines = fastYamlLines({ version: Number(version) }, '', SERVER_CONFIG_STYLE);
  if (lines === undefined) { return undefined; }
  for (const [section, entries] of model) {
    const sectionLines = fastYamlLines({ [section]: Object.fromEntries(entries) }, '', SERVER_CONFIG_STYLE);
    if (sectionLines === undefined) { return undefined; }
    lines.push('', ...sectionLines);
  }
  return `${[...HEADER.map(h => `#${h}`), ...lines].join('\n')}\n`;
}

/** The file as the `yaml` library writes it (the fallback, and the reference of the fast path's test). */
export function emitWithYaml(version: string, model: Model): string {
  const doc = new Document(null, { version: '1.1' });
  const map = new YAMLMap();
  // yaml-cpp reads `version` as the scalar's text; the upstream template writes it unquoted.
  const versionKey = new Scalar('version');
  versionKey.commentBefore = HEADER.join('\n');
  map.items.push(new Pair(versionKey, doc.createNode(Number(version))));
  for (const [section, entries] of model) {
    const key = new Scalar(section);
    key.spaceBefore = true;
    map.items.push(new Pair(key, doc.createNode(Object.fromEntries(entries))));
  }
  doc.contents = map;
  return doc.toString({ nullStr: '', lineWidth: 0 });
}

// Shell scripts (busybox sh). Kubernetes expands only `$(NAME)` for env names the container
// declares; none of these `$(...)` command substitutions names one, so they reach the shell intact.

// The password goes into meta_uri unquoted and through sed: only PASSWORD_CHARACTERS (one set,
// see metastore/_mysql-checks.ts) are accepted, so sed needs no escaping ("&", "\\" and the "|"
// delimiter are all refused) and Milvus splits the URI where it should.
export const RENDER_CONFIG = `set -eu
umask 077
pw="$(cat ${RENDER_MOUNTS.secret.dir}/password)"
if [ -z "$pw" ]; then
  echo "render-config: the metastore password is empty" >&2
  exit 1
fi
bad="$(printf '%s' "$pw" | tr '\\n\\r\\t ' '????' | tr -d '${PASSWORD_CHARACTERS.shellClass}')"
if [ -n "$bad" ]; then
  echo "render-config: the metastore password contains characters general.meta_uri cannot carry; allowed: ${PASSWORD_CHARACTERS.words}" >&2
  exit 1
fi
sed "s|${PASSWORD_PLACEHOLDER}|$pw|" ${RENDER_MOUNTS.template.dir}/server_config.yaml > ${RENDER_MOUNTS.rendered.dir}/server_config.yaml
: > ${RENDER_MOUNTS.rendered.dir}/lock
echo "render-config: wrote ${RENDER_MOUNTS.rendered.dir}/server_config.yaml"
`;
