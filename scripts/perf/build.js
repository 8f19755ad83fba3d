#!/usr/bin/env node
'use strict';
/*
 * Build the experiment artefacts for the stand-in CLI into scripts/perf/out/:
 *   cli.js            esbuild bundle, minified, platform node, CJS
 *   cli.nomin.js      same, not minified
 *   cli.k8sonly.js    minified bundle with `cdk8s-plus-28` resolved to a lazy shim
 *                     (k8s namespace loaded on first use, the L2 API only if touched)
 *   cli.main.js       minified bundle of cli-entry.js (always runs main), run by cc-run.js
 *   snap-entry.js     bundle of snapshot-entry.js
 *   cli.blob          `node --snapshot-blob cli.blob --build-snapshot snap-entry.js`, SNAPSHOT_WARM=0
 *   cli.warm.blob     same, warm (one throwaway synth at build time; the default)
 *   cli.warm.k8sonly[.semi].blob  warm, lazy cdk8s-plus-28 shim [and --max-semi-space-size=16]
 * (stderr of --build-snapshot is dropped: it warns that child_process is not verified in snapshots.)
 * esbuild is taken from the project's node_modules or from $PERF_TOOLS/node_modules.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(__dirname, 'out');
const esbuild = require(require.resolve('esbuild', {
  paths: [ROOT, process.env.PERF_TOOLS || '/tmp/perf-tools'],
}));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // cdk8s's Yaml.load/_loadurl.mjs and Helm are not on the synth path; keep them external-free:
  // esbuild only sees static requires, so nothing else is needed.
};

const lazyKplus = {
  name: 'lazy-cdk8s-plus-28',
  setup(build) {
    build.onResolve({ filter: /^cdk8s-plus-28$/ }, (args) => {
      if (args.importer.endsWith('kplus-shim.js')) return undefined;
      return { path: path.join(__dirname, 'kplus-shim.js') };
    });
  },
};

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const entry = path.join(__dirname, 'standin-cli.js');
  await esbuild.build({ ...common, entryPoints: [entry], outfile: path.join(OUT, 'cli.js'), minify: true });
  await esbuild.build({ ...common, entryPoints: [entry], outfile: path.join(OUT, 'cli.nomin.js'), minify: false });
  await esbuild.build({ ...common, entryPoints: [entry], outfile: path.join(OUT, 'cli.k8sonly.js'), minify: true, plugins: [lazyKplus] });
  await esbuild.build({ ...common, entryPoints: [path.join(__dirname, 'cli-entry.js')], outfile: path.join(OUT, 'cli.main.js'), minify: true });
  fs.rmSync(path.join(OUT, 'cli.main.js.cache'), { force: true });
  await esbuild.build({ ...common, entryPoints: [path.join(__dirname, 'snapshot-entry.js')], outfile: path.join(OUT, 'snap-entry.js'), minify: true });
  const blob = path.join(OUT, 'cli.blob');
  fs.rmSync(blob, { force: true });
  const t0 = Date.now();
  execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', path.join(OUT, 'snap-entry.js')], {
    stdio: ['ignore', 'inherit', 'ignore'], cwd: OUT, env: { ...process.env, SNAPSHOT_WARM: '0' },
  });
  const warmBlob = path.join(OUT, 'cli.warm.blob');
  fs.rmSync(warmBlob, { force: true });
  execFileSync(process.execPath, ['--snapshot-blob', warmBlob, '--build-snapshot', path.join(OUT, 'snap-entry.js')], {
    stdio: ['ignore', 'inherit', 'ignore'], cwd: OUT, env: { ...process.env, SNAPSHOT_WARM: '1' },
  });
  // snapshot variants: lazy cdk8s-plus-28 shim (only the k8s L1 module initialized), and
  // the same with a larger young generation (V8 flags must be identical at build and run).
  await esbuild.build({ ...common, entryPoints: [path.join(__dirname, 'snapshot-entry.js')], outfile: path.join(OUT, 'snap-entry.k8sonly.js'), minify: true, plugins: [lazyKplus] });
  for (const [blobName, flags] of [['cli.warm.k8sonly.blob', []], ['cli.warm.k8sonly.semi.blob', ['--max-semi-space-size=16']]]) {
    fs.rmSync(path.join(OUT, blobName), { force: true });
    execFileSync(process.execPath, [...flags, '--snapshot-blob', path.join(OUT, blobName), '--build-snapshot', path.join(OUT, 'snap-entry.k8sonly.js')], {
      stdio: ['ignore', 'inherit', 'ignore'], cwd: OUT, env: { ...process.env, SNAPSHOT_WARM: '1' },
    });
  }
  const sizes = ['cli.js', 'cli.nomin.js', 'cli.k8sonly.js', 'snap-entry.js', 'cli.blob', 'cli.warm.blob', 'cli.warm.k8sonly.blob']
    .map((f) => `${f} ${(fs.statSync(path.join(OUT, f)).size / 1024).toFixed(0)} KiB`);
  console.log(`built (${sizes.join(', ')}); snapshot build ${Date.now() - t0} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
