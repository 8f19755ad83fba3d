import { ValidationError } from './validation-error';

/**
 * Runs `build` and re-reports any `ValidationError` under the property path the
 * caller's user wrote. Each construct names props relative to its own props
 * (`replicas`, `exposure.nodePort`); a composition that builds it from one of its
 * own keys (`readonly`, `mishards`) moves the path there, so the message always
 * names the key the user actually set.
 *
 * `moves` are tried in order: `[from, to]` replaces a leading `from` segment with
 * `to` (`to` may be `from` itself to keep a path); `['', to]` prefixes any other
 * path with `to.`.
 */
export function reportUnder<T>(moves: Array<[string, string]>, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!ValidationError.isValidationError(e)) { throw e; }
    throw ValidationError.underPath(e, movePath(e.prop, moves));
  }
}

export function movePath(prop: string, moves: Array<[string, string]>): string {
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
 * Collects the ValidationErrors of independent parts so that one run reports them all: a
 * part that fails is replaced by a stand-in and the next part is still checked. Nothing is
 * synthesized from stand-ins: `throwIfAny()` ends the run when anything was collected.
 */
export class ProblemCollector {
  private readonly errors: ValidationError[] = [];

  /** Runs `build`; on a ValidationError, records it and returns `standIn()` instead. */
  public attempt<T>(build: () => T, standIn: () => T): T {
    try {
      return build();
    } catch (e) {
      if (!ValidationError.isValidationError(e)) { throw e; }
      this.errors.push(...e.problems);
      return standIn();
    }
  }

  public add(error: ValidationError): void {
    this.errors.push(error);
  }

  /** Whether anything was collected. */
  public get any(): boolean {
    return this.errors.length > 0;
  }

  public throwIfAny(): void {
    if (this.errors.length > 0) { throw ValidationError.combine(this.errors); }
  }
}
