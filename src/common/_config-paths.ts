import { ValidationError } from './validation-error';

/**
 * How a composition reports a part's errors under its own keys: `[from, to]` replaces a
 * leading `from` segment with `to` (`to` may equal `from` to keep a path); `['', to]` prefixes
 * any other path with `to.` (`['', '']` keeps it). Tried in order; the first match wins.
 */
export type PathMoves = ReadonlyArray<readonly [string, string]>;

/**
 * Runs `build` and re-reports any `ValidationError` with every path it names (the rejected
 * prop, the props its text refers to, the prop that sets a default) moved by `moves`. Each
 * construct names paths relative to its own props; only the composition that built it knows
 * which of its keys those are.
 */
export function reportUnder<T>(moves: PathMoves, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!ValidationError.isValidationError(e)) { throw e; }
    throw e._relocated(p => movePath(p, moves), { moved: true });
  }
}

export function movePath(prop: string, moves: PathMoves): string {
  for (const [from, to] of moves) {
    if (from === '') { return to ? `${to}.${prop}` : prop; }
    if (prop === from) { return to; }
    for (const sep of ['.', '[', ' ']) {
      if (prop.startsWith(from + sep)) { return to + prop.slice(from.length); }
    }
  }
  return prop;
}

/**
 * Collects the ValidationErrors of independent checks so that one run reports them all: a
 * check that fails is replaced by a stand-in and the next one still runs. Nothing is built
 * from stand-ins: `throwIfAny()` ends the run when anything was collected.
 */
export class ProblemCollector {
  private readonly errors: ValidationError[] = [];

  /** Runs `build`; on a ValidationError, records it and returns `standIn()` instead. */
  public attempt<T>(build: () => T, standIn: () => T): T {
    try {
      return build();
    } catch (e) {
      if (!ValidationError.isValidationError(e)) {
        // A check that trips over an input already reported (a stand-in) adds nothing new.
        if (this.any) { return standIn(); }
        throw e;
      }
      this.errors.push(...e.problems);
      return standIn();
    }
  }

  /**
   * Runs one check and returns its value, or, once it failed, `undefined` typed as the value:
   * callers end with `throwIfAny()` before they use anything.
   */
  public check<T>(build: () => T): T {
    return this.attempt(build, () => undefined as T);
  }

  public add(error: ValidationError): void {
    this.errors.push(...error.problems);
  }

  /** Whether anything was collected. */
  public get any(): boolean {
    return this.errors.length > 0;
  }

  public throwIfAny(): void {
    if (this.errors.length > 0) { throw ValidationError.combine(this.errors); }
  }
}
