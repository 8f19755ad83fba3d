/**
 * A verified fast path for YAML output, not a replacement for the emitter.
 *
 * The `yaml` library (2.x) is correct but slow on first use: in a fresh CLI process it was about
 * half of the run time. For plain, JSON-like values this module prints exactly the bytes yaml
 * prints under YAML 1.1 with `lineWidth: 0`; for any value it is not certain about (non-decimal
 * floats, -0, non-ASCII or control characters, multi-line strings with leading spaces or
 * trailing blank lines, keys over 1000 characters, undefined, document markers, the `<<` merge
 * key, nested sequences, non-plain objects) it gives up and the caller prints with yaml.
 *
 * Whether a string may stay plain is decided with yaml's own plain-scalar tests and the YAML
 * 1.1 schema's tag regexes taken from a live yaml `Document`, so `yes`, `1`, `10:30`, `1e3`,
 * `~` and friends are quoted exactly as yaml quotes them. test/perf/fast-yaml.test.ts checks
 * byte equality against yaml on random values, on every golden scenario and on the Milvus
 * server config files.
 *
 * Users: the CLI's manifests (`src/cli/_fast-yaml.ts`, against cdk8s's `Yaml.stringify`) and the
 * Milvus server config (`src/milvus/_server-config.ts`, against its yaml `Document`).
 */
import { Document } from 'yaml';

/** How the caller's yaml options print what differs between them. */
export interface FastYamlStyle {
  /** yaml's `nullStr` (`'null'` by default; `''` leaves `key:` empty). */
  readonly nullStr: 'null' | '';
  /** Whether plain decimal fractions (`0.85`) are printed; otherwise only safe integers are. */
  readonly decimals: boolean;
}

let tagTests: RegExp[] | null | undefined;

/**
 * The YAML 1.1 schema's tests for scalars that would not read back as strings; null (the fast
 * path stays off) if a yaml release ever tests one other than with a regular expression.
 */
function scalarTagTests(): RegExp[] | null {
  if (tagTests === undefined) {
    const schema: any = new Document(null, { keepUndefined: true, version: '1.1' }).schema;
    const tests = [...schema.tags, ...(schema.compat ?? [])]
      .filter((t: any) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
      .map((t: any) => t.test);
    tagTests = tests.every(t => t instanceof RegExp) ? tests : null;
  }
  return tagTests;
}

const PRINTABLE_LINE = /^[\x20-\x7e]*$/;
const PRINTABLE_BLOCK = /^[\x20-\x7e\n]*$/;
// yaml's plainString "needs quoting" test, minus the \n and \t branches (excluded above).
const NEEDS_QUOTES = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]| #|[ :]$/;
const DOC_MARKER = /^(%|---|\.\.\.)/m;

/** Thrown (one shared instance) when the fast path is not certain: the document falls back. */
const UNSUPPORTED = new Error('fast-yaml: unsupported value');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) { return false; }
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** yaml's quotedString for single-line printable ASCII: double quotes unless the string holds `"` and no `'`. */
function quoted(s: string): string {
  return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

/**
 * Keys and many values repeat across a release (`name`, `app.kubernetes.io/instance`, ...), and
 * each new string runs a dozen regular expressions: remember the answers, per set of tag tests
 * (a pure function of the string and the tests).
 */
const lineStrings = new WeakMap<RegExp[], Map<string, string>>();

function lineString(s: string, tests: RegExp[]): string {
  let memo = lineStrings.get(tests);
  if (memo === undefined) {
    memo = new Map();
    lineStrings.set(tests, memo);
  }
  let text = memo.get(s);
  if (text === undefined) {
    text = uncachedLineString(s, tests);
    if (memo.size < 100_000) { memo.set(s, text); }
  }
  return text;
}

function uncachedLineString(s: string, tests: RegExp[]): string {
  if (!PRINTABLE_LINE.test(s)) { throw UNSUPPORTED; }
  if (DOC_MARKER.test(s) || s === '<<') { throw UNSUPPORTED; } // yaml treats the merge key specially
  if (NEEDS_QUOTES.test(s)) { return quoted(s); }
  for (const test of tests) {
    if (test.test(s)) { return quoted(s); }
  }
  return s;
}

/** A literal block scalar as yaml's blockString writes it (lineWidth 0: always literal). */
function blockString(value: string, indent: string): string {
  if (!PRINTABLE_BLOCK.test(value) || DOC_MARKER.test(value)) { throw UNSUPPORTED; }
  if (value[0] === ' ' || value[0] === '\n' || /\n[\t ]+$/.test(value)) { throw UNSUPPORTED; }
  if (/ \n/.test(value)) { throw UNSUPPORTED; } // trailing spaces on a line: leave it to yaml
  let endStart = value.length;
  while (endStart > 0 && value[endStart - 1] === '\n') { endStart--; }
  if (endStart < value.length && value[endStart - 1] === ' ') { throw UNSUPPORTED; }
  const trailingNewlines = value.length - endStart;
  if (trailingNewlines > 1) { throw UNSUPPORTED; } // keep-chomping with blank lines: leave it to yaml
  const chomp = trailingNewlines === 0 ? '-' : '';
  return `|${chomp}\n${indent}${value.slice(0, endStart).replace(/\n+/g, `$&${indent}`)}`;
}

const DECIMAL = /^-?[0-9]+\.[0-9]+$/;

function scalar(v: unknown, tests: RegExp[], style: FastYamlStyle): string {
  if (v === null) { return style.nullStr; }
  switch (typeof v) {
    case 'string': return lineString(v, tests);
    case 'boolean': return v ? 'true' : 'false';
    case 'number':
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) { return String(v); }
      if (style.decimals && DECIMAL.test(String(v))) { return String(v); }
      throw UNSUPPORTED;
    default: throw UNSUPPORTED;
  }
}

function key(k: string, tests: RegExp[]): string {
  if (k.length > 1000 || k.includes('\n')) { throw UNSUPPORTED; }
  return lineString(k, tests);
}

function emitMap(obj: Record<string, unknown>, indent: string, out: string[], tests: RegExp[], style: FastYamlStyle): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const ks = `${indent}${key(k, tests)}:`;
    if (Array.isArray(v)) {
      if (v.length === 0) { out.push(`${ks} []`); } else { out.push(ks); emitSeq(v, `${indent}  `, out, tests, style); }
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) { out.push(`${ks} {}`); } else { out.push(ks); emitMap(v, `${indent}  `, out, tests, style); }
    } else if (typeof v === 'string' && v.includes('\n')) {
      out.push(`${ks} ${blockString(v, `${indent}  `)}`);
    } else {
      const text = scalar(v, tests, style);
      out.push(text === '' ? ks : `${ks} ${text}`);
    }
  }
}

function emitSeq(arr: unknown[], indent: string, out: string[], tests: RegExp[], style: FastYamlStyle): void {
  for (let i = 0; i < arr.length; i++) {
    if (!(i in arr)) { throw UNSUPPORTED; }
    const v = arr[i];
    if (Array.isArray(v)) {
      if (v.length === 0) { out.push(`${indent}- []`); } else { throw UNSUPPORTED; }
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) { out.push(`${indent}- {}`); continue; }
      const start = out.length;
      emitMap(v, `${indent}  `, out, tests, style);
      out[start] = `${indent}- ${out[start].slice(indent.length + 2)}`;
    } else if (typeof v === 'string' && v.includes('\n')) {
      out.push(`${indent}- ${blockString(v, `${indent}  `)}`);
    } else {
      if (v === null && style.nullStr === '') { throw UNSUPPORTED; } // yaml writes "- " with a trailing space
      out.push(`${indent}- ${scalar(v, tests, style)}`);
    }
  }
}

/**
 * The lines of `obj` as a block mapping at `indent`, exactly as yaml prints it in `style`, or
 * undefined when not certain (the caller then prints it with yaml).
 */
export function fastYamlLines(obj: unknown, indent: string, style: FastYamlStyle): string[] | undefined {
  if (!isPlainObject(obj) || Object.keys(obj).length === 0) { return undefined; }
  const tests = scalarTagTests();
  if (!tests) { return undefined; }
  const out: string[] = [];
  try {
    emitMap(obj, indent, out, tests, style);
  } catch (e) {
    if (e === UNSUPPORTED) { return undefined; }
    throw e;
  }
  return out;
}
