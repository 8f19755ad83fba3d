import { parse } from 'yaml';
import { expectInvalid } from './_fixtures';
import { PASSWORD_PLACEHOLDER, renderServerConfig, ServerConfigInput } from '../../src/milvus/_server-config';
import { MilvusRole } from '../../src/milvus/milvus-role';
import { MilvusLogLevel } from '../../src/milvus/milvus-server-config';
import { MilvusVersion } from '../../src/milvus/milvus-version';

const META = { user: 'milvus', host: 'my-release-mysql', port: 3306, database: 'milvus' };

function render(overrides: Partial<ServerConfigInput> = {}): any {
  const out = renderServerConfig({ role: MilvusRole.WRITABLE, version: MilvusVersion.V0_10_0, metaStore: META, prop: 'config', ...overrides });
  return parse(out.template);
}

describe('top level and cluster', () => {
  test('config format 0.5 for every release', () => {
    for (const version of MilvusVersion.all()) {
      expect(render({ version }).version).toBe(0.5);
    }
  });
  test('writable is rw, readonly is ro, both in cluster mode', () => {
    expect(render().cluster).toEqual({ enable: true, role: 'rw' });
    expect(render({ role: MilvusRole.READONLY }).cluster).toEqual({ enable: true, role: 'ro' });
  });
});

describe('general', () => {
  test('meta_uri carries a placeholder, never a password', () => {
    const out = renderServerConfig({ role: MilvusRole.WRITABLE, version: MilvusVersion.V0_10_0, metaStore: META });
    expect(parse(out.template).general.meta_uri).toBe(`mysql://milvus:${PASSWORD_PLACEHOLDER}@my-release-mysql:3306/milvus`);
    expect(out.template.split(PASSWORD_PLACEHOLDER)).toHaveLength(2);
  });
  test('timezone defaults to the chart value and accepts UTC±N', () => {
    expect(render().general.timezone).toBe('UTC+8');
    expect(render({ config: { timezone: 'UTC-5' } }).general.timezone).toBe('UTC-5');
    expect(render({ config: { timezone: 'UTC+0' } }).general.timezone).toBe('UTC+0');
  });
  test.each(['UTC', 'utc+8', 'UTC+15', 'Asia/Shanghai', 'UTC+8:30', 'GMT+1'])('timezone %j is rejected', tz => {
    expectInvalid(() => render({ config: { timezone: tz } }), 'config.timezone', 'UTC+N');
  });
  test('metastore parts that would break meta_uri are rejected', () => {
    expectInvalid(() => render({ metaStore: { ...META, user: 'mil:vus' } }), 'metaStore.user');
    expectInvalid(() => render({ metaStore: { ...META, user: 'a@b' } }), 'metaStore.user');
    expectInvalid(() => render({ metaStore: { ...META, host: 'my_host' } }), 'metaStore.host');
    expectInvalid(() => render({ metaStore: { ...META, port: 0 } }), 'metaStore.port');
    expectInvalid(() => render({ metaStore: { ...META, database: 'mil/vus' } }), 'metaStore.database');
  });
});

describe('network', () => {
  test('fixed ports, HTTP on for both roles', () => {
    const expected = { 'bind.address': '0.0.0.0', 'bind.port': 19530, 'http.enable': true, 'http.port': 19121 };
    expect(render().network).toEqual(expected);
    expect(render({ role: MilvusRole.READONLY }).network).toEqual(expected);
  });
});

describe('storage', () => {
  test('path is the image home; auto flush default 1; cleanup timeout only when set', () => {
    expect(render().storage).toEqual({ path: '/var/lib/milvus', auto_flush_interval: 1 });
    expect(render({ config: { autoFlushInterval: 0, fileCleanupTimeout: 3600 } }).storage)
      .toEqual({ path: '/var/lib/milvus', auto_flush_interval: 0, file_cleanup_timeout: 3600 });
  });
  test('ranges', () => {
    expectInvalid(() => render({ config: { autoFlushInterval: -1 } }), 'config.autoFlushInterval');
    expectInvalid(() => render({ config: { autoFlushInterval: 1.5 } }), 'config.autoFlushInterval');
    expectInvalid(() => render({ config: { fileCleanupTimeout: 3601 } }), 'config.fileCleanupTimeout', 'from 0 to 3600');
    expectInvalid(() => render({ config: { fileCleanupTimeout: -1 } }), 'config.fileCleanupTimeout');
  });
});

describe('wal', () => {
  test('writable: on, on the shared data volume', () => {
    expect(render().wal).toEqual({ enable: true, recovery_error_ignore: false, buffer_size: '256MB', path: '/var/lib/milvus/db/wal' });
    expect(render({ config: { wal: { bufferSize: '4096MB', recoveryErrorIgnore: true } } }).wal)
      .toEqual({ enable: true, recovery_error_ignore: true, buffer_size: '4096MB', path: '/var/lib/milvus/db/wal' });
    expect(render({ config: { wal: { bufferSize: '1GB' } } }).wal.buffer_size).toBe('1GB');
  });
  test('readonly: off, as the chart renders it', () => {
    expect(render({ role: MilvusRole.READONLY }).wal).toEqual({ enable: false, recovery_error_ignore: true, buffer_size: '256MB', path: '/var/lib/milvus/db/wal' });
  });
  test('readonly rejects a wal section', () => {
    expectInvalid(() => render({ role: MilvusRole.READONLY, config: { wal: { bufferSize: '128MB' } } }), 'config.wal', 'writable node only');
  });
  test.each(['63MB', '4097MB', '5GB', '256', '256mb', '0MB', ' 256MB', '1.5GB'])('buffer size %j is rejected', size => {
    expectInvalid(() => render({ config: { wal: { bufferSize: size } } }), 'config.wal.bufferSize', 'Milvus size');
  });
  test('64MB is the lower bound', () => {
    expect(render({ config: { wal: { bufferSize: '64MB' } } }).wal.buffer_size).toBe('64MB');
  });
});

describe('cache', () => {
  test('defaults match the chart; preload is empty', () => {
    expect(render().cache).toEqual({ cache_size: '4GB', insert_buffer_size: '1GB', preload_collection: null });
  });
  test('all fields', () => {
    expect(render({ config: { cache: { cacheSize: '8GB', insertBufferSize: '512MB', preloadCollections: ['a', 'b_2'], cpuCacheThreshold: 0.8, cacheInsertData: true } } }).cache)
      .toEqual({ cache_size: '8GB', insert_buffer_size: '512MB', preload_collection: 'a,b_2', cpu_cache_threshold: 0.8, cache_insert_data: true });
  });
  test('"*" preloads everything and is quoted', () => {
    const out = renderServerConfig({ role: MilvusRole.WRITABLE, version: MilvusVersion.V0_10_0, metaStore: META, config: { cache: { preloadCollections: ['*'] } } });
    expect(out.template).toContain('preload_collection: "*"');
  });
  test('bad values', () => {
    expectInvalid(() => render({ config: { cache: { cacheSize: '4G' } } }), 'config.cache.cacheSize', 'Milvus size');
    expectInvalid(() => render({ config: { cache: { insertBufferSize: '-1GB' } } }), 'config.cache.insertBufferSize');
    expectInvalid(() => render({ config: { cache: { preloadCollections: ['a,b'] } } }), 'config.cache.preloadCollections');
    expectInvalid(() => render({ config: { cache: { cpuCacheThreshold: 0 } } }), 'config.cache.cpuCacheThreshold');
    expectInvalid(() => render({ config: { cache: { cpuCacheThreshold: 1.1 } } }), 'config.cache.cpuCacheThreshold');
  });
  test('cache + insert buffer must fit below the memory limit', () => {
    expect(render({ memoryLimitBytes: 6 * 2 ** 30 }).cache.cache_size).toBe('4GB');
    expectInvalid(() => render({ memoryLimitBytes: 6 * 2 ** 30, config: { cache: { cacheSize: '5GB' } } }), 'config.cache.cacheSize', 'memory limit');
  });
});

describe('gpu', () => {
  test('off without GPU options, with the chart defaults', () => {
    expect(render().gpu).toEqual({ enable: false, cache_size: '1GB', gpu_search_threshold: 1000, search_devices: ['gpu0'], build_index_devices: ['gpu0'] });
  });
  test('on with GPU options', () => {
    const out = renderServerConfig({
      role: MilvusRole.READONLY,
      version: MilvusVersion.V0_10_0,
      metaStore: META,
      gpu: { count: 2, cacheSize: '2GB', searchThreshold: 500, searchDevices: ['gpu0', 'gpu1'], buildIndexDevices: ['gpu1'] },
    });
    expect(out.gpuCount).toBe(2);
    expect(parse(out.template).gpu).toEqual({ enable: true, cache_size: '2GB', gpu_search_threshold: 500, search_devices: ['gpu0', 'gpu1'], build_index_devices: ['gpu1'] });
  });
  test('devices must be gpuN below the count', () => {
    expectInvalid(() => render({ gpu: { count: 1, searchDevices: ['gpu1'] } }), 'gpu.searchDevices', 'gpuN');
    expectInvalid(() => render({ gpu: { buildIndexDevices: ['cuda0'] } }), 'gpu.buildIndexDevices');
    expectInvalid(() => render({ gpu: { searchDevices: [] } }), 'gpu.searchDevices');
    expectInvalid(() => render({ gpu: { searchDevices: ['gpu0', 'gpu0'] } }), 'gpu.searchDevices');
    expectInvalid(() => render({ gpu: { count: 0 } }), 'gpu.count');
    expectInvalid(() => render({ gpu: { cacheSize: '1TB' } }), 'gpu.cacheSize');
    expectInvalid(() => render({ gpu: { searchThreshold: -1 } }), 'gpu.searchThreshold');
  });
});

describe('logs', () => {
  const full = (c: any) => renderServerConfig({ role: MilvusRole.WRITABLE, version: MilvusVersion.V0_10_0, metaStore: META, prop: 'config', ...c });

  test('0.10: bounded, production-level defaults instead of the chart\'s debug, trace, 1024MB, keep-all', () => {
    expect(render().logs).toEqual({ 'level': 'info', 'trace.enable': false, 'path': '/var/lib/milvus/logs', 'max_log_file_size': '512MB', 'log_rotate_num': 1 });
  });
  test('0.10 writes files only: one per level at or above logs.level, plus trace and the global file', () => {
    const out = full({});
    expect(out.logsToStdout).toBe(false);
    expect(out.logFiles).toEqual({ levels: ['info', 'warning', 'error', 'fatal'], rotation: { streams: 5, keptRotations: 1, maxFileBytes: 512 * 2 ** 20 } });
    const verbose = full({ config: { logs: { level: MilvusLogLevel.DEBUG, traceEnable: true, maxLogFileSize: '1GB', logRotateNum: 3 } } });
    expect(verbose.logFiles).toEqual({
      levels: ['debug', 'info', 'warning', 'error', 'fatal', 'trace'], rotation: { streams: 7, keptRotations: 3, maxFileBytes: 2 ** 30 },
    });
    expect(full({ config: { logs: { level: MilvusLogLevel.FATAL } } }).logFiles?.levels).toEqual(['fatal']);
  });
  test('1.1 logs to standard output only by default; files are an opt-in under the same budget', () => {
    expect(render({ version: MilvusVersion.V1_1_1 }).logs).toEqual({
      'level': 'info',
      'trace.enable': false,
      'path': '/var/lib/milvus/logs',
      'max_log_file_size': '512MB',
      'log_rotate_num': 1,
      'log_to_stdout': true,
      'log_to_file': false,
    });
    const stdoutOnly = full({ version: MilvusVersion.V1_1_1 });
    expect(stdoutOnly.logsToStdout).toBe(true);
    expect(stdoutOnly.logFiles).toBeUndefined();
    const both = full({ version: MilvusVersion.V1_1_1, config: { logs: { logToFile: true } } });
    expect(both.logsToStdout).toBe(true);
    expect(both.logFiles?.rotation).toEqual({ streams: 5, keptRotations: 1, maxFileBytes: 512 * 2 ** 20 });
  });
  test('0.10 rejects the 1.1 keys', () => {
    expectInvalid(() => render({ config: { logs: { logToStdout: true } } }), 'config.logs.logToStdout', 'added in 1.1');
    expectInvalid(() => render({ version: MilvusVersion.V0_10_6, config: { logs: { logToFile: true } } }), 'config.logs.logToFile');
  });
  test('1.1 must log to standard output: kubectl logs reads it', () => {
    expectInvalid(() => render({ version: MilvusVersion.V1_1_1, config: { logs: { logToStdout: false, logToFile: true } } }), 'config.logs.logToStdout', 'kubectl logs');
    expectInvalid(() => render({ version: MilvusVersion.V1_1_1, config: { logs: { logToStdout: false, logToFile: false } } }), 'config.logs.logToStdout');
  });
  test('all fields', () => {
    expect(render({ config: { logs: { level: MilvusLogLevel.WARNING, traceEnable: true, maxLogFileSize: '4096MB', logRotateNum: 1024 } } }).logs)
      .toEqual({ 'level': 'warning', 'trace.enable': true, 'path': '/var/lib/milvus/logs', 'max_log_file_size': '4096MB', 'log_rotate_num': 1024 });
  });
  test('ranges and enums', () => {
    expectInvalid(() => render({ config: { logs: { level: 'verbose' as any } } }), 'config.logs.level', '"debug"');
    expectInvalid(() => render({ config: { logs: { maxLogFileSize: '511MB' } } }), 'config.logs.maxLogFileSize', 'from 512MB to 4096MB');
    expectInvalid(() => render({ config: { logs: { maxLogFileSize: '5GB' } } }), 'config.logs.maxLogFileSize');
    expectInvalid(() => render({ config: { logs: { logRotateNum: 1025 } } }), 'config.logs.logRotateNum', 'from 0 to 1024');
    expectInvalid(() => render({ config: { logs: { logRotateNum: -1 } } }), 'config.logs.logRotateNum');
  });
});

describe('metric', () => {
  test('off by default, Pushgateway settings when on', () => {
    expect(render().metric).toEqual({ enable: false, address: '127.0.0.1', port: 9091 });
    expect(render({ config: { metric: { enable: true, address: 'pushgateway.monitoring', port: 9092 } } }).metric)
      .toEqual({ enable: true, address: 'pushgateway.monitoring', port: 9092 });
  });
  test('bad address and ports', () => {
    expectInvalid(() => render({ config: { metric: { address: 'bad host' } } }), 'config.metric.address');
    expectInvalid(() => render({ config: { metric: { port: 1024 } } }), 'config.metric.port', 'from 1025 to 65534');
    expectInvalid(() => render({ config: { metric: { port: 65535 } } }), 'config.metric.port');
  });
});

describe('extra keys', () => {
  test('adds keys to existing and new sections, quoting what YAML would misread', () => {
    const out = render({ config: { extra: { cache: { cpu_cache_threshold: 0.9 }, engine_config: { use_blas_threshold: 1100, simd_type: 'auto', flag: 'yes' } } } });
    expect(out.cache.cpu_cache_threshold).toBe(0.9);
    expect(out.engine_config).toEqual({ use_blas_threshold: 1100, simd_type: 'auto', flag: 'yes' });
  });
  test('keys the node renders cannot be overridden', () => {
    expectInvalid(() => render({ config: { extra: { cluster: { role: 'ro' } } } }), 'config.extra.cluster.role', 'already rendered');
    expectInvalid(() => render({ config: { extra: { general: { meta_uri: 'sqlite://:@:/' } } } }), 'config.extra.general.meta_uri');
    expectInvalid(() => render({ config: { extra: { wal: { path: '/tmp' } } } }), 'config.extra.wal.path');
    expectInvalid(() => render({ config: { extra: { cache: { cache_size: '99GB' } } } }), 'config.extra.cache.cache_size');
  });
  test('bad shapes and names', () => {
    expectInvalid(() => render({ config: { extra: { version: { a: 1 } } } }), 'config.extra key');
    expectInvalid(() => render({ config: { extra: { 'Bad Section': { a: 1 } } } }), 'config.extra key');
    expectInvalid(() => render({ config: { extra: { engine_config: 3 } } }), 'config.extra.engine_config');
    expectInvalid(() => render({ config: { extra: { engine_config: { 'Bad Key': 1 } } } }), 'config.extra.engine_config key');
  });
});

test('sections come in the chart order', () => {
  const out = renderServerConfig({ role: MilvusRole.WRITABLE, version: MilvusVersion.V0_10_0, metaStore: META });
  expect(Object.keys(out.keys)).toEqual(['cluster', 'general', 'network', 'storage', 'wal', 'cache', 'gpu', 'logs', 'metric']);
});

describe('a YAML 1.1 reader (yaml-cpp, as Milvus) reads back exactly what was rendered', () => {
  test('strings that YAML 1.1 would take for numbers, times or booleans stay strings', () => {
    const extra = { engine_config: { a: '1_000', b: '12:30', c: 'yes', d: '0.10', e: 'off', f: '0x1F', g: { x: '12:30', y: ['1_000', 'no'] }, h: 1100, i: true } };
    const out = renderServerConfig({ role: MilvusRole.WRITABLE, version: MilvusVersion.V0_10_0, metaStore: META, config: { extra } });
    expect(parse(out.template, { version: '1.1' }).engine_config).toEqual(extra.engine_config);
    // Plain wherever nothing is ambiguous, as in the upstream template.
    expect(out.template).toContain('\n  cache_size: 4GB\n');
    expect(out.template).toContain(`\n  meta_uri: mysql://milvus:${PASSWORD_PLACEHOLDER}@my-release-mysql:3306/milvus\n`);
  });
});
