/**
 * `cdk8s-milvus --help [TOPIC]`, loaded only when help is asked for. Without a topic: the
 * commands, the flags and the config's top-level sections, one screen. `--help KEY`
 * (`mishards.exposure`): every key under KEY, in full; `--help all`: every key. A struct used
 * in several places (`writable` and `readonly` are both MilvusNodeOptions) is printed once per
 * output, later places point to it; Kubernetes structs (tolerations, affinity) list their fields
 * and link the Kubernetes API reference.
 */
import { flagHelp } from './_args';
import { declaredProperties, defaultOf, docText, kubernetesType } from './_docs';
import { COMMANDS, CliIo, FLAGS, usage } from './_run';
import { ConfigSchema, JsiiProperty, JsiiTypeRef, nearest } from './_schema';

const ROOT = 'MilvusClusterChartProps';

export function help(topic: string | undefined, io: CliIo): number {
  const command = topic === undefined ? undefined : COMMANDS[topic];
  if (command) {
    io.stdout(`Usage:\n  cdk8s-milvus ${command.usage}\n      ${command.summary}\n\nFlags:\n${flagHelp(FLAGS.filter(f => command.flags.includes(f.name))).join('\n')}\n`);
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = ConfigSchema.load(undefined, require('../index'));
  const root = schema.fqn(ROOT);
  if (topic === undefined) {
    io.stdout(`${overview(schema, root).join('\n')}\n`);
    return 0;
  }
  if (topic === 'all') {
    io.stdout(`${allKeys(schema).join('\n')}\n`);
    return 0;
  }
  const found = propertyAt(schema, root, topic);
  if (!found) {
    const suggestion = nearest(topic, schema.keyPaths(root)) ?? schema.pathsNamed(root, topic.split('.').pop()!, topic)[0];
    io.stderr(`error: no config key ${JSON.stringify(topic)}${suggestion ? `; did you mean ${suggestion}?` : ''}\n`
      + `The sections: ${declaredProperties(schema, root).map(p => p.name).join(', ')} (cdk8s-milvus --help all prints every key).\n`);
    return 2;
  }
  const [struct, prop] = found;
  const lines = keyLines(schema, struct, prop, '');
  const kube = kubernetesType(schema, prop.type);
  if (kube?.type) {
    // A Kubernetes struct asked for by name: its fields in full, as the API reference has them.
    lines.push(`  Kubernetes ${kube.name} (${kube.url}):`, ...renderKeys(schema, kube.type.fqn, '  ', topic, new Map()));
  } else {
    lines.push(...inner(schema, prop.type, '  ', topic, new Map()));
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** `--help all`: every key of the config, each shared struct once. */
export function allKeys(schema: ConfigSchema): string[] {
  return [`Every config key (YAML or JSON; the same shape as ${ROOT}):`, ...renderKeys(schema, schema.fqn(ROOT), '  ', '', new Map())];
}

/** The first screen: usage, flags, the config's sections with their summaries. */
function overview(schema: ConfigSchema, root: string): string[] {
  const sections = declaredProperties(schema, root);
  const width = Math.max(...sections.map(p => p.name.length)) + 2;
  return [
    'cdk8s-milvus: the Kubernetes manifests of a distributed Milvus 0.10 / 1.1 cluster (Mishards, MySQL, NFS)',
    'from one config file. Start with: cdk8s-milvus init my-cluster.yaml',
    '',
    usage(),
    '',
    'Config sections (cdk8s-milvus --help KEY: every key under KEY; --help all: every key):',
    ...sections.map(p => `  ${p.name.padEnd(width)}${oneLine(`${p.optional ? '' : '(required) '}${p.docs?.summary ?? ''}`)}`),
    '',
    'Several files for one release: -f (later files win), then --set (wins over files); each --config is a release.',
  ];
}

/** A summary cut to fit one line, at a word boundary. */
function oneLine(text: string, width = 88): string {
  if (text.length <= width) { return text; }
  return `${text.slice(0, text.lastIndexOf(' ', width - 4))} ...`;
}

/** A key's line (name, type, required or default) and its documentation. */
function keyLines(schema: ConfigSchema, structFqn: string, p: JsiiProperty, indent: string): string[] {
  const def = defaultOf(schema, structFqn, p);
  const lines = [`${indent}${p.name}: ${typeText(schema, p.type)}${p.optional ? '' : ' (required)'}${def ? ` [default: ${def}]` : ''}`];
  const text = docText(schema, structFqn, p);
  if (text) { lines.push(`${indent}    ${text}`); }
  return lines;
}

/** The type as a config user reads it: `Toleration` (not `cdk8s-plus-28.k8s.Toleration`), enum values quoted. */
export function typeText(schema: ConfigSchema, ref: JsiiTypeRef): string {
  return schema.describe(ref).replace(/cdk8s-plus-28\.k8s\./g, '');
}

/** Every key of a struct, nested structs indented under their key. */
function renderKeys(schema: ConfigSchema, fqn: string, indent: string, path: string, printed: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const p of declaredProperties(schema, fqn)) {
    const at = path ? `${path}.${p.name}` : p.name;
    lines.push(...keyLines(schema, fqn, p, indent), ...inner(schema, p.type, `${indent}  `, at, printed));
  }
  return lines;
}

/** What is inside a key's type: a struct's keys (or a pointer to where they were printed), a Kubernetes struct's fields. */
function inner(schema: ConfigSchema, ref: JsiiTypeRef, indent: string, path: string, printed: Map<string, string>): string[] {
  const el = ref.collection ? ref.collection.elementtype : ref;
  const kube = kubernetesType(schema, ref);
  if (kube) {
    const first = printed.get(el.fqn!);
    if (first) { return [`${indent}(Kubernetes ${kube.name}: the fields of ${first}, above)`]; }
    printed.set(el.fqn!, path);
    const fields = kube.type ? declaredProperties(schema, el.fqn!) : [];
    return [
      `${indent}Kubernetes ${kube.name}${fields.length ? `, fields: ${fields.map(f => f.name).join(', ')}` : ''}`,
      `${indent}(not checked here: the API server checks it; ${kube.url})`,
    ];
  }
  if (!el.fqn || !schema.isStruct(el)) { return []; }
  const first = printed.get(el.fqn);
  if (first) { return [`${indent}(the keys of ${first}: cdk8s-milvus --help ${first})`]; }
  printed.set(el.fqn, path);
  return renderKeys(schema, el.fqn, indent, path, printed);
}

/** The struct and property a dotted key path names (through lists and maps of structs too). */
function propertyAt(schema: ConfigSchema, root: string, path: string): [string, JsiiProperty] | undefined {
  let fqn: string | undefined = root;
  let found: [string, JsiiProperty] | undefined;
  for (const key of path.split('.')) {
    const p: JsiiProperty | undefined = fqn ? declaredProperties(schema, fqn).find(q => q.name === key) : undefined;
    if (!p) { return undefined; }
    found = [fqn!, p];
    const el: JsiiTypeRef = p.type.collection ? p.type.collection.elementtype : p.type;
    fqn = el.fqn && (schema.isStruct(el) || kubernetesType(schema, el)?.type) ? el.fqn : undefined;
  }
  return found;
}
