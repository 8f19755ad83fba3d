/**
 * `cdk8s-milvus synth --config <file.yaml|json> [--config <file>]... (--out <dir> | --stdout)`.
 * Several configs: one release each, in one process; all are checked before anything is written.
 *
 * Exit codes: 0 written; 2 bad usage or invalid config (one message per problem,
 * nothing written); 1 the files could not be written (nothing written), or an unexpected
 * failure (a bug: please report it).
 */
import { randomBytes } from 'crypto';
import { closeSync, existsSync, fchmodSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { stringifyManifests } from './_fast-yaml';
import { createOutDir } from './_out-dir';
import { checkConfig, ConfigSchema, renderHelp } from './_schema';
import { ValidationError } from '../common/validation-error';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `Usage:
  cdk8s-milvus synth --config <file.yaml|file.json> [--config <file>]... [--out <dir>] [--stdout]
      Write <dir>/<releaseName>.k8s.yaml (default dir: dist), or print it with --stdout.
      Several --config: one release each (--stdout prints them one after the other);
      every config is checked first and nothing is written if one is invalid.
  cdk8s-milvus --help       this text and every config key
  cdk8s-milvus --version`;

class UsageError extends Error {}

interface Options { command?: string; configs: string[]; out: string; outGiven: boolean; stdout: boolean; help: boolean; version: boolean }

function parseArgs(argv: string[]): Options {
  const opts: Options = { configs: [], out: 'dist', outGiven: false, stdout: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) { throw new UsageError(`${flag} needs a value`); }
      return v;
    };
    switch (flag) {
      case '--config': case '-c': opts.configs.push(value()); break;
      case '--out': case '-o': opts.out = value(); opts.outGiven = true; break;
      case '--stdout': opts.stdout = true; break;
      case '--help': case '-h': case 'help': opts.help = true; break;
      case '--version': opts.version = true; break;
      default:
        if (flag.startsWith('-') || opts.command !== undefined) { throw new UsageError(`unknown argument ${JSON.stringify(arg)}`); }
        opts.command = flag;
    }
  }
  return opts;
}

/**
 * Whether this process has synthesized and printed or written releases: the bin (`main.ts`)
 * writes its code cache again after the first run that did, since only such a run compiled the
 * whole synth path.
 */
export const runState = { synthesized: false };

/** Runs the CLI; returns the exit code. Loads the library lazily so `--help` stays cheap. */
export function run(argv: string[], io: CliIo): number {
  let opts: Options;
  try {
    opts = parseArgs(argv);
    if (opts.help) {
      const schema = loadSchema();
      io.stdout(`${USAGE}\n\nConfig file keys (YAML or JSON; the same shape as MilvusClusterChartProps):\n${renderHelp(schema, schema.fqn('MilvusClusterChartProps')).join('\n')}\n`);
      return 0;
    }
    if (opts.version) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      io.stdout(`${require('../../package.json').version}\n`);
      return 0;
    }
    if (opts.command !== 'synth') { throw new UsageError(opts.command ? `unknown command ${JSON.stringify(opts.command)}` : 'no command given'); }
    if (opts.configs.length === 0) { throw new UsageError('synth needs --config <file>'); }
    if (opts.stdout && opts.outGiven) { throw new UsageError('--stdout prints the YAML and writes no file: leave out --out'); }
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`error: ${e.message}\n\n${USAGE}\n`); return 2; }
    throw e;
  }

  // Every config is read, checked and synthesized before anything is written.
  const errors: string[] = [];
  const checked: Array<{ file: string; config: any }> = [];
  let schema: ConfigSchema | undefined;
  for (const file of opts.configs) {
    let config: any;
    try {
      config = readConfig(file);
    } catch (e: any) {
      errors.push(`error: cannot read config ${file}: ${e.message}\n`);
      continue;
    }
    schema ??= loadSchema();
    const problems = checkConfig(schema, schema.fqn('MilvusClusterChartProps'), config);
    if (problems.length > 0) {
      errors.push(`error: ${file} is not a valid cluster config (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map(p => `  - ${p}`).join('\n')}\nRun "cdk8s-milvus --help" for every key.\n`);
      continue;
    }
    checked.push({ file, config });
  }
  if (errors.length > 0) { io.stderr(errors.join('')); return 2; }

  const releases: Array<{ file: string; name: string; yaml: string }> = [];
  const warnings: string[] = [];
  for (const { file, config } of checked) {
    try {
      const app = new App({ outdir: opts.out });
      const chart = new (library().MilvusClusterChart)(app, config.releaseName, config);
      // = Yaml.stringify(...chart.toJson()), byte for byte
      releases.push({ file, name: config.releaseName, yaml: stringifyManifests(chart.toJson()) });
      warnings.push(...warningsOf(chart).map(w => `warning: ${file}: ${w}\n`));
    } catch (e: any) {
      if (ValidationError.isValidationError(e)) {
        errors.push(`error: ${file} is not a valid cluster config:\n  - ${e.message}\n`);
      } else if (typeof e?.message === 'string' && e.message.startsWith('Validation failed with the following errors')) {
        errors.push(`error: ${file} is not a valid cluster config:\n${e.message}\n`);
      } else {
        throw e;
      }
    }
  }
  const fileOf = new Map<string, string>();
  for (const r of opts.stdout ? [] : releases) {
    const first = fileOf.get(r.name);
    if (first !== undefined) {
      errors.push(`error: ${first} and ${r.file} both write ${join(opts.out, `${r.name}.k8s.yaml`)}: give each release its own releaseName\n`);
    }
    fileOf.set(r.name, first ?? r.file);
  }
  if (errors.length > 0) { io.stderr(errors.join('')); return 2; }
  if (warnings.length > 0) { io.stderr(warnings.join('')); }

  if (opts.stdout) {
    io.stdout(releases.map(r => r.yaml).join('---\n'));
    runState.synthesized = true;
    return 0;
  }
  const code = writeAll(opts.out, releases, io);
  runState.synthesized = code === 0;
  return code;
}

/**
 * Writes every release or none: each file goes to a temporary name first and all are renamed
 * only when every write succeeded. A file holding a Secret (passwords given in the config) is
 * readable by its owner only.
 */
function writeAll(out: string, releases: Array<{ name: string; yaml: string }>, io: CliIo): number {
  const temps: Array<[string, string]> = [];
  try {
    createOutDir(out);
    for (const r of releases) {
      const file = join(out, `${r.name}.k8s.yaml`);
      if (existsSync(file) && !statSync(file).isFile()) { throw new Error(`${file} exists and is not a file`); }
    }
    for (const r of releases) {
      const file = join(out, `${r.name}.k8s.yaml`);
      // A fresh, unguessable name created exclusively: nobody can pre-create it with looser permissions.
      const temp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
      const secret = /^kind: Secret$/m.test(r.yaml);
      temps.push([temp, file]);
      const fd = openSync(temp, 'wx', secret ? 0o600 : 0o644);
      try {
        fchmodSync(fd, secret ? 0o600 : 0o644); // the mode, whatever the umask
        writeSync(fd, r.yaml);
      } finally {
        closeSync(fd);
      }
    }
    for (const [temp, file] of temps) { renameSync(temp, file); }
  } catch (e: any) {
    for (const [temp] of temps) { rmSync(temp, { force: true }); }
    io.stderr(`error: cannot write to ${out}: ${e?.message ?? e}\n`);
    return 1;
  }
  for (const [, file] of temps) { io.stdout(`wrote ${file}\n`); }
  return 0;
}

/** Warnings the constructs recorded (`node.addMetadata('warning', ...)`), e.g. MySQL on NFS. */
function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === 'warning').map(m => String(m.data)));
}

/** The config schema, with the library's enums so their values can be checked and shown. */
function loadSchema(): ConfigSchema {
  return ConfigSchema.load(undefined, library());
}

function library(): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../index');
}

/** Parses one YAML (or JSON) document; syntax errors carry line and column. */
function readConfig(file: string): unknown {
  // YAML 1.2 (no yes/no booleans), with merge keys (`<<: *common`) as configs commonly use them.
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.2', merge: true });
  if (!Array.isArray(docs) || docs.length !== 1) {
    throw new Error(`expected exactly one YAML document, found ${Array.isArray(docs) ? docs.length : 0}`);
  }
  const [doc] = docs;
  if (doc.errors.length > 0) { throw new Error(doc.errors.map(e => e.message).join('; ')); }
  return doc.toJS();
}
