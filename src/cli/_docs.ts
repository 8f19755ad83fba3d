/**
 * The documentation of config keys as a config user reads it, for `--help` and `init`: keys in
 * the order they are declared (the architecture's order: namespace, release, version, storage,
 * metastore, nodes, Mishards, policies), doc comments and defaults in config spelling (`Retain`,
 * not `RETAIN` or `NfsReclaimPolicy.RETAIN`), and Kubernetes structs named with a link to the
 * Kubernetes API reference.
 */
import { ConfigSchema, JsiiProperty, JsiiType, JsiiTypeRef } from './_schema';

/** The Kubernetes API reference of the release cdk8s-plus-28 generates its structs from. */
const K8S_API_REFERENCE = 'https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.28/';

/**
 * A struct's keys in declaration order: its own, then those of the structs it extends (so
 * `mysql`'s credentials come before the scheduling fields every workload shares).
 */
export function declaredProperties(schema: ConfigSchema, fqn: string): JsiiProperty[] {
  const t = schema.type(fqn);
  const byLine = (a: JsiiProperty, b: JsiiProperty) => line(a) - line(b);
  const own = [...t.properties ?? []].sort(byLine);
  const inherited = (t.interfaces ?? []).flatMap(i => declaredProperties(schema, i)).filter(p => !own.some(o => o.name === p.name));
  return [...own, ...inherited];
}

function line(p: JsiiProperty): number {
  return (p as { locationInModule?: { line?: number } }).locationInModule?.line ?? 0;
}

/** A key's summary and remarks as one paragraph, enum members in config spelling. */
export function docText(schema: ConfigSchema, structFqn: string, p: JsiiProperty): string {
  const text = [p.docs?.summary, p.docs?.remarks].filter(Boolean).join(' ').replace(/\s+/g, ' ');
  return configSpelling(schema, structFqn, p, text);
}

/** A key's `@default`, enum constants shown as their values; undefined when it has none. */
export function defaultOf(schema: ConfigSchema, structFqn: string, p: JsiiProperty): string | undefined {
  const text = p.docs?.default?.replace(/^- /, '');
  return text === undefined ? undefined : configSpelling(schema, structFqn, p, text);
}

/**
 * `NfsReclaimPolicy.RETAIN` → `"Retain"` anywhere; inside `code spans`, a bare member name
 * (`RETAIN`, `onDelete: DELETE`) of an enum that a key of this struct has → its value. A
 * `key: MEMBER` span takes the member of that key's enum.
 */
function configSpelling(schema: ConfigSchema, structFqn: string, p: JsiiProperty, text: string): string {
  const qualified = text.replace(/\b([A-Z][A-Za-z0-9]+)\.([A-Z][A-Z0-9_]+)\b/g, (whole, enumName, member) => {
    const value = enumValue(schema, schema.fqn(enumName), member);
    return value === undefined ? whole : JSON.stringify(value);
  });
  const siblings = schema.isStruct({ fqn: structFqn }) ? schema.properties(structFqn) : [];
  const enums = [p, ...siblings].map(s => s.type.fqn).filter((f): f is string => !!f && schema.enumValues(f) !== undefined);
  return qualified.replace(/`([^`]+)`/g, (_span, code: string) => `\`${code.replace(/\b(?:([a-z][A-Za-z0-9]*): )?([A-Z][A-Z0-9_]+)\b/g, (whole, key, member) => {
    const keyEnum = key && siblings.find(s => s.name === key)?.type.fqn;
    for (const e of keyEnum ? [keyEnum] : enums) {
      const value = enumValue(schema, e, member);
      if (value !== undefined) { return key ? `${key}: ${value}` : value; }
    }
    return whole;
  })}\``);
}

function enumValue(schema: ConfigSchema, fqn: string, member: string): string | undefined {
  const values = schema.enumValues(fqn);
  if (!values) { return undefined; }
  const i = (schema.type(fqn).members ?? []).findIndex(m => m.name === member);
  return i >= 0 ? values[i] : undefined;
}

/** A Kubernetes struct of cdk8s-plus-28 (`Toleration`, `Affinity`): not checked by the CLI, documented by the API reference. */
export function kubernetesType(schema: ConfigSchema, ref: JsiiTypeRef): { name: string; url: string; type?: JsiiType } | undefined {
  const inner = ref.collection ? ref.collection.elementtype : ref;
  if (!inner.fqn || !inner.fqn.startsWith('cdk8s-plus-28.k8s.')) { return undefined; }
  const type = schema.foreignType(inner.fqn);
  return { name: inner.fqn.slice('cdk8s-plus-28.k8s.'.length), url: apiReference(inner.fqn, type), type };
}

/** `io.k8s.api.core.v1.Toleration` → `…/v1.28/#toleration-v1-core` (the reference's anchors). */
function apiReference(fqn: string, type: JsiiType | undefined): string {
  const schemaName = (type?.docs as { custom?: { schema?: string } } | undefined)?.custom?.schema;
  const m = schemaName ? /^io\.k8s\.(?:api\.([a-z0-9]+)|apimachinery\.pkg\.apis\.([a-z0-9]+))\.(v[0-9a-z]+)\.([A-Za-z0-9]+)$/.exec(schemaName) : null;
  if (!m) { return `${K8S_API_REFERENCE} (${fqn.split('.').pop()})`; }
  const [, group, machineryGroup, version, kind] = m;
  return `${K8S_API_REFERENCE}#${kind.toLowerCase()}-${version}-${group ?? machineryGroup}`;
}
