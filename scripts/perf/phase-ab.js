#!/usr/bin/env node
'use strict';
// Interleaved A/B of the stand-in CLI's in-process phases (PERF_PHASES=1 output), medians.
//   node scripts/perf/phase-ab.js <runs> "<label>=<node args...>" ...
const { spawnSync } = require('child_process');
const { median, splitCommand } = require('../../bench/run.js');

const runs = Number(process.argv[2]);
const variants = process.argv.slice(3).map((v) => {
  const i = v.indexOf('=');
  return { label: v.slice(0, i), argv: splitCommand(v.slice(i + 1)), phases: {} };
});
for (let k = 0; k < runs; k++) {
  for (const v of variants) {
    const r = spawnSync(process.execPath, v.argv, { env: { ...process.env, PERF_PHASES: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const line = r.stderr.toString().trim().split('\n').pop();
    for (const m of line.matchAll(/(\w+) ([\d.]+)/g)) (v.phases[m[1]] = v.phases[m[1]] || []).push(Number(m[2]));
  }
}
for (const v of variants) {
  console.log(`${v.label.padEnd(24)} ${Object.entries(v.phases).map(([k, xs]) => `${k} ${median(xs).toFixed(1)}`).join('  ')}`);
}
