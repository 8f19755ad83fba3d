/**
 * The YAML written for `kubectl apply` means exactly the synthesized objects: shell and
 * Python scripts in init containers survive the emitter's line folding, quoting keeps
 * strings such as "true" and "0755" strings, and nothing is lost between documents.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { MilvusClusterChart } from '../../src';
import { synth, toYaml } from '../support';

function seedObjects() {
  const config = parse(readFileSync(join(__dirname, '..', '..', 'examples', 'seed.yaml'), 'utf8'));
  return synth(new MilvusClusterChart(new App(), 'seed', config));
}

test('the seed cluster round-trips through its YAML unchanged', () => {
  const objects = seedObjects();
  const yaml = toYaml(objects);
  const parsed = parseAllDocuments(yaml).map(d => d.toJS());
  expect(parsed).toEqual(objects);
});

test('multi-line scripts keep their exact text', () => {
  const objects = seedObjects();
  const scripts = objects.flatMap(o => [...(o.spec?.template?.spec?.initContainers ?? []), ...(o.spec?.template?.spec?.containers ?? [])])
    .flatMap((c: any) => [...(c.command ?? []), ...(c.args ?? [])])
    .filter((s: string) => s.includes('\n'));
  expect(scripts.length).toBeGreaterThan(3);
  const reparsed = parseAllDocuments(toYaml(objects)).map(d => d.toJS());
  const reparsedScripts = reparsed.flatMap(o => [...(o.spec?.template?.spec?.initContainers ?? []), ...(o.spec?.template?.spec?.containers ?? [])])
    .flatMap((c: any) => [...(c.command ?? []), ...(c.args ?? [])])
    .filter((s: string) => s.includes('\n'));
  expect(reparsedScripts).toEqual(scripts);
});
