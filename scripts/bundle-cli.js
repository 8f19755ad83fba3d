#!/usr/bin/env node
'use strict';
/*
 * Post-compile step (projen `post-compile`, issue 7): bundles the compiled CLI entry
 * lib/cli/_main.js with everything it loads (the library, cdk8s, cdk8s-plus-28, constructs,
 * yaml) into lib/cli/main.bundle.js, which the bin lib/cli/main.js runs with V8's code cache.
 *
 *   node scripts/bundle-cli.js
 *
 * - esbuild: minified, platform node, CommonJS, target node20, ASCII output.
 * - The bundle sits in lib/cli/ like the file it replaces, so `__dirname` (left as is by esbuild
 *   for platform node) is still lib/cli: `_schema.ts` finds `<root>/.jsii` as before, and
 *   `require('../../package.json')` is inlined at build time.
 * - cdk8s bundles its own copy of yaml; when it is the same version as ours, the bundle holds one.
 * - Of cdk8s-plus-28 the bundle holds only the generated `k8s` classes and functions the library
 *   reaches (scripts/k8s-imports-plugin.js), and cdk8s's `child_process` loads on first use.
 * - First line: `// cdk8s-milvus bundle <sha256 of the rest>` (the code cache key of main.ts).
 * - Licences: the bundled code is redistributed, so lib/cli/main.bundle.LICENSES.txt lists every
 *   bundled package with its licence and NOTICE texts, followed by the legal comments esbuild
 *   extracted (`legalComments: 'external'`); the bundle's second line points to it.
 * - Also writes lib/cli/config-schema.json: the part of `.jsii` the config is checked against, and
 *   lib/cli/config-schema.k8s.json: the few Kubernetes structs of cdk8s-plus-28 it reaches (read by
 *   --help and init only).
 * The files are written atomically (a running bin may be reading them).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { k8sImportsOnly } = require('./k8s-imports-plugin');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'lib/cli/_main.js');
const OUTFILE = path.join(ROOT, 'lib/cli/main.bundle.js');
const LICENSES = path.join(ROOT, 'lib/cli/main.bundle.LICENSES.txt');

function version(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/** cdk8s's private yaml → ours, only when they are the same release (otherwise cdk8s keeps its own). */
const oneYaml = {
  name: 'one-yaml',
  setup(build) {
    const ours = path.dirname(require.resolve('yaml/package.json', { paths: [ROOT] }));
    const oursMain = require.resolve('yaml', { paths: [ROOT] });
    build.onResolve({ filter: /^yaml$/ }, (args) => {
      const theirs = path.dirname(require.resolve('yaml/package.json', { paths: [args.resolveDir] }));
      return theirs !== ours && version(theirs) === version(ours) ? { path: oursMain } : undefined;
    });
  },
};

/**
 * cdk8s loads `child_process` when it loads (for `Yaml.load` of URLs and Helm charts), which costs
 * ≈ 2.5 ms of every run; the CLI never calls either. It gets a stand-in with the same export names
 * that loads the real module on first use: functions become wrappers (cdk8s copies `spawnSync` into
 * an object when it loads, so a getter would load it at once), classes such as `ChildProcess` stay
 * getters (`new` and `instanceof` need the real class).
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    const fromCdk8s = /[\\/]node_modules[\\/]cdk8s[\\/]/;
    build.onResolve({ filter: /^child_process$/ }, (args) => (
      fromCdk8s.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined));
    build.onLoad({ filter: /^child_process$/, namespace: 'lazy-builtin' }, () => {
      const real = require('child_process');
      const members = Object.keys(real).map((name) => (/^[a-z_]/.test(name) && typeof real[name] === 'function'
        ? `exports.${name} = (...args) => load().${name}(...args);`
        : `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`));
      return { contents: ['let real;', "const load = () => (real ??= require('child_process'));", ...members, ''].join('\n'), loader: 'js' };
    });
  },
};

/** The package directory of a bundled input path (…/node_modules/[@scope/]name/…), or undefined for our own files. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m ? path.resolve(ROOT, m[1]) : undefined;
}

function noticeText(dirs, legal) {
  const parts = [
    'Third-party code bundled in main.bundle.js (cdk8s-milvus CLI), with its licence and notice texts.',
    'The library itself (lib/*.js) bundles nothing; these packages are its peer or bundled dependencies.',
    '',
  ];
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    parts.push('='.repeat(78), `${pkg.name}@${pkg.version} (${pkg.license || 'licence not stated'})`, '='.repeat(78));
    const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|notice|copying)(\.|$)/i.test(f)).sort();
    if (files.length === 0) parts.push(`(no licence file in the package; its package.json states: ${pkg.license})`);
    for (const f of files) parts.push(`--- ${f}`, fs.readFileSync(path.join(dir, f), 'utf8').trimEnd(), '');
    parts.push('');
  }
  if (legal.trim()) parts.push('='.repeat(78), 'Legal comments found in the bundled code (esbuild)', '='.repeat(78), legal.trimEnd(), '');
  return `${parts.join('\n')}\n`;
}

function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

async function main() {
  if (!fs.existsSync(ENTRY)) throw new Error(`${path.relative(ROOT, ENTRY)} is missing: compile first`);
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    outfile: OUTFILE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    charset: 'ascii',
    legalComments: 'external',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [oneYaml, lazyChildProcess, k8sImportsOnly(path.join(ROOT, 'lib'))],
  });
  const js = result.outputFiles.find((f) => f.path === OUTFILE);
  const legal = result.outputFiles.find((f) => f.path !== OUTFILE);
  const body = `// Bundled third-party code: see main.bundle.LICENSES.txt next to this file.\n${js.text}`;
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 32);
  const dirs = new Set(Object.keys(result.metafile.inputs).map(packageDir).filter(Boolean));
  writeAtomic(LICENSES, noticeText(dirs, legal ? legal.text : ''));
  writeAtomic(OUTFILE, `// cdk8s-milvus bundle ${hash}\n${body}`);
  // The config types the CLI checks a config against, about a quarter of the assembly (read on every run).
  const { ConfigSchema, CONFIG_SCHEMA_FILE, K8S_SCHEMA_FILE } = require(path.join(ROOT, 'lib/cli/_schema.js'));
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
  const schema = ConfigSchema.reachable(assembly, 'MilvusClusterChartProps');
  writeAtomic(path.join(ROOT, 'lib/cli', CONFIG_SCHEMA_FILE), JSON.stringify(schema));
  // The Kubernetes structs the config reaches (tolerations, affinity), which --help and init
  // document: a file of their own, so that a synth does not read them.
  const plus = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('cdk8s-plus-28/package.json', { paths: [ROOT] })), '.jsii'), 'utf8'));
  const k8s = ConfigSchema.reachable(assembly, 'MilvusClusterChartProps', [plus]);
  for (const fqn of Object.keys(schema.types)) delete k8s.types[fqn];
  writeAtomic(path.join(ROOT, 'lib/cli', K8S_SCHEMA_FILE), JSON.stringify(k8s));
  const names = [...dirs].map((d) => path.relative(path.join(ROOT, 'node_modules'), d)).sort();
  process.stdout.write(`bundle-cli: ${path.relative(ROOT, OUTFILE)} ${(body.length / 1024).toFixed(0)} KiB from ${Object.keys(result.metafile.inputs).length} files (${names.join(', ')})\n`);
}

main().catch((e) => {
  process.stderr.write(`bundle-cli: ${e.stack || e}\n`);
  process.exit(1);
});
