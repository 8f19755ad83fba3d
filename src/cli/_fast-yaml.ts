/**
 * The CLI's manifests through the verified YAML fast path (src/common/_fast-yaml.ts): cdk8s's
 * `Yaml.stringify(doc)` (yaml 2.x with `{ keepUndefined: true, lineWidth: 0, version: '1.1' }`)
 * is correct but was about half of the CLI's run time. Each document the fast path is not
 * certain about is printed by `Yaml.stringify`. Internal to the CLI (the library's manifests are
 * not routed through it).
 */
import { Yaml } from 'cdk8s';
import { FastYamlStyle, fastYamlLines } from '../common/_fast-yaml';

/** What `Yaml.stringify` prints differently from yaml's defaults: nothing here (floats are left to it). */
const CDK8S_STYLE: FastYamlStyle = { nullStr: 'null', decimals: false };

/** The YAML text of one document exactly as `Yaml.stringify(doc)` prints it, or undefined when not certain. */
export function fastStringifyDocument(doc: unknown): string | undefined {
  const lines = fastYamlLines(doc, '', CDK8S_STYLE);
  return lines && `${lines.join('\n')}\n`;
}

/** `Yaml.stringify(...docs)`, byte for byte: the fast path per document, cdk8s's emitter where it is not certain. */
export function stringifyManifests(docs: readonly unknown[]): string {
  return docs.map(d => (d === undefined ? undefined : fastStringifyDocument(d)) ?? Yaml.stringify(d)).join('---\n');
}
