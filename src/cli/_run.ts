/**
 * `cdk8s-milvus <command> [flags]`: the commands are the table `COMMANDS` (one entry each, the
 * module loaded when the command runs), the flags the table `FLAGS`.
 *
 * Exit codes: 0 done; 2 bad usage or invalid config (one message per problem, nothing
 * written); 1 the files could not be written (nothing written), or an unexpected failure
 * (a bug: please report it).
 */
import { flagHelp, FlagSpec, GivenFlag, parseArgs, UsageError } from './_args';
import { nearest } from './_schema';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The standard input's text (`--config -`); read at most once. */
  readonly stdin?: () => string;
}

/** What a command receives: its positional words (after the command) and its flags in order. */
export interface CommandArgs {
  readonly positionals: string[];
  readonly flags: GivenFlag[];
}

export interface Command {
  /** Its usage line, e.g. `init [FILE] [--force]`. */
  readonly usage: string;
  /** One line on what it does. */
  readonly summary: string;
  /** The long names of the flags it accepts. */
  readonly flags: readonly string[];
  /** Runs the command; returns the exit code (throws `UsageError` for bad usage). */
  readonly run: (args: CommandArgs, io: CliIo) => number;
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** Every command. Each loads its module when it runs, so a synth never loads init's or help's code. */
export const COMMANDS: Record<string, Command> = {
  synth: {
    usage: 'synth -c FILE [-f FILE]... [--set KEY=VALUE]... [-c FILE ...] [-o DIR | --stdout] [-q]',
    summary: 'write <DIR>/<release>.data.k8s.yaml, .k8s.yaml and .NOTES.txt for each release (default DIR: dist)',
    flags: ['--config', '--values', '--set', '--set-json', '--out', '--stdout', '--quiet'],
    run: (args, io) => require('./_synth').synth(args, io),
  },
  init: {
    usage: 'init [FILE] [--force]',
    summary: 'write a commented starter config with every key and its default (to stdout without FILE)',
    flags: ['--force'],
    run: (args, io) => require('./_init').init(args, io),
  },
};

/** Every flag of every command. */
export const FLAGS: readonly FlagSpec[] = [
  { name: '--config', alias: '-c', value: 'FILE', help: 'a release\'s config (YAML or JSON; - reads stdin); each --config is one release' },
  { name: '--values', alias: '-f', value: 'FILE', help: 'an override file merged onto the release of the preceding --config (later files win)' },
  { name: '--set', value: 'KEY=VALUE', help: 'set keys of that release: a.b=1, list={x,y}, list[0]=x, a=1,b=2 (wins over files)' },
  { name: '--set-json', value: 'KEY=JSON', help: 'like --set, the value in JSON: writable.tolerations=\'[{"key":"gpu","operator":"Exists"}]\'' },
  { name: '--out', alias: '-o', value: 'DIR', help: 'output directory (default: dist)' },
  { name: '--stdout', help: 'print the YAML instead of writing files, the data part first (the next steps go to stderr)' },
  { name: '--quiet', alias: '-q', help: 'do not print the next steps (NOTES) after synth' },
  { name: '--force', help: 'init: overwrite an existing FILE' },
  { name: '--help', alias: '-h', value: 'KEY', optionalValue: true, help: 'this text; with KEY (e.g. mishards.exposure, or all), every key under it' },
  { name: '--version', help: 'the package version' },
];

/** The usage text: commands, then (unless `short`) flags. */
export function usage(short = false): string {
  return [
    'Usage:',
    ...Object.values(COMMANDS).flatMap(c => [`  cdk8s-milvus ${c.usage}`, `      ${c.summary}`]),
    '  cdk8s-milvus --help [KEY] | --version',
    ...(short ? ['Run "cdk8s-milvus --help" for every flag and config section.'] : ['', 'Flags:', ...flagHelp(FLAGS)]),
  ].join('\n');
}

/**
 * Whether this process has synthesized and printed or written releases: the bin (`main.ts`)
 * writes its code cache again after the first run that did, since only such a run compiled the
 * whole synth path.
 */
export const runState = { synthesized: false };

/** Runs the CLI; returns the exit code. */
export function run(argv: string[], io: CliIo): number {
  try {
    const { positionals, flags } = parseArgs(argv, FLAGS);
    const [name, ...rest] = positionals;
    const help = flags.find(f => f.name === '--help');
    if (help || name === 'help') {
      // `--help KEY`, `help KEY`, `synth --help` (that command's help)
      const topic = help ? help.value ?? (name === 'help' ? rest[0] : name) : rest[0];
      return require('./_help').help(topic, io);
    }
    if (flags.some(f => f.name === '--version')) {
      io.stdout(`${require('../../package.json').version}\n`);
      return 0;
    }
    const command = name === undefined ? undefined : COMMANDS[name];
    if (!command) {
      const suggestion = name === undefined ? undefined : nearest(name, Object.keys(COMMANDS));
      throw new UsageError(name === undefined ? 'no command given'
        : `unknown command ${JSON.stringify(name)}${suggestion ? `; did you mean ${suggestion}?` : ''}`);
    }
    const foreign = flags.find(f => !command.flags.includes(f.name));
    if (foreign) { throw new UsageError(`${name} does not take ${foreign.name}`); }
    return command.run({ positionals: rest, flags }, io);
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`error: ${e.message}\n\n${usage(true)}\n`); return 2; }
    throw e;
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

export { UsageError } from './_args';
