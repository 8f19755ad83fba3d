#!/usr/bin/env node
'use strict';
// Summarize a V8 .cpuprofile: self time per file (package) and top functions.
//   node scripts/perf/profile-summary.js <file.cpuprofile> [topN]
const fs = require('fs');
const prof = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] || 15);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dts = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  self.set(id, (self.get(id) || 0) + (dts[i] || 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFile = new Map();
const byFn = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  let file = cf.url || `(${cf.functionName || 'program'})`;
  file = file.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm/').replace(process.cwd() + '/', '');
  byFile.set(file, (byFile.get(file) || 0) + us);
  const fn = `${cf.functionName || '(anon)'} ${file}:${cf.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) || 0) + us);
}
const pr = (m, title) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`total sampled ${(total / 1000).toFixed(1)} ms`);
pr(byFile, 'self time by file');
pr(byFn, 'self time by function');
