/**
 * The command line's words: flags (`--out dist`, `--out=dist`, `-o dist`), in the order given
 * (a release's layers depend on it), and the positional words (the command, `init`'s FILE).
 * A misspelled flag or command gets the nearest known one as a suggestion.
 */
import { nearest } from './_schema';

export class UsageError extends Error {}

export interface FlagSpec {
  /** `--config` */
  readonly name: string;
  /** `-c` */
  readonly alias?: string;
  /** The value's placeholder in the usage (`FILE`); a flag without one takes no value. */
  readonly value?: string;
  /** The value may be left out (`--help` and `--help KEY`). */
  readonly optionalValue?: boolean;
  /** One line for the usage text. */
  readonly help: string;
}

/** One flag as given, with its value. */
export interface GivenFlag {
  readonly name: string;
  readonly value?: string;
}

export interface ParsedArgs {
  /** Words that are not flags nor flag values: the command first. */
  readonly positionals: string[];
  /** Every flag in command-line order, under its long name. */
  readonly flags: GivenFlag[];
}

export function parseArgs(argv: string[], specs: readonly FlagSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: GivenFlag[] = [];
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    if (s.alias) { byName.set(s.alias, s); }
  }
  const isFlag = (word: string) => byName.has(word.split('=')[0]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [word, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const spec = byName.get(word);
    if (!spec) {
      const suggestion = nearest(word, specs.flatMap(s => [s.name, ...(s.alias ? [s.alias] : [])]));
      throw new UsageError(`unknown flag ${JSON.stringify(word)}${suggestion ? `; did you mean ${suggestion}?` : ''}`);
    }
    if (!spec.value) {
      if (inline !== undefined) { throw new UsageError(`${spec.name} takes no value`); }
      flags.push({ name: spec.name });
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next !== undefined && (next === '-' || !next.startsWith('-')) && !(spec.optionalValue && isFlag(next))) {
        value = next;
        i++;
      }
    }
    if (value === undefined && !spec.optionalValue) { throw new UsageError(`${spec.name} needs a value (${spec.value})`); }
    flags.push({ name: spec.name, value });
  }
  return { positionals, flags };
}

/** The usage lines of some flags, aligned. */
export function flagHelp(specs: readonly FlagSpec[]): string[] {
  const heads = specs.map(s => `${s.alias ? `${s.alias}, ` : '    '}${s.name}${s.value ? (s.optionalValue ? ` [${s.value}]` : ` ${s.value}`) : ''}`);
  const width = Math.max(...heads.map(h => h.length)) + 2;
  return specs.map((s, i) => `  ${heads[i].padEnd(width)}${s.help}`);
}
