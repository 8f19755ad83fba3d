/**
 * The CLI's YAML fast path (src/cli/_fast-yaml.ts) against cdk8s's `Yaml.stringify`, byte for
 * byte: on every golden scenario's objects, on the charts of the cluster fixtures and examples,
 * and on random manifest-like documents full of strings YAML 1.1 would read as something else
 * (differential property test, seeded and time-bounded). Whenever the fast path answers, its
 * answer must be exactly yaml's; where it is not certain it must hand the document to yaml.
 * The same fast path prints the Milvus server config (src/milvus/_server-config.ts): checked
 * against the file every golden scenario holds and against its yaml `Document` on random models.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { fastStringifyDocument, stringifyManifests } from '../../src/cli/_fast-yaml';
import { emitWithYaml, fastEmit, ServerConfigModel } from '../../src/milvus/_server-config';
import { ALL_OPTIONS, ALTERNATIVES, EXAMPLE_CONFIGS, loadExample, MINIMAL, PASSWORDS, synthConfig } from '../cluster/_fixtures';

const GOLDEN_DIR = join(__dirname, '..', 'golden');

function goldenFiles(dir = GOLDEN_DIR): string[] {
  return readdirSync(dir).flatMap(f => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? goldenFiles(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

/** Asserts byte equality with Yaml.stringify; returns how many documents the fast path answered. */
function expectSameAsYaml(docs: unknown[]): number {
  expect(stringifyManifests(docs)).toBe(Yaml.stringify(...docs));
  let answered = 0;
  for (const d of docs) {
    const fast = fastStringifyDocument(d);
    if (fast !== undefined) {
      expect(fast).toBe(Yaml.stringify(d));
      answered++;
    }
  }
  return answered;
}

describe('golden scenarios', () => {
  const files = goldenFiles();

  test('there are golden files', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  test.each(files.map(f => [f.slice(GOLDEN_DIR.length + 1), f]))('%s: the objects read back print identically, nearly all on the fast path', (_, file) => {
    const text = readFileSync(file, 'utf8');
    // Read back with the schema cdk8s writes with, so the objects are the ones the golden was printed from.
    const docs = parseAllDocuments(text, { version: '1.1' }).map(d => d.toJS());
    expect(Yaml.stringify(...docs)).toBe(text);
    const answered = expectSameAsYaml(docs);
    expect(answered).toBeGreaterThanOrEqual(docs.length * 0.9);
  });
});

test.each<[string, any]>([
  ['MINIMAL', MINIMAL],
  ['ALL_OPTIONS', ALL_OPTIONS],
  ['ALTERNATIVES', ALTERNATIVES],
  ['PASSWORDS', PASSWORDS],
  ...EXAMPLE_CONFIGS.map((f): [string, any] => [`examples/${f}`, loadExample(f)]),
])('chart of %s: identical to Yaml.stringify', (_, config: any) => {
  const docs = synthConfig(config);
  expect(expectSameAsYaml(docs)).toBeGreaterThanOrEqual(docs.length * 0.9);
});

// ---- random manifest-like documents -------------------------------------------------

/** Strings that YAML 1.1 reads as booleans, numbers, null, dates, merge keys, documents markers, … */
const ATOMS = ['', ' ', 'a', 'yes', 'No', 'ON', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'null', 'Null', 'NULL', '~', '-', '?', ':', '#',
  '1', '01', '0o7', '0x1F', '0b101', '1_000', '1e3', '1.5', '.5', '.inf', '-.Inf', '.NaN', '+1', '-1', '10:30', '1:2:3', '190:20:30',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', 'a b', 'a: b', 'a:b', 'a #b', 'a#b', 'a:', ' a', 'a ', '- a',
  '-a', '? a', '@x', '`x', '%x', '---', '...', '--- x', 'x---', "it's", 'say "hi"', '"\'', '[a]', '{a}', 'a,b', '*a', '&a',
  '!a', '|', '>', 'é', '\t', 'a\tb', 'line1\nline2', 'line1\nline2\n', 'l1\n\nl2\n', 'l1\nl2\n\n', '\nl1', ' l1\nl2',
  'l1 \nl2', 'l1\n l2\n', 'a: b\nc: d\n', '#x\ny', 'x\n#y\n', '%x\ny', 'x\n---\ny', 'x\u0001', 'milvusdb/milvus:1.1.1-cpu-d050721-5e559c',
  'cluster.local/x', 'app.kubernetes.io/name', 'mysql+pymysql://u:$(P)@h:3306/m?c=utf8', '${X}', 'a=b', '0', '00', '0.0',
  '-0', '1,000', '12Gi', '500m', 'Infinity', 'NaN', '0755', '1__0', '_1', '1_', '+.5', '1.', '6.8523015e+5', '685_230.15',
  '-.inf', '.Inf', 'x'.repeat(1001), '#!/bin/sh\nset -e\nexec milvus\n', 'key: |\n  x\n'];
const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'data', 'image', 'ports',
  'containerPort', 'app.kubernetes.io/name', 'server_config.yaml', 'a b', 'x:y'];

const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ATOMS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...ATOMS)).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.array(fc.stringMatching(/^[a-z0-9 :#=\-."']{0,10}$/), { maxLength: 4 }).map(lines => lines.join('\n')) },
);
/** Values yaml prints in ways the fast path leaves to it: kept rare so whole documents often stay on the fast path. */
const rare = fc.oneof(
  fc.constantFrom(-0, 2 ** 53, 1e21, 0.1, 1.5, NaN, Infinity, -Infinity, undefined),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const scalar = fc.oneof(
  { weight: 12, arbitrary: text },
  { weight: 3, arbitrary: fc.integer({ min: -100000, max: 100000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: rare },
);
const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KEYS) }, { weight: 2, arbitrary: text });

const { value } = fc.letrec(tie => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  list: fc.array(tie('value'), { maxLength: 3 }),
}));
const documentArb = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });

test('random manifest-like documents: whenever the fast path answers it is Yaml.stringify, byte for byte', () => {
  let answered = 0;
  let total = 0;
  fc.assert(
    fc.property(fc.array(documentArb, { minLength: 1, maxLength: 3 }), docs => {
      total += docs.length;
      answered += expectSameAsYaml(docs);
    }),
    // Bounded to ~2 s in the suite; FAST_YAML_SECONDS / FAST_YAML_SEED give longer soak runs.
    {
      seed: Number(process.env.FAST_YAML_SEED ?? 0x7a3d1),
      numRuns: 10_000_000,
      interruptAfterTimeLimit: 1000 * Number(process.env.FAST_YAML_SECONDS ?? 2),
      markInterruptAsFailure: false,
    },
  );
  if (process.env.FAST_YAML_STATS) { process.stderr.write(`fast-yaml: ${answered} of ${total} random documents on the fast path\n`); }
  // Both branches were exercised: the fast path answered some documents and handed others to yaml.
  expect(answered).toBeGreaterThan(total * 0.1);
  expect(answered).toBeLessThan(total);
});

test('documents the fast path leaves to yaml', () => {
  for (const doc of [{ a: 1.5 }, { a: -0 }, { a: 'é' }, { '<<': 'x' }, { a: '---' }, { a: [[1]] }, { a: undefined }, { a: new Date(0) }, {}]) {
    expect(fastStringifyDocument(doc)).toBeUndefined();
    expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
  }
  expect(stringifyManifests([undefined, { a: 'yes' }])).toBe(Yaml.stringify(undefined, { a: 'yes' }));
});

// ---- the Milvus server config ---------------------------------------------------------

describe('Milvus server config', () => {
  const templates = goldenFiles()
    .flatMap(f => parseAllDocuments(readFileSync(f, 'utf8'), { version: '1.1' }).map(d => d.toJS()))
    .filter(d => d?.kind === 'ConfigMap' && typeof d.data?.['server_config.yaml'] === 'string')
    .map(d => d.data['server_config.yaml'] as string);

  test('every golden scenario\'s server config is printed by the fast path, byte for byte', () => {
    expect(templates.length).toBeGreaterThan(10);
    for (const template of templates) {
      // The model the file was printed from: its sections and keys in order (yaml-cpp reads it with YAML 1.1).
      const { version, ...sections } = parseAllDocuments(template, { version: '1.1' })[0].toJS();
      const model: ServerConfigModel = Object.entries(sections as Record<string, any>).map(([s, keys]) => [s, Object.entries(keys)]);
      expect(emitWithYaml(String(version), model)).toBe(template);
      expect(fastEmit(String(version), model)).toBe(template);
    }
  });

  const section = fc.tuple(key, fc.array(fc.tuple(key, value), { maxLength: 5 }));
  test('random models: whenever the fast path answers it is the yaml Document, byte for byte', () => {
    let answered = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.constantFrom('0.5', '1', '0.10'), fc.array(section, { maxLength: 4 }), (version, model) => {
        total++;
        const fast = fastEmit(version, model as ServerConfigModel);
        if (fast !== undefined) {
          answered++;
          expect(fast).toBe(emitWithYaml(version, model as ServerConfigModel));
        }
      }),
      {
        seed: Number(process.env.FAST_YAML_SEED ?? 0x5e7c0),
        numRuns: 10_000_000,
        interruptAfterTimeLimit: 1000 * Number(process.env.FAST_YAML_SECONDS ?? 2),
        markInterruptAsFailure: false,
      },
    );
    expect(answered).toBeGreaterThan(total * 0.1);
    expect(answered).toBeLessThan(total);
  });

  test('values the fast path leaves to yaml', () => {
    for (const v of [[null], -0, 1e21, 'é', [[1]], undefined]) {
      expect(fastEmit('0.5', [['s', [['k', v as any]]]])).toBeUndefined();
    }
  });
});
