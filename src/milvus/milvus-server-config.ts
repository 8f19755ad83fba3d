/**
 * Typed model of the Milvus `server_config.yaml` (config format `0.5`, Milvus
 * 0.10.x and 1.1.x). Field defaults are the upstream template's values
 * (`core/conf/server_config.template`, milvus-helm chart values), so an empty
 * config renders the file the seed chart renders, except for the `logs` section: its
 * upstream defaults (debug, trace, 1024MB files, keep all) grow without bound, so the
 * defaults here are bounded and production-level. Validation follows
 * milvus-io/milvus `core/src/config/Config.cpp` (0.10.x / 1.1.x).
 *
 * Keys the cluster layout decides (`cluster.*`, `general.meta_uri`, `network.*`,
 * `storage.path`, `wal.enable`, `wal.path`, `logs.path`) are not settable: the
 * node renders them from its role, ports and volumes.
 */

/** Milvus log levels (`logs.level`). */
export enum MilvusLogLevel {
  /** Everything, the upstream default. */
  DEBUG = 'debug',
  /** Informational messages and above. */
  INFO = 'info',
  /** Warnings and above. */
  WARNING = 'warning',
  /** Errors and above. */
  ERROR = 'error',
  /** Fatal errors only. */
  FATAL = 'fatal',
}

/** `wal` section. Applies to the writable node only; readonly nodes run with WAL off. */
export interface MilvusWalConfig {
  /**
   * `wal.buffer_size`: read + write buffer, from `64MB` to `4096MB` (Milvus would clamp; we reject).
   * @default '256MB'
   */
  readonly bufferSize?: string;
  /**
   * `wal.recovery_error_ignore`: skip damaged WAL files at start instead of refusing to start.
   * `true` trades durability for availability.
   * @default false
   */
  readonly recoveryErrorIgnore?: boolean;
}

/** `cache` section. */
export interface MilvusCacheConfig {
  /**
   * `cache.cache_size`: CPU memory for cached data, a Milvus size such as `4GB`.
   * `cacheSize + insertBufferSize` must stay below the container's memory limit.
   * @default '4GB'
   */
  readonly cacheSize?: string;
  /**
   * `cache.insert_buffer_size`: memory for inserted data before a flush, e.g. `1GB`.
   * @default '1GB'
   */
  readonly insertBufferSize?: string;
  /**
   * `cache.preload_collection`: collections loaded at start; `['*']` loads all.
   * @default - none
   */
  readonly preloadCollections?: string[];
  /**
   * `cache.cpu_cache_threshold`: fraction of the cache kept after an eviction, in (0, 1].
   * @default - not rendered (server default 0.7)
   */
  readonly cpuCacheThreshold?: number;
  /**
   * `cache.cache_insert_data`: cache inserted data right away.
   * @default - not rendered (server default false)
   */
  readonly cacheInsertData?: boolean;
}

/**
 * `logs` section. Milvus 0.10 writes files only (one per level, under `/var/lib/milvus/logs`,
 * an emptyDir whose `sizeLimit` is sized from these settings); the node's `log` container
 * streams them to `kubectl logs`. Milvus 1.1 logs to standard output instead.
 */
export interface MilvusLogsConfig {
  /**
   * `logs.level`: this level and every more severe one are written (one file each on 0.10).
   * @default MilvusLogLevel.INFO (the upstream default is debug)
   */
  readonly level?: MilvusLogLevel;
  /**
   * `logs.trace.enable`: also write trace-level records (one more file).
   * @default false (the upstream default is true)
   */
  readonly traceEnable?: boolean;
  /**
   * `logs.max_log_file_size`: from `512MB` to `4096MB`; a file this large is rotated. Files x
   * (logRotateNum + 1) x this size must fit the container's ephemeral-storage limit (checked).
   * @default '512MB'
   */
  readonly maxLogFileSize?: string;
  /**
   * `logs.log_rotate_num`: rotated files kept per level, 1 to 1024. Upstream's 0 (keep all)
   * is rejected: the logs would grow until the kubelet evicts the pod.
   * @default 1
   */
  readonly logRotateNum?: number;
  /**
   * `logs.log_to_stdout` (Milvus 1.1 only): log to standard output, what `kubectl logs` shows.
   * Must be true.
   * @default - true on 1.1; not rendered on 0.10
   */
  readonly logToStdout?: boolean;
  /**
   * `logs.log_to_file` (Milvus 1.1 only): also write files under the logs path (bounded by
   * the same budget as on 0.10).
   * @default - false on 1.1; not rendered on 0.10
   */
  readonly logToFile?: boolean;
}

/** `metric` section: Milvus 0.10 pushes metrics to a Prometheus Pushgateway. */
export interface MilvusMetricConfig {
  /**
   * `metric.enable`.
   * @default false
   */
  readonly enable?: boolean;
  /**
   * `metric.address`: the Pushgateway's host (IP or DNS name).
   * @default '127.0.0.1'
   */
  readonly address?: string;
  /**
   * `metric.port`: the Pushgateway's port, 1025 to 65534.
   * @default 9091
   */
  readonly port?: number;
}

/** The user-settable part of `server_config.yaml`. */
export interface MilvusServerConfig {
  /**
   * `general.timezone`: `UTC+N` or `UTC-N`. The seed chart's value is kept for parity.
   * @default 'UTC+8'
   */
  readonly timezone?: string;
  /**
   * `storage.auto_flush_interval` in seconds; 0 disables the periodic flush.
   * @default 1
   */
  readonly autoFlushInterval?: number;
  /**
   * `storage.file_cleanup_timeout` in seconds, 0 to 3600.
   * @default - not rendered (server default 10)
   */
  readonly fileCleanupTimeout?: number;
  /**
   * `wal` section (writable node only).
   * @default - upstream defaults
   */
  readonly wal?: MilvusWalConfig;
  /**
   * `cache` section.
   * @default - upstream defaults
   */
  readonly cache?: MilvusCacheConfig;
  /**
   * `logs` section.
   * @default - info level, no trace, 512MB files, 1 rotation kept (bounded); 1.1 logs to standard output only
   */
  readonly logs?: MilvusLogsConfig;
  /**
   * `metric` section.
   * @default - metrics off
   */
  readonly metric?: MilvusMetricConfig;
  /**
   * Escape hatch: keys this model does not cover, as `{ section: { key: value } }`, e.g.
   * `{ engine_config: { use_blas_threshold: 1100 } }`. Only new keys can be added; keys the
   * model renders are rejected (set them through the typed fields).
   * @default - none
   */
  readonly extra?: Record<string, any>;
}
