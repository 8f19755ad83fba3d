#!/usr/bin/env node
'use strict';
// Differential check of fast-yaml.js against cdk8s's Yaml.stringify:
//   node scripts/perf/fast-yaml-check.js [iterations=20000] [seed]
// 1. the stand-in release (and 100 distinct releases) must come out byte-identical;
// 2. random JSON-like documents with adversarial strings: whenever the fast path answers,
//    its answer must equal Yaml.stringify's.
const { App, Yaml } = require('cdk8s');
const YAML = require('yaml');
const { stringifyDoc, install } = require('./fast-yaml');
const { createRelease } = require('./standin-factory');

if (require('yaml/package.json').version !== require('cdk8s/node_modules/yaml/package.json').version) {
  throw new Error('yaml copy differs from the one cdk8s bundles');
}
const N = Number(process.argv[2] || 20000);
let seed = Number(process.argv[3] || 12345);
const rnd = () => { // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

// 1. releases
const original = Yaml.stringify;
const expected = [];
for (let i = 0; i < 100; i++) { const app = new App(); createRelease(app, i); expected.push(app.synthYaml()); }
const stats = install(Yaml, YAML);
for (let i = 0; i < 100; i++) {
  const app = new App(); createRelease(app, i);
  if (app.synthYaml() !== expected[i]) throw new Error(`release ${i} differs`);
}
Yaml.stringify = original;
console.log(`releases: 100 identical (fast ${stats.fast}, fallback ${stats.fallback} documents)`);

// 2. random documents
const atoms = ['', ' ', 'a', 'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '-', '?', ':', '#',
  '1', '01', '0o7', '0x1F', '0b101', '1_000', '1e3', '1.5', '.5', '.inf', '-.Inf', '.NaN', '+1', '-1', '10:30', '1:2:3',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', 'a b', 'a: b', 'a:b', 'a #b', 'a#b', 'a:', ' a', 'a ', '- a',
  '-a', '? a', '@x', '`x', '%x', '---', '...', '--- x', 'x---', "it's", 'say "hi"', `"'`, '[a]', '{a}', 'a,b', '*a', '&a',
  '!a', '|', '>', 'é', '\t', 'a\tb', 'line1\nline2', 'line1\nline2\n', 'l1\n\nl2\n', 'l1\nl2\n\n', '\nl1', ' l1\nl2',
  'l1 \nl2', 'l1\n l2\n', 'a: b\nc: d\n', '#x\ny', 'x\n#y\n', '%x\ny', 'x\n---\ny', 'x\u0001', 'milvusdb/milvus:1.1',
  'cluster.local/x', 'app.kubernetes.io/name', 'mysql+pymysql://u:$(P)@h:3306/m?c=utf8', '${X}', 'a=b', '0', '00', '0.0',
  '-0', '1,000', '12Gi', '500m', 'Infinity', 'NaN', 'Y', 'N', 'x'.repeat(1100)];
const nums = [0, 1, -1, 42, 19530, 2 ** 31, 1.5, -0, 1e21, NaN, Infinity, 0.1, Number.MAX_SAFE_INTEGER];
function value(depth) {
  const r = rnd();
  if (depth > 3 || r < 0.45) {
    const s = rnd();
    if (s < 0.6) return rnd() < 0.3 ? pick(atoms) + pick(atoms) : pick(atoms);
    if (s < 0.75) return pick(nums);
    if (s < 0.85) return rnd() < 0.5;
    return null;
  }
  if (r < 0.7) {
    const o = {};
    const n = Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) o[rnd() < 0.7 ? pick(['name', 'image', 'spec', 'a b', 'x:y', ...atoms.slice(0, 40)]) : pick(atoms)] = value(depth + 1);
    return o;
  }
  return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
}
let answered = 0;
for (let i = 0; i < N; i++) {
  const doc = {};
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) doc[pick(['apiVersion', 'kind', 'metadata', 'data', 'spec', ...atoms.slice(0, 60)])] = value(0);
  const fast = stringifyDoc(doc, YAML);
  if (fast === undefined) continue;
  answered++;
  const ref = Yaml.stringify(doc);
  if (fast !== ref) {
    console.error(JSON.stringify(doc));
    console.error(`--- fast\n${fast}--- yaml\n${ref}`);
    process.exit(1);
  }
}
console.log(`random: ${N} documents, fast path answered ${answered}, all identical`);
