/**
 * How the Mishards container starts: the image's own `python mishards/main.py` (milvus-io/milvus
 * shards/Dockerfile: `WORKDIR /source`, `CMD python mishards/main.py`), run by a few lines of
 * Python that bound its log files first.
 *
 * Mishards configures logging in milvus-io/milvus `shards/utils/logger_helper.py`, called from
 * `shards/mishards/settings.py` with LOG_LEVEL (INFO unless DEBUG), LOG_PATH and the time zone:
 * a StreamHandler (standard error, so `kubectl logs` shows every record at LOG_LEVEL) plus one
 * RotatingFileHandler per level (debug, info, warn, error, critical) under LOG_PATH, created
 * without `maxBytes`, which for Python's RotatingFileHandler means "never rotate": each file
 * grows for as long as the pod runs (a line per request at INFO). Every start also opens new files (their names carry the
 * start time), and the volume outlives a container restart.
 *
 * The launcher therefore (1) removes the files of earlier runs (their records went to standard
 * error too: `kubectl logs --previous`), and (2) gives the handlers a size and a backup count when
 * they are created without one, through the class `logging.config.dictConfig` resolves by name.
 * Everything else runs exactly as the image's CMD would: same working directory, same
 * `sys.path[0]`, same `__main__`.
 */
import { LogRotation } from '../common/_log-budget';

/** One file per level in logger_helper.py. */
const LEVEL_FILES = 5;
/** Bytes at which a file is rotated. */
const MAX_FILE_BYTES = 32 * 2 ** 20;
/** Rotated files kept per level. */
const BACKUP_COUNT = 3;

/** The rotation the launcher imposes (for the /tmp volume's budget). */
export const MISHARDS_LOG_ROTATION: LogRotation = { streams: LEVEL_FILES, keptRotations: BACKUP_COUNT, maxFileBytes: MAX_FILE_BYTES };

/** `python -c` program that starts Mishards with bounded log files under `logPath`. */
export function launcherScript(logPath: string): string {
  return [
    'import glob, os, runpy, sys',
    'import logging.handlers',
    `for old in glob.glob(${JSON.stringify(`${logPath}/*.log*`)}):`,
    '    os.remove(old)',
    'class BoundedRotatingFileHandler(logging.handlers.RotatingFileHandler):',
    '    def __init__(self, filename, mode="a", maxBytes=0, backupCount=0, *args, **kwargs):',
    `        super().__init__(filename, mode, maxBytes or ${MAX_FILE_BYTES}, backupCount or ${BACKUP_COUNT}, *args, **kwargs)`,
    'logging.handlers.RotatingFileHandler = BoundedRotatingFileHandler',
    'sys.argv = ["mishards/main.py"]',
    'sys.path[0] = os.path.abspath("mishards")',
    'runpy.run_path("mishards/main.py", run_name="__main__")',
  ].join('\n') + '\n';
}
