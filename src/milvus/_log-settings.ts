/**
 * The `logs` section of `server_config.yaml` and what it means on disk.
 *
 * Milvus 0.10 logs through easylogging++ into files only (`ToStandardOutput` is fixed to
 * false): one file per enabled level plus a `global` file, named
 * `milvus-<start time>-<level>.log` (milvus-io/milvus 0.10.x, core/src/utils/LogUtil.cpp,
 * `InitLog`). A file that reaches `max_log_file_size` is renamed to `<name>.<n>`; with
 * `log_rotate_num` N > 0 the file `<name>.<n - N>` is deleted (`RolloutHandler`), so each level
 * keeps N rotated files next to the current one. N = 0 keeps every file: the upstream default,
 * unbounded.
 *
 * Milvus 1.1 adds `log_to_stdout` and `log_to_file` (core/src/config/Config.cpp,
 * CONFIG_LOGS_LOG_TO_STDOUT / _FILE). Standard output is what `kubectl logs` shows and what
 * the kubelet rotates (containerLogMaxSize), so 1.1 nodes log there and write no files by
 * default. (Its file rotation is not verified for 1.1.1: a later upstream revision of
 * core/src/log/LogMgr.cpp deletes rotated files by the wrong index, `trace_idx`.)
 */
import { milvusSize } from './_milvus-size';
import { MilvusLogLevel, MilvusLogsConfig } from './milvus-server-config';
import { MilvusVersion } from './milvus-version';
import { ProblemCollector } from '../common/_config-paths';
import { LogRotation } from '../common/_log-budget';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';

const MB = 2 ** 20;

/** Where the node mounts its log volume (`logs.path`). */
export const LOGS_PATH = '/var/lib/milvus/logs';

/** Levels from the most verbose; a level enables itself and every level after it. */
const LEVELS = [MilvusLogLevel.DEBUG, MilvusLogLevel.INFO, MilvusLogLevel.WARNING, MilvusLogLevel.ERROR, MilvusLogLevel.FATAL];

export const DEFAULT_LOG_LEVEL = MilvusLogLevel.INFO;
export const DEFAULT_MAX_LOG_FILE_SIZE = '512MB';
export const DEFAULT_LOG_ROTATE_NUM = 1;

/** The log files a node writes. */
export interface MilvusLogFiles {
  /** How they rotate (for the log volume's budget). */
  readonly rotation: LogRotation;
  /** The file name suffixes of the levels written (`info`, `warning`, ...), in file-name order. */
  readonly levels: string[];
}

export interface LogSettings {
  /** The `logs` section's keys, in the template's order. */
  readonly entries: Array<[string, string | number | boolean]>;
  /** The files written under `LOGS_PATH`; `undefined` when the server logs to standard output only. */
  readonly files?: MilvusLogFiles;
  /** Whether the server logs to standard output itself. */
  readonly toStdout: boolean;
}

/** Validates the `logs` section (`prop` is its path, e.g. `config.logs`) and renders it. */
export function logSettings(version: MilvusVersion, logs: MilvusLogsConfig | undefined, prop: string): LogSettings {
  const c = logs ?? {};
  // Every field is checked before the section is rendered, so one error lists every problem.
  const problems = new ProblemCollector();
  const ok = <T>(build: () => T): T => problems.check(build);
  const level = ok(() => check.oneOf(`${prop}.level`, c.level ?? DEFAULT_LOG_LEVEL, Object.values(MilvusLogLevel)));
  const trace = ok(() => check.bool(`${prop}.traceEnable`, c.traceEnable ?? false));
  const maxLog = c.maxLogFileSize ?? DEFAULT_MAX_LOG_FILE_SIZE;
  const maxFileBytes = ok(() => check.orDefault(`${prop}.maxLogFileSize`, c.maxLogFileSize, DEFAULT_MAX_LOG_FILE_SIZE,
    (pr, v) => milvusSize(pr, v, 512 * MB, 4096 * MB)));
  const rotate = ok(() => check.integer(`${prop}.logRotateNum`, c.logRotateNum ?? DEFAULT_LOG_ROTATE_NUM, 0, 1024));

  const v11 = version.supportsLogToStdout;
  for (const k of ['logToStdout', 'logToFile'] as const) {
    if (!v11 && c[k] !== undefined) {
      problems.add(new ValidationError(`${prop}.${k}`, c[k], `Milvus ${version.version} does not accept logs.log_to_stdout / log_to_file (added in 1.1); leave it unset`));
    }
  }
  const toStdout = v11 ? ok(() => check.bool(`${prop}.logToStdout`, c.logToStdout ?? true)) : false;
  const toFile = v11 ? ok(() => check.bool(`${prop}.logToFile`, c.logToFile ?? false)) : true;
  if (v11 && toStdout === false) {
    problems.add(new ValidationError(`${prop}.logToStdout`, false,
      `must be true on Milvus 1.1: standard output is where kubectl logs reads the server log (set ${propRef(`${prop}.logToFile`)} to true to keep files as well)`));
  }
  problems.throwIfAny();

  const entries: Array<[string, string | number | boolean]> = [
    ['level', level], ['trace.enable', trace], ['path', LOGS_PATH], ['max_log_file_size', maxLog], ['log_rotate_num', rotate],
  ];
  if (v11) { entries.push(['log_to_stdout', toStdout], ['log_to_file', toFile]); }

  const levels = LEVELS.slice(LEVELS.indexOf(level)).map(String);
  if (trace) { levels.push('trace'); }
  // The global file is always configured (LogUtil.cpp), so it counts against the budget too.
  const files: MilvusLogFiles | undefined = toFile
    ? { rotation: { streams: levels.length + 1, keptRotations: rotate, maxFileBytes }, levels }
    : undefined;
  return { entries, files, toStdout };
}
