/**
 * `cdk8s-milvus init [FILE] [--force]`: a starter config in the manner of a Helm chart's
 * `values.yaml`, generated from the config schema (as `--help` is, so the two cannot drift): every
 * key with its documentation and default, in the order the props declare them (namespace,
 * release, version, storage, metastore, nodes, Mishards, policies). Only what a cluster needs is
 * active (namespace, release name, an NFS export: `STARTER`); every other key is commented out
 * and takes its default. Unchanged, the file synthesizes the tutorial's cluster.
 */
import { randomBytes } from 'crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'fs';
import { stringify } from 'yaml';
import { UsageError } from './_args';
import { declaredProperties, defaultOf, docText, kubernetesType } from './_docs';
import { CliIo, CommandArgs } from './_run';
import { ConfigSchema, JsiiProperty, JsiiTypeRef } from './_schema';

/**
 * The starter's active values: each required key of the sections a cluster needs, and the NFS
 * storage of the tutorial (`storage` needs `nfs` or `storageClassName`). Edit them for your cluster.
 */
export const STARTER: Record<string, string> = {
  'namespace': 'milvus',
  'releaseName': 'my-release',
  'storage.nfs.server': '192.168.1.31',
  'storage.nfs.path': '/nfs',
};

/** Sections written active although optional: the path to a starter value goes through them. */
const activeSections = (path: string) => Object.keys(STARTER).some(k => k.startsWith(`${path}.`));

const WIDTH = 100;

export function init(args: CommandArgs, io: CliIo): number {
  if (args.positionals.length > 1) { throw new UsageError(`init writes one file; got ${args.positionals.join(' ')}`); }
  const [file] = args.positionals;
  const force = args.flags.some(f => f.name === '--force');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const text = starterConfig(ConfigSchema.load(undefined, require('../index')), require('../../package.json').version);
  if (file === undefined || file === '-') {
    io.stdout(text);
    return 0;
  }
  if (existsSync(file) && !force) {
    io.stderr(`error: ${file} exists; init does not overwrite it (--force does)\n`);
    return 2;
  }
  const temp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    renameSync(temp, file);
  } catch (e: any) {
    rmSync(temp, { force: true });
    io.stderr(`error: cannot write ${file}: ${e?.message ?? e}\n`);
    return 1;
  }
  io.stdout(`wrote ${file}\nEdit it (the active keys at least), then: cdk8s-milvus synth --config ${file}\n`);
  return 0;
}

/** The whole starter file. */
export function starterConfig(schema: ConfigSchema, version: string): string {
  const root = schema.fqn('MilvusClusterChartProps');
  const lines = [
    `# cdk8s-milvus ${version}: a starter config for a Milvus cluster (Mishards, MySQL, shared NFS storage).`,
    '# Every key is listed with its documentation; the keys that are commented out take the default shown.',
    '# Uncomment and edit what you need; the active keys (namespace, releaseName, the NFS export) are the',
    '# least a cluster needs. Then:  cdk8s-milvus synth --config <this file>',
    '# Every key: cdk8s-milvus --help KEY (e.g. --help mishards.exposure). Overrides: -f FILE, --set KEY=VALUE.',
  ];
  lines.push(...structLines(schema, root, '', '', true, []));
  return `${lines.join('\n')}\n`;
}

function structLines(schema: ConfigSchema, fqn: string, path: string, indent: string, active: boolean, seen: string[]): string[] {
  const lines: string[] = [];
  for (const p of declaredProperties(schema, fqn)) {
    const at = path ? `${path}.${p.name}` : p.name;
    const isSection = !!p.type.fqn && schema.isStruct(p.type) && !seen.includes(p.type.fqn);
    if (indent === '') { lines.push(''); }
    lines.push(...comment(indent, docText(schema, fqn, p), p.optional ? undefined : '(required)'));
    const on = active && (STARTER[at] !== undefined || (isSection && (!p.optional || activeSections(at))));
    const mark = on ? '' : '# ';
    if (isSection) {
      lines.push(`${indent}${mark}${p.name}:${on ? '' : notes(schema, fqn, p)}`);
      lines.push(...structLines(schema, p.type.fqn!, at, `${indent}  `, on, [...seen, p.type.fqn!]));
    } else if (STARTER[at] !== undefined && active) {
      lines.push(`${indent}${p.name}: ${yamlValue(STARTER[at])}`);
    } else {
      const literal = literalDefault(schema, fqn, p);
      lines.push(`${indent}${mark}${p.name}:${literal !== undefined ? ` ${yamlValue(literal)}` : `${emptyValue(schema, p.type)}${notes(schema, fqn, p)}`}`);
    }
  }
  return lines;
}

const LOOKS_LIKE_KEY = /^[A-Za-z][A-Za-z0-9]*:/;

/** Documentation as comment lines, wrapped. */
function comment(indent: string, text: string, suffix?: string): string[] {
  const words = [text, suffix].filter(Boolean).join(' ').split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + 2 + line.length + 1 + w.length > WIDTH) {
      // A comment line starting with `word:` would read as a commented-out key: carry the previous word down.
      const cut = LOOKS_LIKE_KEY.test(w) ? line.lastIndexOf(' ') : -1;
      lines.push(cut > 0 ? line.slice(0, cut) : line);
      line = cut > 0 ? `${line.slice(cut + 1)} ${w}` : w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) { lines.push(line); }
  return lines.map(l => `${indent}# ${l}`);
}

/** A trailing comment: the default in words, and a Kubernetes struct's API reference. */
function notes(schema: ConfigSchema, fqn: string, p: JsiiProperty): string {
  const def = defaultOf(schema, fqn, p);
  const kube = kubernetesType(schema, p.type);
  const parts = [def && `default: ${def}`, kube && `Kubernetes ${kube.name}: ${kube.url}`].filter(Boolean);
  return parts.length ? `   # ${parts.join('; ')}` : '';
}

/** What a commented-out key without a literal default shows: an empty list or map, else nothing (null: unset). */
function emptyValue(schema: ConfigSchema, ref: JsiiTypeRef): string {
  if (ref.collection) { return ref.collection.kind === 'array' ? ' []' : ' {}'; }
  return ref.fqn && schema.enumValues(ref.fqn) === undefined ? ' {}' : '';
}

/**
 * A `@default` that is a value (`'0.10.0'`, `19530`, `true`, `[443, 6443]`, an enum's `"Retain"`)
 * of the key's type, as a config value; undefined when the default is described in words.
 */
export function literalDefault(schema: ConfigSchema, fqn: string, p: JsiiProperty): unknown {
  const text = defaultOf(schema, fqn, p);
  if (text === undefined || !/^(['"[]|-?\d|true$|false$)/.test(text)) { return undefined; }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/'([^'"]*)'/g, '"$1"'));
  } catch {
    return undefined;
  }
  return fits(schema, p.type, value) ? value : undefined;
}

function fits(schema: ConfigSchema, ref: JsiiTypeRef, value: unknown): boolean {
  if (ref.primitive) { return ref.primitive === 'any' || typeof value === ref.primitive; }
  if (ref.collection?.kind === 'array') { return Array.isArray(value) && value.every(v => fits(schema, ref.collection!.elementtype, v)); }
  const values = ref.fqn ? schema.enumValues(ref.fqn) : undefined;
  return !!values && values.includes(value as string);
}

function yamlValue(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', version: '1.2' }).trim();
}
