#!/usr/bin/env node
'use strict';
/*
 * One process synthesizing N distinct releases (issue 7, row 3).
 *
 *   node bench/many-releases.js [factory-module] [N=100] [--out <dir>] [--check]
 *
 * factory-module (default bench/factories/lib.js, resolved from the repo root) exports
 * `createRelease(app, index)` (or a default function with that signature) that adds
 * release number `index` (0-based) to a fresh cdk8s App. Each release gets its own App,
 * distinct name / namespace / options, and its YAML is produced with app.synthYaml();
 * output goes to stdout (the benchmark discards it) or one file per release with --out.
 * A factory can throw { code: 'FACTORY_UNAVAILABLE' } to make the bench skip the row.
 * --check asserts the releases produced N distinct documents and prints timings to stderr.
 */
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
let factoryPath = 'bench/factories/lib.js';
let n = 100;
let out;
let check = false;
const pos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i];
  else if (args[i] === '--check') check = true;
  else pos.push(args[i]);
}
if (pos[0] !== undefined) {
  if (/^\d+$/.test(pos[0])) n = Number(pos[0]);
  else factoryPath = pos[0];
}
if (pos[1] !== undefined) n = Number(pos[1]);

const root = path.resolve(__dirname, '..');
const t0 = process.hrtime.bigint();
let mod;
try {
  mod = require(path.resolve(root, factoryPath));
} catch (e) {
  process.stderr.write(`many-releases: cannot load factory ${factoryPath}: ${e.message}\n`);
  process.exit(2);
}
const createRelease = typeof mod === 'function' ? mod : mod.createRelease || mod.default;
if (typeof createRelease !== 'function') {
  process.stderr.write(`many-releases: ${factoryPath} exports no createRelease(app, index)\n`);
  process.exit(2);
}
const { App } = require('cdk8s');
const t1 = process.hrtime.bigint();
if (out) fs.mkdirSync(out, { recursive: true });
const seen = new Set();
let bytes = 0;
for (let i = 0; i < n; i++) {
  const app = new App({ outdir: out || path.join(require('os').tmpdir(), 'many-releases-unused') });
  try {
    createRelease(app, i);
  } catch (e) {
    if (e && e.code === 'FACTORY_UNAVAILABLE') {
      process.stderr.write(`many-releases: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const yaml = app.synthYaml();
  bytes += yaml.length;
  if (check) seen.add(yaml);
  if (out) fs.writeFileSync(path.join(out, `release-${i}.k8s.yaml`), yaml);
  else fs.writeSync(1, yaml);
}
const t2 = process.hrtime.bigint();
if (check) {
  if (seen.size !== n) {
    process.stderr.write(`many-releases: only ${seen.size} distinct outputs for ${n} releases\n`);
    process.exit(1);
  }
  process.stderr.write(`many-releases: ${n} releases, ${(bytes / 1024).toFixed(0)} KiB YAML, load ${(Number(t1 - t0) / 1e6).toFixed(0)} ms, `
    + `synth ${(Number(t2 - t1) / 1e6).toFixed(0)} ms (${(Number(t2 - t1) / 1e6 / n).toFixed(2)} ms/release), `
    + `maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
}
