/**
 * A release's config from its layers, as Helm builds a release's values: the `--config` file,
 * then each `-f`/`--values` file merged onto it in order (maps merged key by key, lists and
 * scalars replaced, `null` removes a key), then each `--set`/`--set-json` in order (they win over
 * every file, wherever they stand). Every value remembers the layer it came from, so an error
 * names the file or the `--set` to fix.
 *
 * `--set` syntax (close to Helm's `--set`): `a.b=v` (nested keys; `\.` is a dot inside a key),
 * `a=1,b=2` (several; `\,` is a comma inside a value), `list={x,y}` (a whole list), `list[0]=x`
 * (one element), `key=null` (remove it). Values are typed by the schema: `version=1.1` stays the
 * string "1.1", `readonly.replicas=3` is the number 3; where the schema does not say (Kubernetes
 * structs), numbers and `true`/`false` are read as such, as Helm does.
 */
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { GivenFlag, UsageError } from './_args';
import { ConfigSchema, JsiiTypeRef } from './_schema';

/** One release's layers, in command-line order. */
export interface ReleaseLayers {
  readonly files: string[];
  readonly sets: Array<{ readonly expr: string; readonly json: boolean }>;
}

/**
 * Groups the flags into releases: each `--config` opens one; `-f`, `--set` and `--set-json` add
 * to the open one, and open one when there is no `--config` at all (`synth -f a.yaml -f b.yaml`
 * is one release, as in Helm). Overrides before the first of several `--config` are a usage error.
 */
export function releasesOf(flags: GivenFlag[]): ReleaseLayers[] {
  const isLayer = (f: GivenFlag) => f.name === '--values' || f.name === '--set' || f.name === '--set-json';
  const firstConfig = flags.findIndex(f => f.name === '--config');
  const firstLayer = flags.findIndex(isLayer);
  if (firstConfig >= 0 && firstLayer >= 0 && firstLayer < firstConfig) {
    // `-f a.yaml --config b.yaml`: meant as an override of b, it would otherwise be a release of its own.
    throw new UsageError(`${flags[firstLayer].name} ${flags[firstLayer].value} comes before any --config: overrides follow the --config they change`);
  }
  const releases: Array<{ files: string[]; sets: Array<{ expr: string; json: boolean }> }> = [];
  for (const f of flags) {
    if (f.name === '--config' || (releases.length === 0 && isLayer(f))) { releases.push({ files: [], sets: [] }); }
    const open = releases[releases.length - 1];
    if (f.name === '--config' || f.name === '--values') { open.files.push(f.value!); }
    if (f.name === '--set' || f.name === '--set-json') { open.sets.push({ expr: f.value!, json: f.name === '--set-json' }); }
  }
  if (releases.flatMap(r => r.files).filter(f => f === '-').length > 1) { throw new UsageError('- (stdin) can be read once: give it to one --config or -f'); }
  return releases;
}

/** A release's merged config and where each of its values came from. */
export class LayeredConfig {
  /** The config, all layers merged. */
  public config: any = undefined;
  /** Where values came from: key path (`mishards.exposure.type`, `a[0]`) → file name or `--set ...`. */
  private readonly origins = new Map<string, string>();

  /**
   * @param name the layers' names, for messages: `base.yaml`, `base.yaml + prod.yaml + --set`
   * @param layerCount how many files and `--set`s the release has
   */
  public constructor(public readonly name: string, public readonly layerCount: number) {}

  /** The layer that set the value at `path` (or the nearest key above it), if any did. */
  public sourceOf(path: string): string | undefined {
    for (let p = path; ; p = parentPath(p)) {
      const s = this.origins.get(p);
      if (s !== undefined || p === '') { return s; }
    }
  }

  /** Merges one layer's value onto the config (the first layer is the config). */
  public merge(value: unknown, source: string): void {
    if (this.config === undefined) {
      this.config = value;
      this.record('', value, source);
      return;
    }
    if (value === null || value === undefined) { return; } // an empty override file changes nothing
    this.config = this.mergeAt(this.config, value, '', source);
  }

  /** Sets one value at a parsed key path (a `--set`), creating the maps and lists above it. */
  public set(segments: Array<string | number>, value: unknown, source: string): void {
    if (!isMapping(this.config)) { this.config = {}; }
    let node: any = this.config;
    let path = '';
    for (let i = 0; i < segments.length - 1; i++) {
      const seg = segments[i];
      path = joinPath(path, seg);
      const wantList = typeof segments[i + 1] === 'number';
      if (wantList ? !Array.isArray(node[seg]) : !isMapping(node[seg])) {
        node[seg] = wantList ? [] : {};
        this.forget(path);
      }
      node = node[seg];
    }
    const last = segments[segments.length - 1];
    path = joinPath(path, last);
    this.forget(path);
    if (value === null) {
      if (Array.isArray(node)) { node[last as number] = null; } else { delete node[last]; }
      return;
    }
    if (Array.isArray(node)) {
      while (node.length < (last as number)) { node.push(null); }
    }
    node[last] = value;
    this.record(path, value, source);
  }

  private mergeAt(target: unknown, value: unknown, path: string, source: string): unknown {
    if (!isMapping(target) || !isMapping(value)) {
      this.forget(path);
      this.record(path, value, source);
      return value;
    }
    const merged: Record<string, unknown> = { ...target };
    for (const [k, v] of Object.entries(value)) {
      const at = joinPath(path, k);
      if (v === null) {
        delete merged[k];
        this.forget(at);
      } else {
        merged[k] = k in merged ? this.mergeAt(merged[k], v, at, source) : (this.record(at, v, source), v);
      }
    }
    return merged;
  }

  /** Records `source` for `path` and everything inside the value. */
  private record(path: string, value: unknown, source: string): void {
    this.origins.set(path, source);
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.record(`${path}[${i}]`, v, source));
    } else if (isMapping(value)) {
      for (const [k, v] of Object.entries(value)) { this.record(joinPath(path, k), v, source); }
    }
  }

  /** Forgets the sources of `path` and everything inside it (its value is replaced). */
  private forget(path: string): void {
    for (const p of [...this.origins.keys()]) {
      if (p === path || path === '' || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) { this.origins.delete(p); }
    }
  }
}

/** Reads every layer of a release; a file that cannot be read or a bad `--set` is a problem of the release. */
export function readLayers(release: ReleaseLayers, schema: () => ConfigSchema, stdin: () => string): { layered: LayeredConfig; problems: string[] } {
  const display = (f: string) => (f === '-' ? '<stdin>' : f);
  const parts = release.files.map(display);
  if (release.sets.length > 0) { parts.push(release.sets.length > 1 ? `${release.sets.length} --set` : '--set'); }
  const layered = new LayeredConfig(parts.join(' + '), release.files.length + release.sets.length);
  const problems: string[] = [];
  for (const file of release.files) {
    try {
      layered.merge(readConfig(file === '-' ? stdin() : readFileSync(file, 'utf8')), display(file));
    } catch (e: any) {
      problems.push(`cannot read config ${display(file)}: ${e.message}`);
    }
  }
  for (const { expr, json } of release.sets) {
    const flag = json ? '--set-json' : '--set';
    try {
      for (const [segments, raw] of json ? [parseAssignment(expr, true)] : splitAssignments(expr).map(a => parseAssignment(a, false))) {
        const source = `${flag} ${keyText(segments)}=${raw}`;
        layered.set(segments, json ? parseJson(raw) : typedValue(schema(), segments, raw), source);
      }
    } catch (e: any) {
      problems.push(`${flag} ${expr}: ${e.message}`);
    }
  }
  return { layered, problems };
}

/** Parses one YAML (or JSON) document; syntax errors carry line and column. */
export function readConfig(text: string): unknown {
  // YAML 1.2 (no yes/no booleans), with merge keys (`<<: *common`) as configs commonly use them.
  const docs = parseAllDocuments(text, { version: '1.2', merge: true });
  if (!Array.isArray(docs) || docs.length === 0) { return null; } // an empty file: an override that changes nothing
  if (docs.length > 1) { throw new Error(`expected exactly one YAML document, found ${docs.length}`); }
  const [doc] = docs;
  if (doc.errors.length > 0) { throw new Error(doc.errors.map(e => e.message).join('; ')); }
  return doc.toJS();
}

/** `a=1,b={x,y}` → `a=1`, `b={x,y}`: commas split assignments, except inside `{}` or after `\`. */
export function splitAssignments(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '\\' && i + 1 < expr.length) { current += c + expr[++i]; continue; }
    if (c === '{') { depth++; } else if (c === '}') { depth--; }
    if (c === ',' && depth === 0) { out.push(current); current = ''; continue; }
    current += c;
  }
  out.push(current);
  return out;
}

/** `mishards.exposure.type=NodePort` → `[['mishards', 'exposure', 'type'], 'NodePort']`; `a.b[0]=x` → `[['a', 'b', 0], 'x']`. */
export function parseAssignment(text: string, json: boolean): [Array<string | number>, string] {
  let i = 0;
  const segments: Array<string | number> = [];
  let key = '';
  const endKey = () => {
    if (key === '') { throw new Error('expected KEY=VALUE with a key path such as mishards.replicas=2'); }
    segments.push(key);
    key = '';
  };
  for (; i < text.length && text[i] !== '='; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) { key += text[++i]; continue; }
    if (c === '.') {
      // After an index (`a[0].b`) the dot only separates; anywhere else it ends a key.
      if (key !== '' || typeof segments[segments.length - 1] !== 'number') { endKey(); }
      continue;
    }
    if (c === '[') {
      if (key !== '') { endKey(); }
      const close = text.indexOf(']', i);
      const index = text.slice(i + 1, close);
      if (close < 0 || !/^\d+$/.test(index)) { throw new Error(`a list index is [N], as in tolerations[0]=...; got ${JSON.stringify(text.slice(i, close < 0 ? undefined : close + 1))}`); }
      segments.push(Number(index));
      i = close;
      continue;
    }
    key += c;
  }
  if (i >= text.length) { throw new Error('expected KEY=VALUE, e.g. mishards.replicas=2'); }
  if (key !== '') { endKey(); }
  if (segments.length === 0 || typeof segments[0] === 'number') { throw new Error('expected KEY=VALUE starting with a key, e.g. mishards.replicas=2'); }
  const raw = text.slice(i + 1);
  return [segments, json ? raw : raw.replace(/\\(.)/g, '$1')];
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e: any) {
    throw new Error(`the value is not JSON (${e.message})`);
  }
}

/** The value of a `--set`, typed by the schema type at its path. */
function typedValue(schema: ConfigSchema, segments: Array<string | number>, raw: string): unknown {
  if (raw === 'null') { return null; }
  const type = schema.typeAt(schema.fqn('MilvusClusterChartProps'), segments);
  if (raw.startsWith('{') && raw.endsWith('}')) {
    const element = type?.collection?.kind === 'array' ? type.collection.elementtype : undefined;
    const items = raw.slice(1, -1);
    return items === '' ? [] : splitAssignments(items).map(item => scalar(element, item.replace(/\\(.)/g, '$1')));
  }
  return scalar(type, raw);
}

function scalar(type: JsiiTypeRef | undefined, raw: string): unknown {
  const number = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
  const bool = raw === 'true' ? true : raw === 'false' ? false : undefined;
  switch (type?.primitive) {
    case 'string': return raw;
    case 'number': return number ?? raw; // not a number: the schema check reports it with this --set
    case 'boolean': return bool ?? raw;
    default: return type && (type.fqn || type.collection) ? raw : number ?? bool ?? raw;
  }
}

function keyText(segments: Array<string | number>): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i > 0 ? '.' : ''}${s.replace(/([.\\[\]=,])/g, '\\$1')}`)).join('');
}

function joinPath(path: string, seg: string | number): string {
  return typeof seg === 'number' ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg;
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
