/**
 * `cdk8s-milvus`: the in-process `run(argv, io)` for every case, and the compiled bin
 * (`lib/cli/main.js`, built by the test task's compile step) for a few end-to-end ones.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { cli, configFile, tmp } from './_cli';
import { helmFullname } from '../../src/common/_names';
import { EXAMPLE_CONFIGS, EXAMPLES_DIR, loadExample, REPO_ROOT, synthConfig } from '../cluster/_fixtures';
import { expectGolden, expectSchemaValid, find, K8sObject, toYaml } from '../support';

function parseDocs(text: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  for (const d of docs) { expect(d.errors).toEqual([]); }
  return docs.map(d => d.toJS());
}

/** The workloads golden per example (the data part is `cli/<example>.data.k8s.yaml`). */
const GOLDEN: Record<string, string> = {
  'seed.yaml': 'cli/seed.k8s.yaml',
  'minimal.yaml': 'cli/minimal.k8s.yaml',
  'production.yaml': 'cli/production.k8s.yaml',
};

/** What synth says on stderr: the seed keeps the tutorial's MySQL on NFS, and is told so. */
const WARNINGS: Record<string, string> = {
  'seed.yaml': `warning: ${join(EXAMPLES_DIR, 'seed.yaml')}: MySQL data on the ReadWriteMany class "nfs-client": network file systems do not lock reliably for InnoDB; prefer block storage\n`,
  'minimal.yaml': '',
  'production.yaml': '',
};

/**
 * What the data file holds: the objects whose loss loses data or credentials. The NFS
 * provisioner's own claim is not among them: it binds the static, retained PV of the export's
 * root, and holds no data of its own.
 */
const isData = (o: K8sObject, release: string) => ['Namespace', 'Secret'].includes(o.kind)
  || (o.kind === 'PersistentVolumeClaim' && o.metadata.name === helmFullname(release, 'milvus'));
const identity = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe.each(EXAMPLE_CONFIGS.map(f => [f]))('synth examples/%s', example => {
  const config = loadExample(example);
  const stem = example.replace(/\.yaml$/, '');
  const out = tmp();
  const result = cli('synth', '--config', join(EXAMPLES_DIR, example), '--out', out);
  const [dataFile, workloadsFile, notesFile] = ['data.k8s.yaml', 'k8s.yaml', 'NOTES.txt'].map(e => `${config.releaseName}.${e}`);

  test('exit 0; writes the data file, the workloads file and the notes, says so, prints the notes (with the apply commands) after the warnings', () => {
    const notes = readFileSync(join(out, notesFile), 'utf8');
    expect(result).toMatchObject({ code: 0, stderr: `${WARNINGS[example]}${notes}` });
    expect(readdirSync(out).sort()).toEqual([notesFile, dataFile, workloadsFile].sort());
    expect(result.stdout).toBe([dataFile, workloadsFile, notesFile].map(f => `wrote ${join(out, f)}\n`).join(''));
    expect(notes).toContain(`kubectl apply -n ${config.namespace} -f ${join(out, dataFile)}\n`);
    expect(notes).toContain(`KUBECTL_APPLYSET=true kubectl apply -n ${config.namespace} --prune --applyset=configmaps/${helmFullname(config.releaseName, 'milvus')}-applyset -f ${join(out, workloadsFile)}\n`);
  });

  const data = readFileSync(join(out, dataFile), 'utf8');
  const workloads = readFileSync(join(out, workloadsFile), 'utf8');
  test('the files equal the goldens; together they are the chart\'s own synthesis, each object once', () => {
    expectGolden(`cli/${stem}.data.k8s.yaml`, data);
    expectGolden(GOLDEN[example], workloads);
    const both = [...parseDocs(data), ...parseDocs(workloads)];
    const sorted = (objs: K8sObject[]) => [...objs].sort((a, b) => identity(a).localeCompare(identity(b)));
    expect(toYaml(sorted(both))).toBe(toYaml(sorted(synthConfig(config))));
  });

  test('the data file holds exactly the data claim, the rendered Secrets and the Namespace', () => {
    const all = synthConfig(config);
    expect(parseDocs(data).map(identity).sort()).toEqual(all.filter(o => isData(o, config.releaseName)).map(identity).sort());
    expect(parseDocs(data).length).toBeGreaterThan(0);
    expect(parseDocs(workloads).filter(o => isData(o, config.releaseName))).toEqual([]);
  });

  test('multi-document YAML that kubectl reads: every document an object with a kind, all schema-valid', () => {
    const objs = [...parseDocs(data), ...parseDocs(workloads)];
    expect(objs.length).toBeGreaterThan(20);
    expect(objs.every(o => o && typeof o.kind === 'string' && o.metadata?.name)).toBe(true);
    expectSchemaValid(objs);
  });

  test('--stdout prints one stream: the data part first, each part marked; writes nothing', () => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir); // the default --out (dist) would be created here
    try {
      const printed = cli('synth', '--config', join(EXAMPLES_DIR, example), '--stdout', '--quiet');
      expect(printed).toEqual({
        code: 0,
        stdout: `# ${dataFile}: data (claim, Secrets, Namespace): apply once without --prune; never delete it with the workloads\n${data}---\n`
          + `# ${workloadsFile}: workloads: apply as the release's ApplySet (--prune removes what is no longer here)\n${workloads}`,
        stderr: WARNINGS[example],
      });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});

test('the examples cover what their comments promise', () => {
  const production = synthConfig(loadExample('production.yaml'));
  const byName = (kind: string, name: string) => production.find(o => o.kind === kind && o.metadata.name === name)!;
  expect(byName('Service', 'search-milvus').spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.20.0.0/16', '203.0.113.0/24'] });
  expect(byName('Deployment', 'search-milvus-readonly').spec.replicas).toBe(3);
  expect(byName('Deployment', 'search-milvus-mishards').spec.replicas).toBe(2);
  expect(byName('StatefulSet', 'search-mysql').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
  expect(byName('NetworkPolicy', 'search-milvus-mishards').spec.ingress[0].from).toContainEqual({ ipBlock: { cidr: '10.20.0.0/16' } });
  const minimal = synthConfig(loadExample('minimal.yaml'));
  expect(minimal.find(o => o.kind === 'Service' && o.metadata.name === 'demo-milvus')!.spec.type).toBe('ClusterIP');
});

test('a JSON config gives the same output as its YAML', () => {
  const json = configFile(loadExample('seed.yaml'), 'seed.json');
  const fromJson = cli('synth', '--config', json, '--stdout');
  expect(fromJson.code).toBe(0);
  expect(fromJson.stdout).toBe(cli('synth', '--config', join(EXAMPLES_DIR, 'seed.yaml'), '--stdout').stdout);
});

test('--config=<file> and -c work like --config <file>', () => {
  const seed = join(EXAMPLES_DIR, 'seed.yaml');
  const expected = cli('synth', '--config', seed, '--stdout').stdout;
  expect(cli('synth', `--config=${seed}`, '--stdout').stdout).toBe(expected);
  expect(cli('synth', '-c', seed, '--stdout').stdout).toBe(expected);
});

// ---- help and version --------------------------------------------------------------

test('--version prints the package version', () => {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
  expect(cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  expect(version).toMatch(/^[1-9]\d*\.\d+\.\d+$|^0\.[1-9]\d*\.\d+$/); // a real version, not projen's placeholder 0.0.0
});

// ---- usage errors -------------------------------------------------------------------

describe('usage errors: exit 2 with the usage text', () => {
  test.each([
    ['no command', [], 'no command given'],
    ['an unknown command', ['deploy', '--config', 'x.yaml'], 'unknown command "deploy"'],
    ['an unknown flag, with the nearest one', ['synth', '--config', 'x.yaml', '--stdot'], 'unknown flag "--stdot"; did you mean --stdout?'],
    ['an unknown command, with the nearest one', ['snyth', '--config', 'x.yaml'], 'unknown command "snyth"; did you mean synth?'],
    ['synth without --config', ['synth', '--out', 'dist'], 'synth needs --config'],
    ['--config without a value', ['synth', '--config'], '--config needs a value'],
    ['--config followed by a flag', ['synth', '--config', '--stdout'], '--config needs a value'],
  ])('%s', (_, argv, message) => {
    const r = cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toContain('Usage:');
  });
});

// ---- bad configs: exit 2, every problem with its key path, nothing written ------------

function rejects(config: string | object, fragments: string[], name?: string): string {
  const out = join(tmp(), 'dist');
  const file = configFile(config, name);
  const r = cli('synth', '--config', file, '--out', out);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  for (const f of fragments) { expect(r.stderr).toContain(f); }
  expect(existsSync(out)).toBe(false);
  return r.stderr;
}

const valid = () => structuredClone(loadExample('minimal.yaml')) as any;

describe('bad configs', () => {
  test('a file that does not exist', () => {
    const out = join(tmp(), 'dist');
    const r = cli('synth', '--config', join(tmp(), 'missing.yaml'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read config .*missing\.yaml: .*ENOENT/);
    expect(existsSync(out)).toBe(false);
  });

  test('a directory instead of a file', () => {
    const r = cli('synth', '--config', tmp(), '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read config');
  });

  test('YAML syntax error: reported with its line', () => {
    rejects('namespace: milvus\nreleaseName: [demo\nstorage: {}\n', ['cannot read config', 'line']);
  });

  test('more than one YAML document', () => {
    rejects('namespace: milvus\n---\nreleaseName: demo\n', ['exactly one YAML document']);
  });

  test('not a mapping', () => {
    rejects('- namespace\n- milvus\n', ['config: expected a mapping']);
  });

  test('an unknown key, with a "did you mean" suggestion and the valid keys', () => {
    const c = valid();
    c.releaseNmae = c.releaseName;
    delete c.releaseName;
    const err = rejects(c, ['releaseNmae: unknown key; did you mean "releaseName"?', 'valid keys: namespace, releaseName', 'releaseName: required key is missing']);
    expect(err).toContain('--help');
  });

  test('an unknown nested key is reported at its path', () => {
    const c = valid();
    c.mishards = { exposure: { type: 'NodePort', nodeport: 32227 } };
    rejects(c, ['mishards.exposure.nodeport: unknown key; did you mean "nodePort"?']);
  });

  test('a mis-indented key: the same key where the schema has it', () => {
    const c = valid();
    c.mishards = { type: 'NodePort' };
    c.nodePort = 32227;
    rejects(c, [
      'mishards.type: unknown key; did you mean mishards.exposure.type or mishards.discovery.type?',
      'nodePort: unknown key; did you mean mishards.exposure.nodePort?',
    ]);
  });

  test('six mistakes in six places: all in one run, one line each', () => {
    const c = valid();
    c.relaseName = 'x';
    c.mishards = { type: 'NodePort', imagePullPolicy: 'IF_NOT_PRESENT' };
    c.readonly = { replicas: 'two' };
    c.networkPolicies = { apiServerPorts: [443, 'https'] };
    delete c.namespace;
    const err = rejects(c, ['(6 problems)']);
    const paths = err.split('\n').filter(l => l.startsWith('  - ')).map(l => l.slice(4, l.indexOf(':'))).sort();
    expect(paths).toEqual(['mishards.imagePullPolicy', 'mishards.type', 'namespace', 'networkPolicies.apiServerPorts[1]', 'readonly.replicas', 'relaseName']);
  });

  test('an unknown key far from every valid one gets no suggestion', () => {
    const c = valid();
    c.zzzzzzzz = 1;
    const err = rejects(c, ['zzzzzzzz: unknown key (valid keys:']);
    expect(err).not.toContain('did you mean');
  });

  test.each([
    ['a string for a number', (c: any) => { c.readonly = { replicas: 'three' }; }, 'readonly.replicas: expected number, got "three"'],
    ['a number for a string', (c: any) => { c.namespace = 42; }, 'namespace: expected string, got 42'],
    ['a string for a boolean', (c: any) => { c.createNamespace = 'yes'; }, 'createNamespace: expected boolean, got "yes"'],
    ['a scalar for a struct', (c: any) => { c.storage = 'nfs'; }, 'storage: expected a mapping of keys'],
    ['a scalar for a list', (c: any) => { c.mishards = { exposure: { type: 'LoadBalancer', sourceRanges: '10.0.0.0/8' } }; }, 'mishards.exposure.sourceRanges: expected array<string>'],
    ['a wrong list element', (c: any) => { c.networkPolicies = { apiServerPorts: [443, 'https'] }; }, 'networkPolicies.apiServerPorts[1]: expected number, got "https"'],
    ['a wrong map value', (c: any) => { c.labels = { team: 7 }; }, 'labels.team: expected string, got 7'],
    ['an enum member name instead of its value', (c: any) => { c.mishards = { imagePullPolicy: 'IF_NOT_PRESENT' }; }, 'mishards.imagePullPolicy: expected one of "Always" | "IfNotPresent" | "Never", got "IF_NOT_PRESENT"'],
  ])('wrong type: %s', (_, mutate, message) => {
    const c = valid();
    mutate(c);
    rejects(c, [message]);
  });

  test('missing required keys, nested ones included', () => {
    rejects({ storage: { nfs: { server: '192.168.1.31' } } }, [
      '(3 problems)',
      'namespace: required key is missing',
      'releaseName: required key is missing',
      'storage.nfs.path: required key is missing',
    ]);
  });

  test('several problems are reported together, one line each', () => {
    const c = valid();
    c.relaseName = 'x';
    c.readonly = { replicas: 'two' };
    delete c.namespace;
    const err = rejects(c, ['(3 problems)', 'relaseName: unknown key', 'readonly.replicas: expected number', 'namespace: required key is missing']);
    expect(err.split('\n').filter(l => l.startsWith('  - '))).toHaveLength(3);
  });

  test.each([
    ['mishards.exposure.nodePort', (c: any) => { c.mishards = { exposure: { type: 'NodePort', nodePort: 80 } }; }, 'got 80'],
    ['readonly.replicas', (c: any) => { c.readonly = { replicas: 0 }; }, 'got 0'],
    ['writable.replicas', (c: any) => { c.writable = { replicas: 2 }; }, 'exactly 1'],
    ['storage.nfs.server', (c: any) => { c.storage = { nfs: { server: 'nfs server', path: '/nfs' } }; }, 'IPv4'],
    ['storage.storageClassName', (c: any) => { c.storage = { storageClassName: 'gp2' }; }, 'if this class does, declare it with storage.readWriteMany: true; otherwise use storage.nfs'],
    ['mysql.rootPassword', (c: any) => { c.mysql = { password: 'milvus-Secret-9876543210' }; }, 'no default password'],
    ['mysql.existingSecret', (c: any) => { c.mysql = { existingSecret: 's', rootPassword: 'root-Secret-0123456789', password: 'milvus-Secret-9876543210' }; }, 'not both'],
    ['externalMysql.host', (c: any) => { c.externalMysql = { host: 'db host', user: 'milvus', passwordSecret: { secretName: 'db', key: 'pw' } }; }, 'got "db host"'],
    ['version', (c: any) => { c.version = '2.0'; }, '1.1.1'],
  ])('an invalid value (%s): exit 2, the key path in the message, nothing written', (path, mutate, fragment) => {
    const c = valid();
    mutate(c);
    rejects(c, [`invalid ${path}: `, fragment]);
  });
});

// ---- the compiled bin ----------------------------------------------------------------

describe('the compiled bin (lib/cli/main.js)', () => {
  const BIN = join(REPO_ROOT, 'lib', 'cli', 'main.js');
  const bin = (...argv: string[]) => {
    if (!existsSync(BIN)) {
      throw new Error(`${BIN} is missing: compile first ("npx projen compile"; "npm test" does it before jest)`);
    }
    const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', cwd: tmp() });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('package.json points the cdk8s-milvus bin at it, with a node shebang', () => {
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).bin).toEqual({ 'cdk8s-milvus': 'lib/cli/main.js' });
    expect(bin('--version').code).toBe(0);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  test('synth the seed into the default dist/ of the working directory: the same file as in-process', () => {
    const cwd = tmp();
    const r = spawnSync(process.execPath, [BIN, 'synth', '--config', join(EXAMPLES_DIR, 'seed.yaml'), '--quiet'], { encoding: 'utf8', cwd });
    expect(r.stderr).toBe(WARNINGS['seed.yaml']);
    expect(r.status).toBe(0);
    // Not expectGolden: in update mode it would write a golden from a possibly stale lib/.
    const out = tmp();
    expect(cli('synth', '--config', join(EXAMPLES_DIR, 'seed.yaml'), '--out', out, '--quiet').code).toBe(0);
    for (const file of ['my-release.data.k8s.yaml', 'my-release.k8s.yaml']) {
      expect(readFileSync(join(cwd, 'dist', file), 'utf8')).toBe(readFileSync(join(out, file), 'utf8'));
    }
  });

  test('an invalid config: exit 2 and the key path on stderr', () => {
    const c = valid();
    c.readonly = { replicas: 0 };
    const r = bin('synth', '--config', configFile(c), '--stdout');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('invalid readonly.replicas: got 0');
  });

  test('--help matches the in-process help, the Kubernetes structs too (config-schema.k8s.json)', () => {
    expect(bin('--help')).toEqual({ code: 0, stdout: cli('--help').stdout, stderr: '' });
    expect(bin('--help', 'all')).toEqual({ code: 0, stdout: cli('--help', 'all').stdout, stderr: '' });
    expect(bin('--help', 'writable.affinity')).toEqual({ code: 0, stdout: cli('--help', 'writable.affinity').stdout, stderr: '' });
    expect(bin('init').stdout).toBe(cli('init').stdout);
  });
});

test('the seed example is the tutorial (NFS 192.168.1.31:/nfs, release my-release, NodePort 32227)', () => {
  const seed = parse(readFileSync(join(EXAMPLES_DIR, 'seed.yaml'), 'utf8'));
  expect(seed).toMatchObject({
    releaseName: 'my-release',
    storage: { nfs: { server: '192.168.1.31', path: '/nfs' } },
    mishards: { exposure: { type: 'NodePort', nodePort: 32227 } },
  });
});

test('an unquoted version that YAML reads as a number gets a hint to quote it', () => {
  const file = configFile('namespace: m\nreleaseName: r\nversion: 0.10\nstorage: { storageClassName: rwx, readWriteMany: true }\n');
  const r = cli('synth', '--config', file, '--stdout');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('version: expected string, got 0.1 (YAML reads that unquoted value as a number: put it in quotes)');
});

describe('writing files', () => {
  const seed = join(EXAMPLES_DIR, 'seed.yaml');

  test('--stdout with --out is a usage error', () => {
    const r = cli('synth', '--config', seed, '--stdout', '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stdout prints the YAML and writes no file');
  });

  test('an --out that is a file: exit 1, a message, nothing written', () => {
    const dir = tmp();
    const notADir = join(dir, 'afile');
    writeFileSync(notADir, 'x');
    const r = cli('synth', '--config', seed, '--out', notADir);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain(`error: cannot write to ${notADir}: ${notADir} exists and is not a directory`);
    expect(readdirSync(dir)).toEqual(['afile']);
  });

  test('--out under a directory where nothing can be created fails at once (in a child: a regression would spin forever)', () => {
    // Node's recursive mkdir loops on /proc's ENOENT; a hung child is killed and fails this test.
    const script = `require(${JSON.stringify(join(REPO_ROOT, 'lib', 'cli', '_run.js'))}).run(process.argv.slice(1), { stdout: t => process.stdout.write(t), stderr: t => process.stderr.write(t) }) === 1 || process.exit(9)`;
    const r = spawnSync(process.execPath, ['-e', script, 'synth', '--config', seed, '--out', '/proc/nope/deeper'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: cannot write to /proc/nope/deeper: cannot create directory /proc/nope (ENOENT');
  });

  test('--out: missing levels are created, and a file on the way is named', () => {
    const dir = tmp();
    expect(cli('synth', '--config', seed, '--out', join(dir, 'a', 'b', 'c')).code).toBe(0);
    expect(readdirSync(join(dir, 'a', 'b', 'c')).sort()).toEqual(['my-release.NOTES.txt', 'my-release.data.k8s.yaml', 'my-release.k8s.yaml']);
    writeFileSync(join(dir, 'file'), 'x');
    const r = cli('synth', '--config', seed, '--out', join(dir, 'file', 'sub'));
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain(`${join(dir, 'file')} exists and is not a directory`);
  });

  test('all files or none: a target in the way is found before any file is written', () => {
    const out = tmp();
    mkdirSync(join(out, 'demo.k8s.yaml')); // the minimal example's target is a directory
    const r = cli('synth', '--config', seed, '--config', join(EXAMPLES_DIR, 'minimal.yaml'), '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: cannot write to ${out}:`);
    expect(readdirSync(out)).toEqual(['demo.k8s.yaml']);
  });

  test('a manifest holding passwords (a rendered Secret) is readable by its owner only', () => {
    const out = tmp();
    const config = configFile({ ...loadExample('minimal.yaml'), mysql: { rootPassword: 'root-Secret-0123456789', password: 'milvus-Secret-9876543210' } });
    expect(cli('synth', '--config', config, '--out', out).code).toBe(0);
    // The Secret is kept data: in the data file, which is private; the workloads file has none.
    expect(statSync(join(out, 'demo.data.k8s.yaml')).mode.toString(8).slice(-3)).toBe('600');
    expect(statSync(join(out, 'demo.k8s.yaml')).mode.toString(8).slice(-3)).toBe('644');
    // Without a Secret the usual mode, and the rename replaced the private file.
    expect(cli('synth', '--config', join(EXAMPLES_DIR, 'minimal.yaml'), '--out', out).code).toBe(0);
    expect(statSync(join(out, 'demo.data.k8s.yaml')).mode.toString(8).slice(-3)).toBe('644');
    expect(readdirSync(out).sort()).toEqual(['demo.NOTES.txt', 'demo.data.k8s.yaml', 'demo.k8s.yaml']); // no temporary file left
  });

  test('YAML merge keys work in config files', () => {
    const config = configFile([
      'namespace: m',
      'releaseName: r',
      'storage: { storageClassName: rwx, readWriteMany: true }',
      'writable: &node { resources: { memoryLimit: 8Gi } }',
      'readonly: { <<: *node, replicas: 2 }',
      '',
    ].join('\n'));
    const r = cli('synth', '--config', config, '--stdout');
    expect(r.code).toBe(0);
    const objs = parseDocs(r.stdout);
    expect(find(objs, 'Deployment', 'r-milvus-readonly').spec.replicas).toBe(2);
    expect(find(objs, 'Deployment', 'r-milvus-readonly').spec.template.spec.containers[0].resources.limits.memory).toBe('8Gi');
  });
});

test('independent wrong sections are all reported in one run (storage, MySQL, Mishards), nothing written', () => {
  const out = tmp();
  const config = configFile({
    ...loadExample('seed.yaml'),
    storage: { nfs: { server: '192.168.1.31', path: 'nfs' } },
    mysql: { existingSecret: 'my-release-mysql', user: 'root' },
    mishards: { exposure: { type: 'NodePort', nodePort: 80 } },
  });
  const r = cli('synth', '--config', config, '--out', out);
  expect(r.code).toBe(2);
  for (const prop of ['storage.nfs.path', 'mysql.user', 'mishards.exposure.nodePort']) {
    expect(r.stderr).toContain(`  - invalid ${prop}:`);
  }
  expect(readdirSync(out)).toEqual([]);
});

describe('several releases in one run: no object or metastore twice (issue 11)', () => {
  const nfsRelease = (releaseName: string, namespace: string, server: string) =>
    ({ namespace, releaseName, storage: { nfs: { server, path: '/nfs' } }, mysql: { storageClassName: 'standard' } });
  const externalRelease = (releaseName: string, namespace: string, database?: string) => ({
    namespace,
    releaseName,
    storage: { storageClassName: 'rwx', readWriteMany: true },
    externalMysql: { host: 'mysql.db.svc.cluster.local', database, user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' } },
  });

  function expectRefused(configs: object[], fragments: (files: string[]) => string[]) {
    const out = tmp();
    const files = configs.map((c, i) => configFile(c, `release-${i}.yaml`));
    const r = cli('synth', ...files.flatMap(f => ['--config', f]), '--out', out);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    for (const f of fragments(files)) { expect(r.stderr).toContain(f); }
    expect(readdirSync(out)).toEqual([]);
    return r;
  }

  test('two releases keeping the default NFS part: StorageClass, RBAC and PV named twice; both files and keys, and how to share', () => {
    const r = expectRefused([nfsRelease('a', 'ns-a', '10.0.0.1'), nfsRelease('b', 'ns-b', '10.0.0.2')], ([a, b]) => [
      `error: StorageClass "nfs-client" (cluster-scoped) is rendered more than once: by ${a} (storage.nfs) and by ${b} (storage.nfs)`,
      'keep storage.nfs in one release; in the others set storage.storageClassName to its class (storage.nfs.storageClassName, default "nfs-client") and storage.readWriteMany: true',
      'error: PersistentVolume "pv-nfs-client-nfs-client-provisioner" (cluster-scoped)',
      'error: ClusterRoleBinding "run-nfs-client-nfs-client-provisioner" (cluster-scoped)',
    ]);
    expect(r.stderr.match(/^error: /gm)).toHaveLength(4);
  });

  test('the second release sharing the first one\'s class: both written', () => {
    const out = tmp();
    const second = { namespace: 'ns-b', releaseName: 'b', storage: { storageClassName: 'nfs-client', readWriteMany: true } };
    const r = cli('synth', '--config', configFile(nfsRelease('a', 'ns-a', '10.0.0.1')), '--config', configFile(second), '--out', out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['a.NOTES.txt', 'a.data.k8s.yaml', 'a.k8s.yaml', 'b.NOTES.txt', 'b.data.k8s.yaml', 'b.k8s.yaml']);
  });

  test('the same externalMysql host, port and database in two files: two writers on one metastore', () => {
    expectRefused([externalRelease('a', 'ns-a'), externalRelease('b', 'ns-b')], ([a, b]) => [
      `error: the metastore database mysql.db.svc.cluster.local:3306/milvus has more than one writer: by ${a} (externalMysql) and by ${b} (externalMysql)`,
      'give each release its own externalMysql.database (or server)',
    ]);
  });

  test('distinct databases on one server are fine', () => {
    const r = cli('synth', '--config', configFile(externalRelease('a', 'ns-a', 'milvus_a')), '--config', configFile(externalRelease('b', 'ns-b', 'milvus_b')), '--stdout');
    expect(r.code).toBe(0);
  });

  test('one storage.existingClaim for two releases: two writers on one data directory', () => {
    const claim = (releaseName: string) => ({ namespace: 'milvus', releaseName, storage: { existingClaim: 'my-release-milvus' }, mysql: { database: releaseName } });
    expectRefused([claim('a'), claim('b')], ([a, b]) => [
      `error: the data claim "my-release-milvus" (namespace "milvus") has more than one writer: by ${a} (storage.existingClaim) and by ${b} (storage.existingClaim)`,
    ]);
  });

  test('the same releaseName and namespace in two files: every object twice, and both would write one file', () => {
    const r = expectRefused([externalRelease('a', 'ns', 'x'), externalRelease('a', 'ns', 'y')], ([a, b]) => [
      `error: StatefulSet "a-milvus-writable" (namespace "ns") is rendered more than once: by ${a} (writable) and by ${b} (writable)`,
      'give each release its own releaseName or namespace',
    ]);
    expect(r.stderr).not.toContain('both write');
  });
});

test('a data file left by an earlier run is not rewritten and draws a warning once the release renders no data part', () => {
  const out = tmp();
  const config = { namespace: 'milvus', releaseName: 'demo', storage: { storageClassName: 'rwx', readWriteMany: true } };
  expect(cli('synth', '--config', configFile(config), '--out', out).code).toBe(0);
  const before = readFileSync(join(out, 'demo.data.k8s.yaml'), 'utf8');
  const r = cli('synth', '--config', configFile({ ...config, storage: { existingClaim: 'demo-milvus' } }), '--out', out);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain('demo.data.k8s.yaml');
  expect(r.stderr).toMatch(new RegExp(`^warning: ${join(out, 'demo.data.k8s.yaml')} is from an earlier run: release demo renders no data objects now; do not apply it \\(delete the file\\)\nNOTES`));
  expect(readFileSync(join(out, 'demo.data.k8s.yaml'), 'utf8')).toBe(before);
});
