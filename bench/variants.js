'use strict';
/*
 * Builds the "before/after each means" variants of the current lib/ into bench/out/variants/
 * (gitignored), for `node bench/run.js --means`:
 *   nofast/  a copy of the package whose CLI prints with cdk8s's Yaml.stringify and the server
 *            config with its yaml Document instead of the fast path (src/common/_fast-yaml.ts),
 *            with its own bundle (same esbuild options as scripts/bundle-cli.js). Its lib/cli/_main.js is the unbundled CLI.
 * The shipped lib/ gives the other variants: lib/cli/_main.js (unbundled + fast path),
 * lib/cli/main.bundle.js run directly (bundle, no code cache), lib/cli/main.js (everything).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out', 'variants');

function bundle(pkg) {
  const esbuild = require('esbuild');
  const outfile = path.join(pkg, 'lib/cli/main.bundle.js');
  const r = esbuild.buildSync({
    entryPoints: [path.join(pkg, 'lib/cli/_main.js')], outfile, bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', minify: true, charset: 'ascii', legalComments: 'none', write: false, logLevel: 'warning',
  });
  const body = r.outputFiles[0].text;
  fs.writeFileSync(outfile, `// cdk8s-milvus bundle ${crypto.createHash('sha256').update(body).digest('hex').slice(0, 32)}\n${body}`);
}

function patch(pkg, file, from, to) {
  const full = path.join(pkg, file);
  const src = fs.readFileSync(full, 'utf8');
  const patched = src.replace(from, to);
  if (patched === src) throw new Error(`bench/variants.js: ${from} was not found in ${file}; update the patch`);
  fs.writeFileSync(full, patched);
}

function buildVariants() {
  if (!fs.existsSync(path.join(ROOT, 'lib/cli/main.bundle.js'))) throw new Error('lib/cli/main.bundle.js is missing: run the compile and post-compile first');
  const pkg = path.join(OUT, 'nofast');
  fs.rmSync(pkg, { recursive: true, force: true });
  fs.mkdirSync(pkg, { recursive: true });
  fs.cpSync(path.join(ROOT, 'lib'), path.join(pkg, 'lib'), { recursive: true });
  for (const f of ['.jsii', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(pkg, f));
  // The manifests and the Milvus server config both print through the fast path: both go back to yaml.
  patch(pkg, 'lib/cli/_synth.js', '(0, _fast_yaml_1.stringifyManifests)(part.manifests)', 'cdk8s_1.Yaml.stringify(...part.manifests)');
  patch(pkg, 'lib/milvus/_server-config.js', 'return fastEmit(version, model) ?? emitWithYaml(version, model);', 'return emitWithYaml(version, model);');
  bundle(pkg);
  return { nofast: path.relative(ROOT, pkg) };
}

module.exports = { buildVariants };
if (require.main === module) console.log(buildVariants());
