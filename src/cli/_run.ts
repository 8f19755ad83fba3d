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
/**
 * Issue 14's commands are read from lib/cli when they run: the module name is not a literal, so
 * esbuild leaves them out of the bundle a synth loads (they are a tenth of it).
 */
const offBundle = (module: string): any => require(module);

/** The flags only from-helm takes: listed by `from-helm --help`, not on the first screen. */
const FROM_HELM_FLAGS = ['--set-string', '--nfs-values', '--nfs-set', '--release', '--namespace', '--nfs-release', '--nfs-namespace', '--chart-version'];

/** Every command. Each loads its module when it runs, so a synth never loads init's or help's code. */
export const COMMANDS: Record<string, Command> = {
  'synth': {
    usage: 'synth -c FILE [-f FILE]... [--set KEY=VALUE]... [-c FILE ...] [-o DIR | --stdout] [-q]',
    summary: 'write <DIR>/<release>.data.k8s.yaml, .k8s.yaml and .NOTES.txt for each release (default DIR: dist)',
    flags: ['--config', '--values', '--set', '--set-json', '--out', '--stdout', '--quiet'],
    run: (args, io) => require('./_synth').synth(args, io),
  },
  'init': {
    usage: 'init [FILE] [--force]',
    summary: 'write a commented starter config with every key and its default (to stdout without FILE)',
    flags: ['--force'],
    run: (args, io) => require('./_init').init(args, io),
  },
  'diagram': {
    usage: 'diagram -c FILE [-f FILE]... [--set K=V]...',
    summary: 'the release as a Mermaid flowchart (NetworkPolicies as arrows)',
    flags: ['--config', '--values', '--set', '--set-json'],
    run: (args, io) => offBundle('./_diagram').diagramCommand(args, io),
  },
  'from-helm': {
    usage: 'from-helm [-f FILE]... [--set KEY=VALUE]... [--nfs-values FILE]... [--release NAME] [--namespace NS]',
    summary: 'print the config for a milvus-helm 0.10.x / 1.1.x release\'s values, and how to move its data (from-helm --help)',
    flags: ['--values', '--set', ...FROM_HELM_FLAGS],
    run: (args, io) => offBundle('./_from-helm').fromHelmCommand(args, io),
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
  { name: '--set-string', value: 'KEY=VALUE', help: 'from-helm: like --set, every value a string (Helm\'s --set-string)' },
  { name: '--nfs-values', value: 'FILE', help: 'from-helm: the nfs-client-provisioner release\'s values (helm get values nfs-client)' },
  { name: '--nfs-set', value: 'KEY=VALUE', help: 'from-helm: a --set of the nfs-client-provisioner release' },
  { name: '--release', value: 'NAME', help: 'from-helm: the Helm release name (default: my-release)' },
  { name: '--namespace', alias: '-n', value: 'NS', help: 'from-helm: the release\'s namespace, where its claims are (default: default)' },
  { name: '--nfs-release', value: 'NAME', help: 'from-helm: the NFS release name (default: nfs-client)' },
  { name: '--nfs-namespace', value: 'NS', help: 'from-helm: the NFS release\'s namespace (default: the release\'s)' },
  { name: '--chart-version', value: 'VERSION', help: 'from-helm: the milvus-helm chart version (default: 0.10.0, the tutorial\'s)' },
  { name: '--help', alias: '-h', value: 'KEY', optionalValue: true, help: 'this text; with KEY (e.g. mishards.exposure, or all), every key under it' },
  { name: '--version', help: 'the package version' },
];

/** The usage text: commands, then (unless `short`) flags. */
export function usage(short = false): string {
  return [
    'Usage:',
    // A command whose usage and summary fit one line (125 columns) takes one: the first screen is 45 lines.
    ...Object.values(COMMANDS).flatMap(c => (`  cdk8s-milvus ${c.usage}   ${c.summary}`.length <= 125
      ? [`  cdk8s-milvus ${c.usage}   ${c.summary}`] : [`  cdk8s-milvus ${c.usage}`, `      ${c.summary}`])),
    '  cdk8s-milvus --help [KEY] | --version',
    ...(short ? ['Run "cdk8s-milvus --help" for every flag and config section.']
      : ['', 'Flags:', ...flagHelp(FLAGS.filter(f => !FROM_HELM_FLAGS.includes(f.name)))]),
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
