#!/usr/bin/env node
'use strict';
// Stand-in for `cdk8s-milvus synth --config <file> --out <dir>|--stdout` (lib/cli/main.js).
// Reads a YAML config (through cdk8s's bundled YAML parser, as the real CLI may),
// builds one chart of ~30 L1 objects, and writes multi-document YAML.
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const { App, Yaml } = require('cdk8s');
const { addRelease } = require('./standin-release');

function main(argv) {
  // PERF_PHASES=1 prints where the time goes (ms since process start) to stderr.
  const phases = process.env.PERF_PHASES === '1' ? [['main', performance.now()]] : undefined;
  const args = argv.slice(2);
  if (args[0] === 'noop') return; // measures start-up + tear-down alone
  if (args[0] === 'noop-exit') process.exit(0);
  if (args[0] !== 'synth') throw new Error('usage: synth --config <file> (--out <dir> | --stdout)');
  let config, out, stdout = false, fastYaml = false;
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--config') config = args[++i];
    else if (args[i] === '--out') out = args[++i];
    else if (args[i] === '--stdout') stdout = true;
    else if (args[i] === '--fast-yaml') fastYaml = true; // experiment (d2): scripts/perf/fast-yaml.js
  }
  // STANDIN_CONFIG_LOADER=cdk8s uses cdk8s's Yaml.load, which spawns a whole child node
  // process (execFileSync of _loadurl.mjs) even for a local file; the default reads the
  // file and parses it in-process with the same YAML 1.1 options.
  let cfg = {};
  if (config) {
    if (process.env.STANDIN_CONFIG_LOADER === 'cdk8s') {
      cfg = Yaml.load(path.resolve(config))[0] || {};
    } else {
      cfg = require('yaml').parse(fs.readFileSync(config, 'utf8'), { version: '1.1' }) || {};
    }
  }
  if (fastYaml) require('./fast-yaml').install(Yaml, require('yaml'));
  if (phases) phases.push(['config', performance.now()]);
  const app = new App({ outdir: out || 'dist' });
  addRelease(app, { name: cfg.name || 'my-release', namespace: cfg.namespace || 'milvus', ...cfg });
  if (phases) phases.push(['build', performance.now()]);
  const yaml = app.synthYaml();
  if (phases) phases.push(['synthYaml', performance.now()]);
  if (stdout || !out) {
    fs.writeSync(1, yaml);
  } else {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'milvus.k8s.yaml'), yaml);
  }
  if (phases) {
    phases.push(['write', performance.now()]);
    process.stderr.write(`${phases.map(([k, t], i) => `${k} ${(i ? t - phases[i - 1][1] : t).toFixed(1)}`).join('  ')}\n`);
  }
}

module.exports = { main };
if (require.main === module) main(process.argv);
