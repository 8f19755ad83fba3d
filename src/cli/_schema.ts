/**
 * The CLI's config schema is the jsii type system of `MilvusClusterChartProps`:
 * the `.jsii` assembly that the build writes next to `package.json` records every
 * struct, property, type, optionality and doc comment (`@default` included). So the
 * config file, its validation and `--help` all come from the one TypeScript
 * definition of the props, never from a hand-copied list.
 */
import { readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';

export interface JsiiTypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { kind: 'map' | 'array'; elementtype: JsiiTypeRef };
  readonly union?: { types: JsiiTypeRef[] };
}

export interface JsiiProperty {
  readonly name: string;
  readonly optional?: boolean;
  readonly type: JsiiTypeRef;
  readonly docs?: { summary?: string; default?: string; remarks?: string };
}

export interface JsiiType {
  readonly fqn: string;
  readonly kind: 'interface' | 'class' | 'enum';
  readonly datatype?: boolean;
  readonly properties?: JsiiProperty[];
  readonly members?: Array<{ name: string }>;
  readonly interfaces?: string[];
  readonly docs?: { summary?: string };
}

/** A jsii assembly, as far as the CLI reads it. */
type Assembly = { name: string; types: Record<string, JsiiType> };

/** The part of the assembly the CLI reads: written next to the CLI by the build (`scripts/bundle-cli.js`). */
export const CONFIG_SCHEMA_FILE = 'config-schema.json';

/** The cdk8s-plus-28 structs the config reaches (tolerations, affinity), for `--help` and `init`: written beside it. */
export const K8S_SCHEMA_FILE = 'config-schema.k8s.json';

export class ConfigSchema {
  /**
   * Loads the config types: `config-schema.json` next to this file when the build wrote it (about
   * a quarter of the assembly, read on every `synth`), else the whole `<package root>/.jsii`.
   */
  public static load(packageRoot?: string, exportsOfLibrary?: Record<string, any>): ConfigSchema {
    const assemblyFile = join(packageRoot ?? join(__dirname, '..', '..'), '.jsii');
    const assembly = (packageRoot === undefined ? readSchemaFile(join(__dirname, CONFIG_SCHEMA_FILE), assemblyFile) : undefined)
      ?? JSON.parse(readFileSync(assemblyFile, 'utf8'));
    return ConfigSchema.fromAssembly(assembly, exportsOfLibrary);
  }

  /** The schema of an assembly already read (the whole `.jsii` or `config-schema.json`). */
  public static fromAssembly(assembly: Assembly, exportsOfLibrary?: Record<string, any>): ConfigSchema {
    return new ConfigSchema(assembly.types, assembly.name, exportsOfLibrary ?? {});
  }

  /**
   * The types a struct reaches (its properties' types, recursively, and the interfaces it
   * extends) out of a whole assembly: what `config-schema.json` holds. Types of `dependencies`
   * (cdk8s-plus-28's Kubernetes structs) are included for `--help`; the config check leaves them
   * to the Kubernetes API.
   */
  public static reachable(assembly: Assembly, rootName: string, dependencies: Assembly[] = []): Assembly {
    const types: Record<string, JsiiType> = {};
    const all: Record<string, JsiiType> = Object.assign({}, ...dependencies.map(d => d.types), assembly.types);
    const refs = (ref: JsiiTypeRef | undefined): string[] => !ref ? [] : [
      ...(ref.fqn ? [ref.fqn] : []),
      ...refs(ref.collection?.elementtype),
      ...(ref.union?.types ?? []).flatMap(refs),
    ];
    const queue = [`${assembly.name}.${rootName}`];
    for (let fqn = queue.pop(); fqn !== undefined; fqn = queue.pop()) {
      const t = all[fqn];
      if (!t || types[fqn]) { continue; }
      types[fqn] = t;
      queue.push(...(t.interfaces ?? []), ...(t.properties ?? []).flatMap(p => refs(p.type)));
    }
    return { name: assembly.name, types };
  }

  /**
   * @param exportsOfLibrary the library's module exports: the assembly records enum member
   * names only, and config files use their string values (`Retain`, `debug`)
   */
  private constructor(
    private readonly types: Record<string, JsiiType>,
    private readonly assemblyName: string,
    private readonly exportsOfLibrary: Record<string, any>,
  ) {}

  /** The string values of an enum of this assembly, e.g. `['Retain', 'Delete']`. */
  public enumValues(fqn: string): string[] | undefined {
    const t = this.types[fqn];
    if (t?.kind !== 'enum') { return undefined; }
    const runtime = this.exportsOfLibrary[fqn.slice(this.assemblyName.length + 1)];
    return (t.members ?? []).map(m => String(runtime?.[m.name] ?? m.name));
  }

  public fqn(name: string): string {
    return `${this.assemblyName}.${name}`;
  }

  public type(fqn: string): JsiiType {
    const t = this.types[fqn];
    if (!t) { throw new Error(`type ${fqn} is not in the assembly`); }
    return t;
  }

  /**
   * All properties of a struct, inherited ones included, in jsii's order for one struct: required
   * ones first, each group by name (so shared bases such as `PodPlacementOptions` do not bunch up).
   */
  public properties(fqn: string): JsiiProperty[] {
    const t = this.type(fqn);
    const inherited = (t.interfaces ?? []).flatMap(i => this.properties(i));
    const own = t.properties ?? [];
    return [...inherited.filter(p => !own.some(o => o.name === p.name)), ...own]
      .sort((a, b) => Number(!!a.optional) - Number(!!b.optional) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Short, human-readable type text, e.g. `string`, `map<string>`, `ExposureConfig`, `"Retain" | "Delete"`. */
  public describe(ref: JsiiTypeRef): string {
    if (ref.primitive) { return ref.primitive; }
    if (ref.collection) { return `${ref.collection.kind}<${this.describe(ref.collection.elementtype)}>`; }
    if (ref.union) { return ref.union.types.map(t => this.describe(t)).join(' | '); }
    const values = this.enumValues(ref.fqn!);
    if (values) { return values.map(v => JSON.stringify(v)).join(' | '); }
    return ref.fqn!.replace(`${this.assemblyName}.`, '');
  }

  /** The type at a key path below a struct (`['mishards', 'exposure', 'type']`, list indexes as numbers), if the schema has it. */
  public typeAt(structFqn: string, segments: ReadonlyArray<string | number>): JsiiTypeRef | undefined {
    let ref: JsiiTypeRef | undefined = { fqn: structFqn };
    for (const seg of segments) {
      if (ref?.collection) {
        ref = (typeof seg === 'number') === (ref.collection.kind === 'array') ? ref.collection.elementtype : undefined;
      } else if (ref?.fqn && typeof seg === 'string' && this.isStruct(ref)) {
        ref = this.properties(ref.fqn).find(p => p.name === seg)?.type;
      } else {
        return undefined;
      }
    }
    return ref;
  }

  /** Every key path below a struct, a struct used in several places at each of them (`writable.replicas`, `readonly.replicas`). */
  public keyPaths(rootFqn: string): string[] {
    const paths: string[] = [];
    const walk = (fqn: string, prefix: string, seen: string[]) => {
      for (const p of this.properties(fqn)) {
        const path = prefix ? `${prefix}.${p.name}` : p.name;
        paths.push(path);
        if (p.type.fqn && this.isStruct(p.type) && !seen.includes(p.type.fqn)) { walk(p.type.fqn, path, [...seen, p.type.fqn]); }
      }
    };
    walk(rootFqn, '', [rootFqn]);
    return paths;
  }

  /**
   * Every key path below a struct whose last key is `name`, nearest to `near` first (the most
   * leading keys in common): where a key that is unknown at `near` belongs, e.g. `type` under
   * `mishards` → `mishards.exposure.type`, `mishards.discovery.type`. At most three.
   */
  public pathsNamed(rootFqn: string, name: string, near: string): string[] {
    const found = this.keyPaths(rootFqn).filter(p => p === name || p.endsWith(`.${name}`));
    const nearKeys = near ? near.split('.') : [];
    const common = (path: string) => {
      const keys = path.split('.');
      let n = 0;
      while (n < nearKeys.length && keys[n] === nearKeys[n]) { n++; }
      return n;
    };
    return found.sort((a, b) => common(b) - common(a) || a.length - b.length).slice(0, 3);
  }

  /** Whether the type is a struct of this assembly (the structs a config is checked against). */
  public isStruct(ref: JsiiTypeRef): boolean {
    return !!ref.fqn && ref.fqn.startsWith(`${this.assemblyName}.`) && this.types[ref.fqn]?.kind === 'interface' && !!this.types[ref.fqn]?.datatype;
  }

  /**
   * A type of another assembly (cdk8s-plus-28's `k8s.Toleration`), for `--help` and `init`: from
   * `config-schema.k8s.json` beside the CLI, else from that package's `.jsii`; undefined when neither is there.
   */
  public foreignType(fqn: string): JsiiType | undefined {
    if (!this.types[fqn]) {
      const assemblyName = fqn.split('.')[0];
      const sources = [
        () => readSchemaFile(join(__dirname, K8S_SCHEMA_FILE), join(__dirname, '..', '..', '.jsii')),
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        () => ConfigSchema.reachable(JSON.parse(readFileSync(join(dirname(require.resolve(`${assemblyName}/package.json`)), '.jsii'), 'utf8')),
          fqn.slice(assemblyName.length + 1)),
      ];
      for (const source of sources) {
        try {
          const found = source();
          if (found?.types[fqn]) { Object.assign(this.types, found.types); break; }
        } catch {
          // not there: the next source, or the API reference's link alone
        }
      }
    }
    return this.types[fqn];
  }
}

/**
 * `config-schema.json`, unless it is missing, unreadable or older than the assembly (a compile
 * without the post-compile step): the caller then reads the whole assembly, always correct.
 */
export function readSchemaFile(file: string, assemblyFile: string): Assembly | undefined {
  try {
    if (statSync(file).mtimeMs < statSync(assemblyFile).mtimeMs) { return undefined; }
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function nearest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** One problem of a config: the key path it is about and the message (which starts with the path). */
export interface ConfigProblem {
  readonly path: string;
  readonly text: string;
}

/**
 * Checks a plain config value against a struct of the schema. Returns one problem per
 * mistake (unknown key with a suggestion, missing required key, wrong type), each
 * naming the key path, the value and what is allowed.
 */
export function checkConfig(schema: ConfigSchema, structFqn: string, value: unknown): ConfigProblem[] {
  return checkStruct({ schema, root: structFqn }, structFqn, value, '');
}

interface CheckContext { readonly schema: ConfigSchema; readonly root: string }

function problem(path: string, text: string): ConfigProblem {
  return { path, text: `${path || 'config'}: ${text}` };
}

function checkStruct(ctx: CheckContext, structFqn: string, value: unknown, path: string): ConfigProblem[] {
  const { schema } = ctx;
  const problems: ConfigProblem[] = [];
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [problem(path, `expected a mapping of keys (${schema.describe({ fqn: structFqn })}), got ${JSON.stringify(value)}`)];
  }
  const props = schema.properties(structFqn);
  const names = props.map(p => p.name);
  for (const key of Object.keys(value)) {
    if (!names.includes(key)) {
      // A near spelling among the siblings first; else the same key elsewhere (mis-indented).
      const suggestion = nearest(key, names);
      const elsewhere = suggestion ? [] : schema.pathsNamed(ctx.root, key, path);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : elsewhere.length > 0 ? `; did you mean ${elsewhere.join(' or ')}?` : '';
      problems.push(problem(at(key), `unknown key${hint} (valid keys: ${names.join(', ')})`));
    }
  }
  for (const p of props) {
    const v = (value as any)[p.name];
    if (v === undefined || v === null) {
      if (!p.optional) { problems.push(problem(at(p.name), `required key is missing (${schema.describe(p.type)}: ${p.docs?.summary ?? ''})`)); }
      continue;
    }
    problems.push(...checkValue(ctx, p.type, v, at(p.name)));
  }
  return problems;
}

function checkValue(ctx: CheckContext, ref: JsiiTypeRef, v: unknown, path: string): ConfigProblem[] {
  const { schema } = ctx;
  const expected = schema.describe(ref);
  const wrong = () => [problem(path, `expected ${expected}, got ${JSON.stringify(v)}`)];
  if (ref.primitive) {
    switch (ref.primitive) {
      case 'string':
        if (typeof v === 'number' || typeof v === 'boolean') {
          // YAML turns unquoted 1.1, 0.10 or yes into numbers and booleans; 0.10 even becomes 0.1.
          return [problem(path, `expected ${expected}, got ${JSON.stringify(v)} (YAML reads that unquoted value as a ${typeof v}: put it in quotes)`)];
        }
        return typeof v === 'string' ? [] : wrong();
      case 'number': return typeof v === 'number' && Number.isFinite(v) ? [] : wrong();
      case 'boolean': return typeof v === 'boolean' ? [] : wrong();
      default: return [];
    }
  }
  if (ref.collection) {
    const el = ref.collection.elementtype;
    if (ref.collection.kind === 'array') {
      return Array.isArray(v) ? v.flatMap((item, i) => checkValue(ctx, el, item, `${path}[${i}]`)) : wrong();
    }
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.entries(v).flatMap(([k, item]) => checkValue(ctx, el, item, `${path}.${k}`))
      : wrong();
  }
  if (ref.union) {
    return ref.union.types.some(t => checkValue(ctx, t, v, path).length === 0) ? [] : wrong();
  }
  if (ref.fqn && schema.isStruct(ref)) {
    return checkStruct(ctx, ref.fqn, v, path);
  }
  const values = ref.fqn ? schema.enumValues(ref.fqn) : undefined;
  if (values && !values.includes(v as string)) {
    return [problem(path, `expected one of ${expected}, got ${JSON.stringify(v)}`)];
  }
  return [];
}
