/**
 * `cdk8s-milvus synth`: each `--config` (with the `-f` files and `--set`s that follow it) is one
 * release; every release is read, checked and synthesized before anything is written, and then
 * all files are written or none.
 */
import { randomBytes } from 'crypto';
import { closeSync, existsSync, fchmodSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { UsageError } from './_args';
import { stringifyManifests } from './_fast-yaml';
import { LayeredConfig, readLayers, ReleaseLayers, releasesOf } from './_layers';
import { NotesInput, renderNotes } from './_notes';
import { createOutDir } from './_out-dir';
import { applyCommands, OutputPart, partHeader, ReleaseOutput, splitRelease, staleDataFileWarnings } from './_output';
import { CliIo, CommandArgs, runState } from './_run';
import { checkConfig, ConfigSchema } from './_schema';
import { ownershipProblems, setOwnerLabel } from '../common/_ownership';
import { COLLECT_WARNINGS, warningsOf } from '../common/_warn';
import { ValidationError } from '../common/validation-error';

export interface Release {
  readonly layered: LayeredConfig;
  readonly name: string;
  readonly notes: NotesInput;
  /** Its data and workloads parts (issue 11), with their YAML. */
  readonly output: ReleaseOutput;
  readonly parts: Array<{ part: OutputPart; yaml: string }>;
}

export function synth(args: CommandArgs, io: CliIo): number {
  const releases = releasesOf(args.flags);
  const outFlag = args.flags.filter(f => f.name === '--out').pop();
  const out = outFlag?.value ?? 'dist';
  const toStdout = args.flags.some(f => f.name === '--stdout');
  const quiet = args.flags.some(f => f.name === '--quiet');
  if (args.positionals.length > 0) { throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])} (a config is given with --config FILE)`); }
  if (releases.length === 0) { throw new UsageError('synth needs --config <file> (or -f <file>, --set KEY=VALUE)'); }
  if (toStdout && outFlag) { throw new UsageError('--stdout prints the YAML and writes no file: leave out --out'); }

  // Every release is read, checked and synthesized before anything is written. The releases that
  // pass the schema check are synthesized even when another did not: one run reports every problem.
  const { checked, errors } = readAndCheck(releases, io);
  const { done, warnings } = synthesize(checked, out, errors);
  const writer = new Map<string, string>();
  for (const [r, file] of toStdout ? [] : done.flatMap(d => d.output.parts.map(p => [d, p.file] as const))) {
    const first = writer.get(file);
    if (first !== undefined) {
      errors.push(`error: ${first} and ${r.layered.name} both write ${join(out, file)}: give each release its own releaseName\n`);
    }
    writer.set(file, first ?? r.layered.name);
  }
  if (errors.length > 0) { io.stderr(errors.join('')); return 2; }
  if (warnings.length > 0) { io.stderr(warnings.join('')); }

  if (toStdout) {
    // One stream: each release's data part first, each part opened by a comment naming its file.
    io.stdout(done.flatMap(r => r.parts).map(p => partHeader(p.part) + p.yaml).join('---\n'));
    runState.synthesized = true;
    if (!quiet) { io.stderr(done.map(r => renderNotes(r.notes, undefined)).join('\n')); }
    return 0;
  }
  const notes = done.map(r => ({ file: join(out, `${r.name}.NOTES.txt`), text: renderNotes(r.notes, applyCommands(r.output, out)), secret: false }));
  const files = [
    ...done.flatMap(r => r.parts.map(p => ({ file: join(out, p.part.file), text: p.yaml, secret: /^kind: Secret$/m.test(p.yaml) }))),
    ...notes,
  ];
  const stale = staleDataFileWarnings(done.map(r => r.output), out);
  const code = writeAll(out, files, io);
  runState.synthesized = code === 0;
  if (code === 0 && stale.length > 0) { io.stderr(stale.join('')); }
  if (code === 0 && !quiet) { io.stderr(notes.map(f => f.text).join('\n')); }
  return code;
}

/** Reads each release's layers and checks the merged config against the schema (also for other commands that take --config). */
export function readAndCheck(releases: ReleaseLayers[], io: CliIo): { checked: LayeredConfig[]; errors: string[] } {
  let stdinText: string | undefined;
  const stdin = () => (stdinText ??= (io.stdin ?? (() => readFileSync(0, 'utf8')))());
  const errors: string[] = [];
  const checked: LayeredConfig[] = [];
  for (const layers of releases) {
    const { layered, problems } = readLayers(layers, schema, stdin);
    if (problems.length > 0) {
      errors.push(...problems.map(p => `error: ${p}\n`));
      continue;
    }
    const found = checkConfig(schema(), schema().fqn('MilvusClusterChartProps'), layered.config).map(p => annotate(layered, p.path, p.text));
    if (found.length > 0) {
      errors.push(invalid(layered, found, 'Run "cdk8s-milvus --help KEY" for the keys under KEY.\n'));
      continue;
    }
    checked.push(layered);
  }
  return { checked, errors };
}

/**
 * Synthesizes each checked release; what the constructs reject is added to `errors` (also for other
 * commands that take --config). All releases are charts of ONE app, so the app-wide identity and
 * one-writer checks (src/common/_ownership.ts) span the run and name the config files.
 */
export function synthesize(checked: LayeredConfig[], out: string, errors: string[]): { done: Release[]; warnings: string[] } {
  const warnings: string[] = [];
  const app = new App({ outdir: out });
  app.node.setContext(COLLECT_WARNINGS, true); // printed by the caller, with the file name, not by the constructs
  const built: Array<{ layered: LayeredConfig; chart: any }> = [];
  for (const [index, layered] of checked.entries()) {
    try {
      const chart = new (library().MilvusClusterChart)(app, `config-${index}`, layered.config);
      setOwnerLabel(chart, layered.name);
      built.push({ layered, chart });
      warnings.push(...warningsOf(chart).map(w => `warning: ${layered.name}: ${w.message}\n`));
    } catch (e: any) {
      if (!ValidationError.isValidationError(e)) { throw e; }
      // A rejected default came from no layer: its message says which key sets it.
      errors.push(invalid(layered, e.problems.map(p => (p.defaultSetBy !== undefined ? p.message : annotate(layered, p.prop, p.message)))));
    }
  }
  const conflicts = ownershipProblems(app);
  errors.push(...conflicts.map(p => `error: ${p}\n`));
  if (conflicts.length > 0) { return { done: [], warnings }; }
  const done = built.map(({ layered, chart }): Release => {
    const config = layered.config;
    const manifests = chart.toJson();
    const output = splitRelease(chart, config.releaseName, config.namespace, manifests);
    // = Yaml.stringify(...manifests), byte for byte
    const parts = output.parts.map(part => ({ part, yaml: stringifyManifests(part.manifests) }));
    const notes = { release: config.releaseName, chart, manifests };
    return { layered, name: config.releaseName, notes, output, parts };
  });
  return { done, warnings };
}

/** A problem's message, naming the layer its value came from when a release has several. */
function annotate(layered: LayeredConfig, path: string, text: string): string {
  const source = layered.layerCount > 1 ? layered.sourceOf(path) : undefined;
  return source ? `${text} (from ${source})` : text;
}

function invalid(layered: LayeredConfig, problems: string[], hint = ''): string {
  const count = `${problems.length} problem${problems.length > 1 ? 's' : ''}`;
  return `error: ${layered.name} is not a valid cluster config (${count}):\n${problems.map(p => `  - ${p}`).join('\n')}\n${hint}`;
}

/**
 * Writes every file or none: each goes to a temporary name first and all are renamed only
 * when every write succeeded. A file holding a Secret (passwords given in the config) is
 * readable by its owner only.
 */
function writeAll(out: string, files: Array<{ file: string; text: string; secret: boolean }>, io: CliIo): number {
  const temps: Array<[string, string]> = [];
  try {
    createOutDir(out);
    for (const { file } of files) {
      if (existsSync(file) && !statSync(file).isFile()) { throw new Error(`${file} exists and is not a file`); }
    }
    for (const { file, text, secret } of files) {
      // A fresh, unguessable name created exclusively: nobody can pre-create it with looser permissions.
      const temp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
      temps.push([temp, file]);
      const fd = openSync(temp, 'wx', secret ? 0o600 : 0o644);
      try {
        fchmodSync(fd, secret ? 0o600 : 0o644); // the mode, whatever the umask
        writeSync(fd, text);
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

let loaded: ConfigSchema | undefined;

/** The config schema, read once (the first release that needs it). */
function schema(): ConfigSchema {
  return (loaded ??= ConfigSchema.load(undefined, library()));
}

function library(): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../index');
}
