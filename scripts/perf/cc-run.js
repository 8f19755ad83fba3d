#!/usr/bin/env node
'use strict';
/*
 * Experiment (c): run the minified bundle out/cli.main.js through vm.Script with V8 code
 * cache (out/cli.main.js.cache). The cache is written after the first run (so it also holds
 * the functions main() compiled lazily) and rejected automatically by V8 if the bundle or
 * the node binary changes (script.cachedDataRejected); it is then rewritten.
 *   node scripts/perf/cc-run.js synth --config ... --stdout
 */
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

const file = path.join(__dirname, 'out', 'cli.main.js');
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(path.dirname(file));
const req = (id) => mod.require(id);
script.runInThisContext()(mod.exports, req, mod, file, path.dirname(file));
if (cachedData === undefined || script.cachedDataRejected) {
  try {
    const tmp = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch {
    // a read-only install just runs without the cache
  }
}
