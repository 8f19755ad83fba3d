import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-milvus',
  description: 'cdk8s constructs for a distributed Milvus 0.10 / 1.1 cluster: NFS shared storage, MySQL metadata, writable and readonly nodes, and the Mishards proxy',
  author: 'cdk8s-milvus maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-98e16f43.example',
  repositoryUrl: 'https://github.com/maintainers/cdk8s-milvus.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'milvus', 'mishards', 'kubernetes', 'vector-database', 'nfs'],

  // cdk8s 2.x needs these explicitly: `projen new cdk8s-construct` defaults to cdk8s 1.x.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // Reads the CLI's config files with line numbers in errors. cdk8s bundles the same library but
  // only exposes Yaml.load, which spawns a child process per file (it also fetches URLs).
  bundledDeps: ['yaml@^2.9.1'],
  devDeps: [
    // ts-jest and typescript-eslint refuse TypeScript 7; jsii 6.0 compiles with ~6.0.
    'typescript@~6.0.3',
    '@types/node@^20',
    // Offline Kubernetes schema validation; 4.5.x ships CommonJS, so jest loads it without ESM flags.
    'kubernetes-models@4.5.1',
    // Property-based tests for the validation rules.
    'fast-check@^4.3.0',
    // Bundles the CLI into lib/cli/main.bundle.js after compile (scripts/bundle-cli.js, issue 7):
    // build time only, the package ships the bundle and needs no esbuild at run time.
    'esbuild@^0.28.2',
    // Parses cdk8s-plus-28's generated k8s.js at bundle time so esbuild can keep only the classes the
    // library uses (scripts/k8s-imports-plugin.js); already in the tree for eslint, now pinned as ours.
    'acorn@^8.15.0',
    // Issue 14: the `diagram` command's output is checked by Mermaid's own flowchart parser
    // (test/support/mermaid-parse.mjs); jsdom gives its DOMPurify the window it needs in node.
    // mermaid 11.17 / jsdom 27.4 are the newest that support Node 20 (12.x and jsdom 28+ need 22).
    'mermaid@^11.17.2',
    'jsdom@^27.4.0',
    // Issue 14: API.md is rendered from the jsii assembly (test/api/api-md.test.ts checks it is fresh).
    'jsii-docgen@^10.12.6',
  ],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  github: false,
  release: false,
  docgen: false,
  // Only the JavaScript package is built: the other jsii targets need toolchains this project does not install.
  jestOptions: {
    // Golden files and snapshots must be able to fail; they are rewritten only by `npm run test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    junitReporting: false,
    jestConfig: {
      // Coverage is a separate concern; keep the default test run fast.
      collectCoverage: false,
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
      reporters: [
        // Ends the output with the "N passed, N failed" line that CI reads.
        new javascript.JestReporter('<rootDir>/test/support/summary-reporter.js'),
      ],
    },
  },
  // The test task (and so CI) must report lint errors, not silently rewrite the checkout.
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'build-tools', 'projenrc'], commandOptions: { fix: false } },
  gitignore: ['/dist/', '/bench/out/', '*.cpuprofile'],
  // Source maps beside the JavaScript, not inlined: inline maps tripled what every require()
  // reads and compiles (importing the library went from 1.16x to 1.10x cdk8s + cdk8s-plus-28).
  // The maps carry the sources (src/ is not packaged) and are read only by debuggers.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: true, sourceMap: true } },
  bin: { 'cdk8s-milvus': 'lib/cli/main.js' },
});

// scripts/k8s-imports-plugin.js gives the CLI bundle only the `k8s.<Name>` members the library uses: it
// reads them from the compiled library, which therefore must import cdk8s-plus-28 in one form only,
// `import { k8s } from 'cdk8s-plus-28'`, and use it only as `k8s.<Name>`. The plugin fails post-compile
// otherwise; this rule says so where an editor shows it, on the line that breaks it. A type-only import
// (`import type`, erased from the JavaScript) never reaches the bundle: cdk8s-plus's interfaces may be named.
const K8S_IMPORT = "ImportDeclaration[source.value='cdk8s-plus-28'][importKind!='type']";
const K8S_ONLY = 'the CLI bundle (scripts/k8s-imports-plugin.js) needs cdk8s-plus-28 imported as `import { k8s } from \'cdk8s-plus-28\'` and used as `k8s.<Name>`';
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-syntax': ['error', ...[
      `${K8S_IMPORT} > ImportSpecifier[imported.name!='k8s']`,
      `${K8S_IMPORT} > ImportSpecifier[imported.name='k8s'][local.name!='k8s']`,
      `${K8S_IMPORT} > ImportDefaultSpecifier`,
      `${K8S_IMPORT} > ImportNamespaceSpecifier`,
      "ExportAllDeclaration[source.value='cdk8s-plus-28']",
      "ExportNamedDeclaration[source.value='cdk8s-plus-28']",
      "CallExpression[callee.name='require'][arguments.0.value='cdk8s-plus-28']",
      "ImportExpression[source.value='cdk8s-plus-28']",
      // `k8s` as a value other than `k8s.<Name>` (types such as `k8s.Container` are erased and do not count).
      "Identifier[name='k8s']:not(MemberExpression > Identifier.object, TSQualifiedName > Identifier, ImportSpecifier > Identifier, TSTypeQuery Identifier)",
    ].map(selector => ({ selector, message: K8S_ONLY }))],
  },
});

// The package's version, set here on purpose: without a release workflow (release: false) projen
// would write 0.0.0, which `cdk8s-milvus --version` and the jsii assembly then report. 0.x: the
// construct API and the config format may still change between minor versions (semver §4); a
// release process (projen's release with git tags) can take over the bumps from here.
project.package.addVersion('0.1.0');

// jsii prints an end-of-life banner on Node 20; the build is supported there.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Issue 7: the bin runs an esbuild bundle of the compiled CLI, rebuilt after every compile
// (the test and synth tasks run it too, so they never use a stale bundle).
project.postCompileTask.exec('node scripts/bundle-cli.js');
project.testTask.prependSpawn(project.postCompileTask);
// The test suite also exercises the compiled package (the CLI and the jsii assembly), so compile first.
project.testTask.prependSpawn(project.compileTask);
// The Debian packages some tests need (MariaDB, busybox, dash), installed when missing: `npm test`
// alone prepares a fresh machine, and CI runs the same step (scripts/test-deps.sh).
project.testTask.prependExec('bash scripts/test-deps.sh');

// ts-jest only transpiles (isolatedModules), so a type error in a test would go unnoticed: check them.
const typecheckTests = project.addTask('test:types', {
  description: 'Type-check the tests (ts-jest transpiles them without checking)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.spawn(typecheckTests);

// The main job: the tutorial's cluster as plain YAML in dist/ (README's first command).
project.addTask('synth', {
  description: 'Write the tutorial cluster (examples/seed.yaml) to dist/my-release.k8s.yaml',
  steps: [
    { spawn: 'compile' },
    { spawn: 'post-compile' },
    { exec: 'node lib/cli/main.js synth --config examples/seed.yaml --out dist' },
  ],
});

// The benchmark, the build scripts and CI are not part of the package (the examples are).
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/.ci/');

// Issue 7's benchmark (bench/run.js; figures in bench/RESULTS.md), on a fresh build.
project.addTask('bench', {
  description: 'Benchmark the CLI and the library against bare node (issue 7); args go to bench/run.js',
  steps: [
    { spawn: 'compile' },
    { spawn: 'post-compile' },
    { exec: 'node bench/run.js', receiveArgs: true },
  ],
});

// Issue 14: API.md, rendered by jsii-docgen from the jsii assembly; test/api/api-md.test.ts fails
// when it is stale (and `test:update` rewrites it with the golden files).
project.addTask('docgen', {
  description: 'Write API.md from the jsii assembly (jsii-docgen)',
  steps: [{ spawn: 'compile' }, { exec: 'jsii-docgen -o API.md' }],
});

// Golden files are rewritten only on request, together with the jest snapshots.
const testUpdate = project.tasks.tryFind('test:update');
testUpdate?.env('UPDATE_GOLDEN', '1');

project.synth();
