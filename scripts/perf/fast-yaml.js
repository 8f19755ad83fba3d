'use strict';
/*
 * Experiment (d2): a small emitter that reproduces, byte for byte, what cdk8s's
 * `Yaml.stringify(doc)` (yaml 2.x, { keepUndefined: true, lineWidth: 0, version: '1.1' })
 * prints for the JSON-like documents cdk8s produces — for the common shapes only. Any value
 * it is not certain about (floats, -0, non-ASCII or control characters, multi-line strings
 * outside a map value, leading/trailing blank lines, keys over 1000 chars, undefined,
 * document markers, nested sequences, non-plain objects) makes it return `undefined`, and
 * the caller falls back to the real `Yaml.stringify` for that whole document.
 *
 * Whether a string may stay plain is decided with the same tests yaml's plainString uses,
 * including the YAML 1.1 schema's own tag regexes taken from a live yaml Document, so
 * "yes", "1", "10:30", "1e3", "~", "<<" and friends are quoted exactly as yaml quotes them.
 * Correctness is checked by scripts/perf/fast-yaml-check.js (differential, random documents).
 */
let TAG_TESTS;
function tagTests(YAML) {
  if (!TAG_TESTS) {
    const schema = new YAML.Document(null, { keepUndefined: true, version: '1.1' }).schema;
    const pick = (t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test;
    TAG_TESTS = [...schema.tags, ...(schema.compat || [])].filter(pick).map((t) => t.test);
  }
  return TAG_TESTS;
}

const PRINTABLE_LINE = /^[\x20-\x7e]*$/;
const PRINTABLE_BLOCK = /^[\x20-\x7e\n]*$/;
// yaml's plainString "needs quoting" test, minus the \n / \t branches (excluded above).
const NEEDS_QUOTES = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]| #|[ :]$/;
const DOC_MARKER = /^(%|---|\.\.\.)/m;

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function quoted(s) {
  // yaml quotedString for single-line printable ASCII: double quotes (JSON) unless the
  // string holds " and no ', then single quotes.
  if (s.includes('"') && !s.includes("'")) return `'${s}'`;
  return JSON.stringify(s);
}

function lineString(s, tests) {
  if (!PRINTABLE_LINE.test(s)) throw UNSUPPORTED;
  if (DOC_MARKER.test(s) || s === '<<') throw UNSUPPORTED; // merge key: yaml treats it specially
  if (NEEDS_QUOTES.test(s)) return quoted(s);
  for (let i = 0; i < tests.length; i++) if (tests[i].test(s)) return quoted(s);
  return s;
}

// Literal block scalar as yaml's blockString writes it (lineWidth 0 => always literal).
function blockString(value, indent) {
  if (!PRINTABLE_BLOCK.test(value) || DOC_MARKER.test(value)) throw UNSUPPORTED;
  if (value[0] === ' ' || value[0] === '\n' || /\n[\t ]+$/.test(value)) throw UNSUPPORTED;
  // the plainString pre-test: a line with trailing space before \n keeps the block form too,
  // but such lines are unusual; be conservative.
  if (/ \n/.test(value)) throw UNSUPPORTED;
  let endStart = value.length;
  while (endStart > 0 && value[endStart - 1] === '\n') endStart--;
  if (endStart < value.length && value[endStart - 1] === ' ') throw UNSUPPORTED;
  const end = value.length - endStart; // number of trailing newlines
  let chomp;
  if (end === 0) chomp = '-';
  else if (end === 1) chomp = '';
  else throw UNSUPPORTED; // keep-chomping with extra blank lines: leave it to yaml
  const body = value.slice(0, endStart);
  return `|${chomp}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

function scalar(v, tests) {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return lineString(v, tests);
    case 'boolean': return v ? 'true' : 'false';
    case 'number':
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
      throw UNSUPPORTED;
    default: throw UNSUPPORTED;
  }
}

function key(k, tests) {
  if (k.length > 1000 || k.includes('\n')) throw UNSUPPORTED;
  return lineString(k, tests);
}

function emitMap(obj, indent, out, tests) {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const ks = `${indent}${key(k, tests)}:`;
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${ks} []`);
      else { out.push(ks); emitSeq(v, `${indent}  `, out, tests); }
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) out.push(`${ks} {}`);
      else { out.push(ks); emitMap(v, `${indent}  `, out, tests); }
    } else if (typeof v === 'string' && v.includes('\n')) {
      out.push(`${ks} ${blockString(v, `${indent}  `)}`);
    } else {
      out.push(`${ks} ${scalar(v, tests)}`);
    }
  }
}

function emitSeq(arr, indent, out, tests) {
  for (let i = 0; i < arr.length; i++) {
    if (!(i in arr)) throw UNSUPPORTED;
    const v = arr[i];
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${indent}- []`);
      else throw UNSUPPORTED;
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) { out.push(`${indent}- {}`); continue; }
      const start = out.length;
      emitMap(v, `${indent}  `, out, tests);
      out[start] = `${indent}- ${out[start].slice(indent.length + 2)}`;
    } else {
      if (typeof v === 'string' && v.includes('\n')) throw UNSUPPORTED;
      out.push(`${indent}- ${scalar(v, tests)}`);
    }
  }
}

/** The YAML text of one document, or undefined when the fast path is not certain. */
function stringifyDoc(doc, YAML) {
  if (!isPlainObject(doc) || Object.keys(doc).length === 0) return undefined;
  const out = [];
  try {
    emitMap(doc, '', out, tagTests(YAML));
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
  return `${out.join('\n')}\n`;
}

/**
 * Route cdk8s's `Yaml.stringify` through the fast path for the rest of this process,
 * document by document, with the original as the fallback. Returns stats.
 */
function install(Yaml, YAML) {
  const original = Yaml.stringify;
  const stats = { fast: 0, fallback: 0 };
  Yaml.stringify = function stringify(...docs) {
    return docs.map((d) => {
      const s = d === undefined ? undefined : stringifyDoc(d, YAML);
      if (s !== undefined) { stats.fast++; return s; }
      stats.fallback++;
      return original.call(Yaml, d);
    }).join('---\n');
  };
  return stats;
}

module.exports = { stringifyDoc, install };
