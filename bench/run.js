#!/usr/bin/env node
'use strict';
/*
 * Issue 7 benchmark: whole-process wall time and peak RSS, measured side by side.
 *
 *   node bench/run.js [--runs 15] [--warmup 3] [--rss-runs 3] [--markdown]
 *                     [--cli "<command>"] [--factory <module>] [--sizes 25,50,100]
 *                     [--extra "label=<command>"]... [--only 1,2,3,4,x]
 *
 * Rows:
 *   (1)  node -e ''                                   the floor on this machine
 *   (2)  the CLI on examples/seed.yaml                default: node lib/cli/main.js synth --config examples/seed.yaml --stdout
 *   (3)  one process synthesizing N distinct releases node bench/many-releases.js <factory> N   (N = --sizes)
 *   (4a) node -e "require('./lib')"
 *   (4b) node -e "require('cdk8s'); require('cdk8s-plus-28')"
 *   (x)  any --extra commands (experiments)
 *
 * Method: every command runs once first (a failing or missing command is skipped with a
 * message), then --warmup untimed interleaved rounds, then --runs timed rounds; each round
 * runs every command once in a freshly shuffled order, so machine noise hits all rows alike.
 * Wall time = hrtime around child_process.spawnSync (no shell; stdout -> /dev/null).
 * Peak RSS = max over --rss-runs separate runs under `/usr/bin/time -f %M` (kernel ru_maxrss of
 * the child, KiB), kept out of the timed runs so time(1) adds nothing to the wall figures.
 * Without /usr/bin/time, node commands get a preload that reports process.resourceUsage().maxRSS.
 * Ratios are medians divided by the median of (1) in the same run.
 * Commands are split on whitespace; "..." or '...' group words (no other shell syntax).
 * Plain Node, no dependencies. `module.exports` exposes the runner for scripts/perf.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_CLI = 'node lib/cli/main.js synth --config examples/seed.yaml --stdout';
const DEFAULT_FACTORY = 'bench/factories/lib.js';

function splitCommand(cmd) {
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(cmd))) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3]);
  }
  return out;
}

function resolveExe(exe) {
  // `node` means this very node binary, so every row uses the same runtime.
  return exe === 'node' ? process.execPath : exe;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function shuffle(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const HAVE_TIME = fs.existsSync('/usr/bin/time');
const RSS_PRELOAD = path.join(__dirname, '_maxrss-preload.js');

function runOnce(argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(resolveExe(argv[0]), argv.slice(1), {
    cwd: opts.cwd || ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: opts.env || process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, signal: r.signal, error: r.error, stderr: r.stderr ? r.stderr.toString() : '' };
}

/** Peak RSS in KiB of one run of argv, or undefined if it cannot be measured. */
function peakRss(argv, cwd) {
  if (HAVE_TIME) {
    const r = spawnSync('/usr/bin/time', ['-f', '@@maxrss=%M', resolveExe(argv[0]), ...argv.slice(1)], {
      cwd: cwd || ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024,
    });
    const m = /@@maxrss=(\d+)/.exec(r.stderr ? r.stderr.toString() : '');
    return m ? Number(m[1]) : undefined;
  }
  if (argv[0] !== 'node' && !/\/node$/.test(argv[0])) return undefined;
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${RSS_PRELOAD}`.trim() };
  const r = spawnSync(resolveExe(argv[0]), argv.slice(1), {
    cwd: cwd || ROOT, stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 64 * 1024 * 1024,
  });
  const m = /@@maxrss=(\d+)/.exec(r.stderr ? r.stderr.toString() : '');
  return m ? Number(m[1]) : undefined;
}

/** Why argv cannot run, or null: a missing script file is reported before trying it. */
function missingFile(argv, cwd) {
  if (argv[0] !== 'node') {
    if (!argv[0].includes('/')) return null; // found on PATH (or not) at spawn time
    return fs.existsSync(path.resolve(cwd, argv[0])) ? null : `${argv[0]} not found`;
  }
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-e' || a === '-p' || a === '--eval' || a === '--print') return null;
    if (a.startsWith('-')) {
      if (['--snapshot-blob', '-r', '--require', '--import', '--cpu-prof-dir'].includes(a)) {
        i++;
        if (a === '--snapshot-blob') {
          // the blob's deserialize-main function runs; later words are its arguments
          return fs.existsSync(path.resolve(cwd, argv[i])) ? null : `${argv[i]} not found`;
        }
      }
      continue;
    }
    return fs.existsSync(path.resolve(cwd, a)) ? null : `${a} not found`;
  }
  return null;
}

/**
 * rows: [{ id, label, cmd (string) }]. Returns rows with times[], median, min, max, rssKiB,
 * or skipped: reason.
 */
function measure(rows, { runs = 15, warmup = 3, rssRuns = 3, cwd = ROOT, log = (s) => process.stderr.write(s) } = {}) {
  const live = [];
  for (const row of rows) {
    row.argv = splitCommand(row.cmd);
    const missing = missingFile(row.argv, cwd);
    if (missing) {
      row.skipped = missing;
      log(`skip ${row.id} (${row.cmd}): ${missing}\n`);
      continue;
    }
    const r = runOnce(row.argv, { cwd });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}`;
      const lines = r.stderr.trim().split('\n').filter((l) => l.trim() && !/^Node\.js v/.test(l));
      const tail = (lines.find((l) => /(Error|error:|many-releases:)/.test(l)) || lines.slice(-1)[0] || '').trim().slice(0, 200);
      row.skipped = `${why}${tail ? `: ${tail}` : ''}`;
      log(`skip ${row.id} (${row.cmd}): ${row.skipped}\n`);
      continue;
    }
    row.times = [];
    live.push(row);
  }
  for (let w = 0; w < warmup; w++) for (const row of shuffle(live)) runOnce(row.argv, { cwd });
  for (let k = 0; k < runs; k++) {
    for (const row of shuffle(live)) {
      const r = runOnce(row.argv, { cwd });
      if (r.status !== 0) throw new Error(`${row.cmd} failed in round ${k}: ${r.stderr}`);
      row.times.push(r.ms);
    }
    log(`\rround ${k + 1}/${runs}`);
  }
  log('\n');
  for (const row of live) {
    row.median = median(row.times);
    row.min = Math.min(...row.times);
    row.max = Math.max(...row.times);
    const rss = [];
    for (let i = 0; i < rssRuns; i++) {
      const v = peakRss(row.argv, cwd);
      if (v !== undefined) rss.push(v);
    }
    row.rssKiB = rss.length ? Math.max(...rss) : undefined;
  }
  return rows;
}

function fmtMs(x) { return x === undefined ? '–' : `${x.toFixed(1)}`; }
function fmtMiB(kib) { return kib === undefined ? '–' : `${(kib / 1024).toFixed(1)}`; }

function report(rows, { markdown = false, runs, warmup } = {}) {
  const base = rows.find((r) => r.id === '1' && !r.skipped);
  const b = base ? base.median : undefined;
  const lines = [];
  const ratio = (r) => (b && r.median !== undefined ? (r.median / b).toFixed(2) : '–');
  if (markdown) {
    lines.push(`Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}, `
      + `${os.cpus().length} × ${(os.cpus()[0] || {}).model || 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM; `
      + `${runs} interleaved rounds after ${warmup} warm-up rounds; peak RSS = max of ${HAVE_TIME ? '`/usr/bin/time -f %M`' : 'preload maxRSS'} runs.`);
    lines.push('');
    lines.push('| # | Command | Median ms | Min–max ms | × bare node | Peak RSS MiB |');
    lines.push('|---|---|---:|---:|---:|---:|');
    for (const r of rows) {
      if (r.skipped) {
        lines.push(`| ${r.id} | ${r.label}: \`${r.cmd}\` | skipped: ${r.skipped.replace(/\|/g, '/')} | | | |`);
      } else {
        lines.push(`| ${r.id} | ${r.label}: \`${r.cmd}\` | ${fmtMs(r.median)} | ${fmtMs(r.min)}–${fmtMs(r.max)} | ${ratio(r)} | ${fmtMiB(r.rssKiB)} |`);
      }
    }
  } else {
    lines.push(`node ${process.version}, ${os.cpus().length} cpus, runs=${runs} warmup=${warmup}`);
    const w = Math.max(...rows.map((r) => r.label.length));
    for (const r of rows) {
      if (r.skipped) {
        lines.push(`${r.id.padEnd(4)} ${r.label.padEnd(w)}  skipped: ${r.skipped}`);
      } else {
        lines.push(`${r.id.padEnd(4)} ${r.label.padEnd(w)}  median ${fmtMs(r.median).padStart(7)} ms  [${fmtMs(r.min)}–${fmtMs(r.max)}]  `
          + `×${ratio(r).padStart(5)}  rss ${fmtMiB(r.rssKiB).padStart(6)} MiB`);
      }
    }
  }
  // Derived figures.
  const notes = [];
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  const a = byId['4a'];
  const c = byId['4b'];
  if (a && c && !a.skipped && !c.skipped) {
    notes.push(`(4) require('./lib') / require(cdk8s + cdk8s-plus-28) = ${(a.median / c.median).toFixed(2)} (target ≤ 1.2)`);
  }
  const many = rows.filter((r) => r.releases && !r.skipped).sort((x, y) => x.releases - y.releases);
  if (many.length >= 2) {
    const segs = [];
    for (let i = 1; i < many.length; i++) {
      const per = (many[i].median - many[i - 1].median) / (many[i].releases - many[i - 1].releases);
      segs.push(`${many[i - 1].releases}→${many[i].releases}: ${per.toFixed(2)} ms/release`);
    }
    notes.push(`(3) marginal cost ${segs.join(', ')} (linear if these agree)`);
  }
  if (notes.length) {
    lines.push('');
    for (const n of notes) lines.push(markdown ? `- ${n}` : n);
  }
  return lines.join('\n');
}

function parseArgs(argv) {
  const o = { runs: 15, warmup: 3, rssRuns: 3, markdown: false, cli: DEFAULT_CLI, factory: DEFAULT_FACTORY, sizes: [25, 50, 100], extra: [], only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--warmup') o.warmup = Number(next());
    else if (a === '--rss-runs') o.rssRuns = Number(next());
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--cli') o.cli = next();
    else if (a === '--factory') o.factory = next();
    else if (a === '--sizes') o.sizes = next().split(',').map(Number).filter((n) => n > 0);
    else if (a === '--extra') o.extra.push(next());
    else if (a === '--only') o.only = new Set(next().split(','));
    else if (a === '-h' || a === '--help') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const rows = [
    { id: '1', label: 'bare node', cmd: "node -e ''" },
    { id: '2', label: 'CLI synth (fresh process)', cmd: o.cli },
    ...o.sizes.map((n) => ({ id: `3.${n}`, label: `${n} releases, one process`, cmd: `node bench/many-releases.js ${o.factory} ${n}`, releases: n })),
    { id: '4a', label: "require('./lib')", cmd: `node -e "require('./lib')"` },
    { id: '4b', label: 'require cdk8s + cdk8s-plus-28', cmd: `node -e "require('cdk8s'); require('cdk8s-plus-28')"` },
    ...o.extra.map((e, i) => {
      const eq = e.indexOf('=');
      return eq > 0 ? { id: `x${i + 1}`, label: e.slice(0, eq), cmd: e.slice(eq + 1) } : { id: `x${i + 1}`, label: e, cmd: e };
    }),
  ].filter((r) => !o.only || r.id === '1' || o.only.has(r.id) || o.only.has(r.id.split('.')[0]) || (o.only.has('x') && r.id.startsWith('x')));
  measure(rows, { runs: o.runs, warmup: o.warmup, rssRuns: o.rssRuns });
  process.stdout.write(report(rows, o) + '\n');
}

module.exports = { measure, report, median, splitCommand, runOnce, peakRss };
if (require.main === module) main();
