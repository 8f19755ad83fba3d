/**
 * Helm's `--set` / `--set-string` syntax (helm/helm `pkg/strvals/parser.go`, Helm 3), for the
 * CLI's commands that read Helm-style overrides: `a.b=c,d[0].e=f`, `list={x,y}`, `\` escapes the
 * next character, `--set` types `true`/`false`/`null`/integers (not starting with 0) as Helm
 * does, `--set-string` keeps every value a string, and `null` removes the key.
 *
 * No npm package parses this syntax (the Go parser is the reference), hence this one module.
 */

export class SetSyntaxError extends Error {}

type Tree = Record<string, any>;

/** Integers as Helm's `typedVal`; `0` alone is a number, `007` stays a string. */
function typed(value: string, asString: boolean): unknown {
  if (asString) { return value; }
  const lower = value.toLowerCase();
  if (lower === 'true') { return true; }
  if (lower === 'false') { return false; }
  if (lower === 'null') { return null; }
  if (value === '0') { return 0; }
  if (/^-?[1-9]\d*$/.test(value) && Number.isSafeInteger(Number(value))) { return Number(value); }
  return value;
}

class Scanner {
  private pos = 0;
  public constructor(private readonly text: string) {}
  public get done(): boolean { return this.pos >= this.text.length; }
  public peek(): string | undefined { return this.text[this.pos]; }
  public next(): string | undefined { return this.text[this.pos++]; }
  /** Characters up to one of `stops` (consumed and returned as `stop`), `\` escaping the next. */
  public until(stops: string): { text: string; stop?: string } {
    let out = '';
    while (!this.done) {
      const c = this.next()!;
      if (stops.includes(c)) { return { text: out, stop: c }; }
      if (c === '\\') {
        if (this.done) { throw new SetSyntaxError('a "\\" at the end escapes nothing'); }
        out += this.next();
      } else {
        out += c;
      }
    }
    return { text: out };
  }
}

function setKey(into: Tree, key: string, value: unknown) {
  if (value === null) { delete into[key]; } else { into[key] = value; }
}

/**
 * Applies one `--set` argument (`a.b=1,c={x,y}`) to `into`, as `helm install --set` would merge
 * it over the values files. Throws `SetSyntaxError` naming the problem.
 */
export function applySet(into: Tree, expression: string, asString = false): void {
  const s = new Scanner(expression);
  while (!s.done) {
    parseAssignment(s, into, asString, expression);
  }
}

function parseAssignment(s: Scanner, into: Tree, asString: boolean, expression: string) {
  const { text: key, stop } = s.until('=.[,');
  if (key === '' && stop !== '[') { throw new SetSyntaxError(`a key is missing in "${expression}"`); }
  switch (stop) {
    case undefined: case ',':
      throw new SetSyntaxError(`"${key}" has no value: write ${key}=<value> in "${expression}"`);
    case '.': {
      const child = into[key] !== null && typeof into[key] === 'object' && !Array.isArray(into[key]) ? into[key] : {};
      into[key] = child;
      parseAssignment(s, child, asString, expression);
      return;
    }
    case '[': {
      const list = Array.isArray(into[key]) ? into[key] : [];
      into[key] = list;
      parseIndexed(s, list, asString, expression);
      return;
    }
    default: // '='
      setKey(into, key, readValue(s, asString));
  }
}

function parseIndexed(s: Scanner, list: any[], asString: boolean, expression: string) {
  const { text, stop } = s.until(']');
  if (stop !== ']' || !/^\d+$/.test(text)) { throw new SetSyntaxError(`a list index must be a number in brackets, e.g. key[0]=x, in "${expression}"`); }
  const index = Number(text);
  if (index > 65536) { throw new SetSyntaxError(`list index ${index} is larger than Helm's maximum 65536`); }
  while (list.length < index) { list.push(null); }
  const after = s.next();
  if (after === '=') {
    list[index] = readValue(s, asString);
  } else if (after === '.') {
    const child = list[index] !== null && typeof list[index] === 'object' && !Array.isArray(list[index]) ? list[index] : {};
    list[index] = child;
    parseAssignment(s, child, asString, expression);
  } else if (after === '[') {
    const inner = Array.isArray(list[index]) ? list[index] : [];
    list[index] = inner;
    parseIndexed(s, inner, asString, expression);
  } else {
    throw new SetSyntaxError(`expected "=", "." or "[" after [${index}] in "${expression}"`);
  }
}

/** A value up to the next `,`: a scalar, or `{a,b}` for a list. */
function readValue(s: Scanner, asString: boolean): unknown {
  if (s.peek() === '{') {
    s.next();
    const items: unknown[] = [];
    for (;;) {
      const { text, stop } = s.until(',}');
      if (stop === undefined) { throw new SetSyntaxError('a list must end with "}"'); }
      items.push(typed(text, asString));
      if (stop === '}') { break; }
    }
    if (!s.done && s.next() !== ',') { throw new SetSyntaxError('expected "," after a list'); }
    return items;
  }
  return typed(s.until(',').text, asString);
}

/** Helm's merge of values files: maps merge key by key, anything else replaces; `null` removes. */
export function mergeValues(base: Tree, overlay: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) {
      delete out[k];
    } else if (isMap(v) && isMap(out[k])) {
      out[k] = mergeValues(out[k], v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function isMap(v: unknown): v is Tree {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
