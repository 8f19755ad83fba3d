#!/usr/bin/env node
'use strict';
/*
 * Issue 7 benchmark: whole-process wall time and peak RSS, measured side by side.
 *
 *   node bench/run.js [--runs 15] [--warmup 3] [--rss-runs 3] [--markdown]
 *                     [--cli "<command>"] [--factory <module>] [--sizes 25,50,100]
 *                     [--means] [--extra "label=<command>"]... [--only 1,2,3,4,x]
 *   (`npm run bench -- <args>` compiles and bundles first)
 *
 * Rows:
 *   (1)  node -e ''                                   the floor on this machine
 *   (2)  the CLI on examples/seed.yaml                default: node lib/cli/main.js synth --config examples/seed.yaml --stdout
 *   (3)  one CLI process synthesizing N distinct releases:
 *        node lib/cli/main.js synth --config <f0> ... --config <fN-1> --stdout   (N = --sizes; the
 *        configs, bench/releases.js, are written to a temp dir at bench time)
 *   (3L) the same releases through the library API: node bench/many-releases.js <factory> N (largest N)
 *   (4a) node -e "require('./lib')"
 *   (4b) node -e "require('cdk8s'); require('cdk8s-plus-28')"
 *   (x)  with --means, the CLI with each means of issue 7 off/on (variants built by bench/variants.js),
 *        then any --extra commands (experiments)
 * Leading NAME=value words of a command set its environment (CDK8S_MILVUS_NO_COMPILE_CACHE=1 ...).
 * The CLI keeps a V8 code cache in the user's cache dir (src/cli/main.ts); the first run of each
 * command writes it, so the timed rounds measure the steady state a user sees.
 *
 * Method: every command runs once first (a failing or missing command is skipped with a
 * message), then --warmup untimed interleaved rounds, then --runs timed rounds; each round
 * runs every command once in a freshly shuffled order, so machine noise hits all rows alike.
 * Wall time = hrtime around child_process.spawnSync (no shell; stdout -> /dev/null).
 * Peak RSS = max over --rss-runs separate runs under `/usr/bin/time -f %M` (kernel ru_maxrss of
 * the child, KiB), kept out of the timed runs so time(1) adds nothing to the wall figures.
 * Without /usr/bin/time, node commands get a preload that reports process.resourceUsage().maxRSS.
 * Ratios are medians divided by the median of (1) in the same run. "Paired" is the median over
 * rounds of (this row's time / bare node's time in the same round): both times of a pair come from
 * one round, so a slow stretch of the machine that lasts longer than a round hits both, and this
 * figure moves less from run to run than the ratio of medians when other jobs share the machine.
 * (A round with the 100-release rows lasts several seconds: shorter disturbances still differ.)
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
const SEED = 'examples/seed.yaml';

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

/** Leading NAME=value words → environment; returns [env, argv]. */
function splitEnv(words) {
  const env = { ...process.env };
  let i = 0;
  for (; i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]); i++) {
    const eq = words[i].indexOf('=');
    env[words[i].slice(0, eq)] = words[i].slice(eq + 1);
  }
  return [env, words.slice(i)];
}

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
function peakRss(argv, cwd, baseEnv = process.env) {
  if (HAVE_TIME) {
    const r = spawnSync('/usr/bin/time', ['-f', '@@maxrss=%M', resolveExe(argv[0]), ...argv.slice(1)], {
      cwd: cwd || ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024, env: baseEnv,
    });
    const m = /@@maxrss=(\d+)/.exec(r.stderr ? r.stderr.toString() : '');
    return m ? Number(m[1]) : undefined;
  }
  if (argv[0] !== 'node' && !/\/node$/.test(argv[0])) return undefined;
  const env = { ...baseEnv, NODE_OPTIONS: `${baseEnv.NODE_OPTIONS || ''} --require ${RSS_PRELOAD}`.trim() };
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
    [row.env, row.argv] = splitEnv(splitCommand(row.cmd));
    const missing = missingFile(row.argv, cwd);
    if (missing) {
      row.skipped = missing;
      log(`skip ${row.id} (${row.cmd}): ${missing}\n`);
      continue;
    }
    const r = runOnce(row.argv, { cwd, env: row.env });
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
  for (let w = 0; w < warmup; w++) for (const row of shuffle(live)) runOnce(row.argv, { cwd, env: row.env });
  for (let k = 0; k < runs; k++) {
    for (const row of shuffle(live)) {
      const r = runOnce(row.argv, { cwd, env: row.env });
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
      const v = peakRss(row.argv, cwd, row.env);
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
  const paired = (r) => (base && r.times ? median(r.times.map((t, i) => t / base.times[i])).toFixed(2) : '–');
  if (markdown) {
    lines.push(`Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}, `
      + `${os.cpus().length} × ${(os.cpus()[0] || {}).model || 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM; `
      + `${runs} interleaved rounds after ${warmup} warm-up rounds; peak RSS = max of ${HAVE_TIME ? '`/usr/bin/time -f %M`' : 'preload maxRSS'} runs.`);
    lines.push('');
    lines.push('| # | Command | Median ms | Min–max ms | × bare node | × bare, paired | Peak RSS MiB |');
    lines.push('|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      if (r.skipped) {
        lines.push(`| ${r.id} | ${r.label}: \`${r.display || r.cmd}\` | skipped: ${r.skipped.replace(/\|/g, '/')} | | | | |`);
      } else {
        lines.push(`| ${r.id} | ${r.label}: \`${r.display || r.cmd}\` | ${fmtMs(r.median)} | ${fmtMs(r.min)}–${fmtMs(r.max)} | ${ratio(r)} | ${paired(r)} | ${fmtMiB(r.rssKiB)} |`);
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
          + `×${ratio(r).padStart(5)}  paired ×${paired(r).padStart(5)}  rss ${fmtMiB(r.rssKiB).padStart(6)} MiB`);
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
  const many = rows.filter((r) => r.releases && !r.skipped && r.id.startsWith('3.')).sort((x, y) => x.releases - y.releases);
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
  const o = { runs: 15, warmup: 3, rssRuns: 3, markdown: false, cli: DEFAULT_CLI, factory: DEFAULT_FACTORY, sizes: [25, 50, 100], extra: [], only: null, means: false };
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
    else if (a === '--means') o.means = true;
    else if (a === '--only') o.only = new Set(next().split(','));
    else if (a === '-h' || a === '--help') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** `node <entry> synth --config <f0> ... --stdout` for the first n configs, and a short form to print. */
function manyCommand(entry, configs, n, dir) {
  return {
    cmd: `node ${entry} synth ${configs.slice(0, n).map((f) => `--config ${f}`).join(' ')} --stdout`,
    display: `node ${entry} synth --config ${path.join(dir, `release-{0..${n - 1}}.json`)} --stdout`,
  };
}

/** With --means: the CLI with each means of issue 7 off or on, on the seed and on the largest N. */
function meansRows(configs, n, dir) {
  const { nofast } = require('./variants').buildVariants();
  const seed = (label, entry, env = '') => ({ label: `(2) ${label}`, cmd: `${env}node ${entry} synth --config ${SEED} --stdout` });
  const many = (label, entry) => ({ label: `(3) ${n} releases, ${label}`, ...manyCommand(entry, configs, n, dir) });
  return [
    seed('unbundled, Yaml.stringify (before all means)', `${nofast}/lib/cli/_main.js`),
    seed('unbundled + fast YAML', 'lib/cli/_main.js'),
    seed('bundle, no code cache, Yaml.stringify', `${nofast}/lib/cli/main.bundle.js`),
    seed('bundle + code cache, Yaml.stringify', `${nofast}/lib/cli/main.js`),
    seed('bundle, no code cache, fast YAML', 'lib/cli/main.js', 'CDK8S_MILVUS_NO_COMPILE_CACHE=1 '),
    many('unbundled, Yaml.stringify (before all means)', `${nofast}/lib/cli/_main.js`),
    many('unbundled + fast YAML', 'lib/cli/_main.js'),
    many('bundle + code cache, Yaml.stringify', `${nofast}/lib/cli/main.js`),
  ];
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const maxN = Math.max(...o.sizes);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-milvus-bench-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const configs = require('./releases').writeConfigs(dir, maxN);
  const extra = o.extra.map((e) => {
    const eq = e.indexOf('=');
    return eq > 0 && !/^[A-Z_][A-Z0-9_]*$/.test(e.slice(0, eq)) ? { label: e.slice(0, eq), cmd: e.slice(eq + 1) } : { label: e, cmd: e };
  });
  const rows = [
    { id: '1', label: 'bare node', cmd: "node -e ''" },
    { id: '2', label: 'CLI synth (fresh process)', cmd: o.cli },
    ...o.sizes.map((n) => ({ id: `3.${n}`, label: `${n} releases, one CLI process`, ...manyCommand('lib/cli/main.js', configs, n, dir), releases: n })),
    { id: `3L.${maxN}`, label: `${maxN} releases, library API (app.synthYaml)`, cmd: `node bench/many-releases.js ${o.factory} ${maxN}`, releases: maxN },
    { id: '4a', label: "require('./lib')", cmd: `node -e "require('./lib')"` },
    { id: '4b', label: 'require cdk8s + cdk8s-plus-28', cmd: `node -e "require('cdk8s'); require('cdk8s-plus-28')"` },
    ...[...(o.means ? meansRows(configs, maxN, dir) : []), ...extra].map((r, i) => ({ id: `x${i + 1}`, ...r })),
  ].filter((r) => !o.only || r.id === '1' || o.only.has(r.id) || o.only.has(r.id.split('.')[0]) || (o.only.has('x') && r.id.startsWith('x')));
  measure(rows, { runs: o.runs, warmup: o.warmup, rssRuns: o.rssRuns });
  process.stdout.write(report(rows, o) + '\n');
}

module.exports = { measure, report, median, splitCommand, runOnce, peakRss };
if (require.main === module) main();
