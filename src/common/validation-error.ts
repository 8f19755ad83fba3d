/**
 * Thrown when a construct receives a property value it cannot turn into a valid manifest.
 *
 * The message names the property, the value received and what is allowed, so a
 * user can fix the input without reading the library's source. It is thrown from
 * constructors, before anything is synthesized or written.
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
    const errors = all.filter((e, i) => all.findIndex(o => o.message === e.message) === i);
    if (errors.length === 1) { return errors[0]; }
    const combined = ValidationError.underPath(errors[0], errors[0].prop);
    combined.message = errors.map(e => e.message).join('\n  - ');
    (combined as { problems: ValidationError[] }).problems = [...errors];
    return combined;
  }

  /**
   * The same error with its property path moved under a config key, e.g. a `MilvusNode`'s
   * `replicas` reported as `writable.replicas` by the composition that built the node.
   */
  public static underPath(error: ValidationError, prop: string): ValidationError {
    const copy = new ValidationError(prop, undefined, error.allowed);
    copy.message = `invalid ${prop}: got ${error.received}; ${error.allowed}`;
    (copy as { received: string }).received = error.received;
    return copy;
  }

  private static readonly BRAND = 'cdk8s-milvus.ValidationError';

  /** The property path that was rejected, e.g. `nfs.server` or `readonly.replicas`. */
  public readonly prop: string;

  /** What the property accepts, in words. */
  public readonly allowed: string;

  /** The value received, as rendered in the message. */
  public readonly received: string;

  /** Every problem this error reports (itself, or those it combines). */
  public readonly problems: ValidationError[] = [this];

  /** Brand checked by `isValidationError` (survives duplicate copies of the library). */
  public readonly validationErrorBrand = ValidationError.BRAND;

  /**
   * @param prop the property path that was rejected
   * @param value the value received (rendered with JSON.stringify in the message)
   * @param allowed what the property accepts
   */
  public constructor(prop: string, value: any, allowed: string) {
    const received = describeValue(value);
    super(`invalid ${prop}: got ${received}; ${allowed}`);
    this.name = 'ValidationError';
    this.prop = prop;
    this.allowed = allowed;
    this.received = received;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}

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
