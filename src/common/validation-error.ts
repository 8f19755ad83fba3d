/** `⟦path⟧`, `⟦path|code⟧` or `⟦path|code|suffix⟧`: a reference to a prop inside an error's `allowed` text (see `propRef`). */
const REF = /\u27e6([^\u27e7|]*)(?:\|([^\u27e7|]*))?(?:\|([^\u27e7]*))?\u27e7/g;

/**
 * A reference to another prop inside a `ValidationError`'s `allowed` text, e.g.
 * `` `raise ${propRef('resources.memoryLimit')}` ``. The message shows the path; a composition
 * that reports the error under its own keys (`writable.resources.memoryLimit`) moves it with
 * the error's own prop. `code` is what a construct user reads instead while nobody moved it
 * (e.g. `MilvusVersion.custom()` for `images`, which only the config file calls that).
 * `pathSuffix` follows the path only, never `code` (`storage.readWriteMany` + `: true` vs
 * `StorageClassRef.fromName(name, { readWriteMany: true })`).
 */
export function propRef(path: string, code?: string, pathSuffix?: string): string {
  if (code === undefined) { return `\u27e6${path}\u27e7`; }
  return pathSuffix === undefined ? `\u27e6${path}|${code}\u27e7` : `\u27e6${path}|${code}|${pathSuffix}\u27e7`;
}

/** How a `ValidationError` came about, beyond the prop, value and rule. */
export interface ValidationErrorOptions {
  /**
   * The rejected value was not given but defaulted: the prop that sets it (often `prop` itself),
   * so the message can say `(the default; set ...)`.
   * @default - the value was given
   */
  readonly defaultSetBy?: string;
}

/**
 * Thrown when a construct receives a property value it cannot turn into a valid manifest.
 *
 * The message names the property, the value received and what is allowed, so a
 * user can fix the input without reading the library's source. It is thrown from
 * constructors, before anything is synthesized or written.
 *
 * Paths are relative to the props of the construct that checked them (`storageSize` for a
 * `MySql`); a composition moves them under its own keys (`mysql.storageSize`), together with
 * the props its `allowed` text refers to (`refs`).
 */
export class ValidationError extends Error {
  /**
   * Checks whether a value is a `ValidationError`, also across copies of this
   * library loaded twice (where `instanceof` fails).
   */
  public static isValidationError(x: any): x is ValidationError {
    return x !== null && typeof x === 'object' && x.validationErrorBrand === ValidationError.BRAND;
  }

  /**
   * One error standing for several independent problems (e.g. a config whose storage, MySQL
   * and Mishards sections are each wrong): the message lists them all, `prop` names the first.
   */
  public static combine(all: ValidationError[]): ValidationError {
    // A value checked by two parts (e.g. the API server CIDRs) is reported once.
    const flat = all.flatMap(e => e.problems);
    const errors = flat.filter((e, i) => flat.findIndex(o => o.message === e.message) === i);
    if (errors.length === 1) { return errors[0]; }
    const combined = errors[0]._relocated(p => p);
    combined.message = errors.map(e => e.message).join('\n  - ');
    (combined as { problems: ValidationError[] }).problems = [...errors];
    return combined;
  }

  /**
   * The same error with its property path replaced, e.g. a `MilvusNode`'s `replicas`
   * reported as `writable.replicas` by the composition that built the node.
   */
  public static underPath(error: ValidationError, prop: string): ValidationError {
    return error._relocated(p => (p === error.prop ? prop : p));
  }

  private static readonly BRAND = 'cdk8s-milvus.ValidationError';

  /** The property path that was rejected, e.g. `server` or `readonly.replicas`. */
  public readonly prop: string;

  /** What the property accepts, in words. */
  public readonly allowed: string;

  /** The value received, as rendered in the message. */
  public readonly received: string;

  /** Other props the `allowed` text refers to, as paths of the same props as `prop`. */
  public readonly refs: string[];

  /** When the rejected value was a default: the prop that sets it. */
  public readonly defaultSetBy?: string;

  /** Every problem this error reports (itself, or those it combines). */
  public readonly problems: ValidationError[] = [this];

  /** Brand checked by `isValidationError` (survives duplicate copies of the library). */
  public readonly validationErrorBrand = ValidationError.BRAND;

  /** @internal `allowed` with its prop references (`propRef`) still in place. */
  public readonly _template: string;

  /** @internal whether a composition has moved the paths (references then show paths, never code). */
  public readonly _moved: boolean;

  /**
   * @param prop the property path that was rejected
   * @param value the value received (rendered with JSON.stringify in the message)
   * @param allowed what the property accepts; other props are referred to with `propRef`
   */
  public constructor(prop: string, value: any, allowed: string, options: ValidationErrorOptions = {}) {
    super();
    this.name = 'ValidationError';
    this.prop = prop;
    this.received = (value as { [RECEIVED]?: string } | undefined)?.[RECEIVED] ?? describeValue(value);
    this._template = allowed;
    this._moved = (value as { [MOVED]?: boolean } | undefined)?.[MOVED] ?? false;
    this.refs = [...allowed.matchAll(REF)].map(m => m[1]);
    this.defaultSetBy = options.defaultSetBy;
    this.allowed = allowed.replace(REF, (_m, path: string, code?: string, suffix?: string) => (this._moved || code === undefined ? path + (suffix ?? '') : code));
    const note = this.defaultSetBy === undefined ? '' : ` (the default; set ${this.defaultSetBy})`;
    this.message = `invalid ${prop}: got ${this.received}${note}; ${this.allowed}`;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }

  /** @internal the same problems with every path (prop, references, default setter) passed through `move`. */
  public _relocated(move: (path: string) => string, options: { moved?: boolean; defaultSetBy?: string } = {}): ValidationError {
    if (this.problems.length > 1) { return ValidationError.combine(this.problems.map(p => p._relocated(move, options))); }
    const template = this._template.replace(REF, (_m, path: string, code?: string, suffix?: string) => propRef(move(path), code, suffix));
    const setBy = options.defaultSetBy ?? this.defaultSetBy;
    const copy = new ValidationError(move(this.prop), { [RECEIVED]: this.received, [MOVED]: options.moved ?? this._moved }, template,
      { defaultSetBy: setBy === undefined ? undefined : move(setBy) });
    copy.stack = this.stack;
    return copy;
  }
}

/** Keys of the stand-in value `_relocated` passes: the received text is kept as rendered. */
const RECEIVED = Symbol('received');
const MOVED = Symbol('moved');

function describeValue(value: any): string {
  if (value === undefined) { return 'nothing (the property is required)'; }
  try {
    const text = JSON.stringify(value);
    if (text === undefined) { return String(value); }
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}

/** Helpers for errors thrown by this library, usable from every jsii language. */
export class Errors {
  /** Whether `x` is a `ValidationError` thrown by this library (bad input, nothing written). */
  public static isValidationError(x: any): boolean {
    return ValidationError.isValidationError(x);
  }

  /** The property path a `ValidationError` names, or `undefined` for other errors. */
  public static invalidProp(x: any): string | undefined {
    return ValidationError.isValidationError(x) ? x.prop : undefined;
  }

  private constructor() {}
}
