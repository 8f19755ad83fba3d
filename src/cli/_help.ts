/** `cdk8s-milvus --help [KEY]`: loaded only when help is asked for. */
import { CliIo, usage } from './_run';
import { ConfigSchema } from './_schema';

export function help(_topic: string | undefined, io: CliIo): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = ConfigSchema.load(undefined, require('../index'));
  io.stdout(`${usage()}\n\nConfig file keys (YAML or JSON; the same shape as MilvusClusterChartProps):\n${renderHelp(schema, schema.fqn('MilvusClusterChartProps')).join('\n')}\n`);
  return 0;
}

/** `--help` text for a struct: one line per key, nested structs indented, with docs and defaults. */
export function renderHelp(schema: ConfigSchema, structFqn: string, indent = '  ', seen: string[] = []): string[] {
  const lines: string[] = [];
  for (const p of schema.properties(structFqn)) {
    const required = p.optional ? '' : ' (required)';
    const def = p.docs?.default ? ` [default: ${defaultText(schema, p.docs.default)}]` : '';
    lines.push(`${indent}${p.name}: ${schema.describe(p.type)}${required}${def}`);
    const text = [p.docs?.summary, p.docs?.remarks].filter(Boolean).join(' ').replace(/\s+/g, ' ');
    if (text) { lines.push(`${indent}    ${text}`); }
    const inner = p.type.collection ? p.type.collection.elementtype : p.type;
    if (inner.fqn && schema.isStruct(inner) && !seen.includes(inner.fqn)) {
      lines.push(...renderHelp(schema, inner.fqn, `${indent}  `, [...seen, inner.fqn]));
    }
  }
  return lines;
}

/** `@default` text for a config file: enum constants (`NfsReclaimPolicy.RETAIN`) shown as their values. */
function defaultText(schema: ConfigSchema, text: string): string {
  return text.replace(/^- /, '').replace(/\b([A-Z][A-Za-z0-9]+)\.([A-Z][A-Z0-9_]+)\b/g, (whole, enumName, member) => {
    const values = schema.enumValues(schema.fqn(enumName));
    const members = values && (schema.type(schema.fqn(enumName)).members ?? []).map(m => m.name);
    const i = members ? members.indexOf(member) : -1;
    return values && i >= 0 ? JSON.stringify(values[i]) : whole;
  });
}
