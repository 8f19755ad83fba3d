/** `cdk8s-milvus --help [KEY]`: one screen first, every key on request, from the jsii assembly. */
import { cli } from './_cli';
import { schemaKeys } from '../cluster/_fixtures';

/** Key paths shown by a help text, rebuilt from its indentation (two spaces per level below `base`). */
function shownPaths(help: string, base = ''): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of help.split('\n')) {
    const m = /^( *)([A-Za-z][A-Za-z0-9]*): (string|number|boolean|any|map<|array<|"|[A-Z])/.exec(line);
    if (!m) { continue; }
    stack.length = m[1].length / 2;
    stack.push(m[2]);
    paths.push([base, ...stack].filter(Boolean).join('.'));
  }
  return paths;
}

describe('--help: one screen', () => {
  const help = cli('--help');
  const lines = help.stdout.trimEnd().split('\n');

  test('exit 0; fits a screen: at most 45 lines of at most 125 columns', () => {
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(lines.length).toBeLessThanOrEqual(45);
    expect(lines.filter(l => l.length > 125)).toEqual([]);
  });

  test('commands first, then the flags, then every top-level config section', () => {
    const at = (text: string) => lines.findIndex(l => l.includes(text));
    expect(at('cdk8s-milvus synth -c FILE')).toBeGreaterThan(0);
    expect(at('cdk8s-milvus init [FILE]')).toBeGreaterThan(at('cdk8s-milvus synth'));
    const flags = lines.slice(at('Flags:'), at('Config sections')).join('\n');
    for (const flag of ['-c, --config FILE', '-f, --values FILE', '--set KEY=VALUE', '--set-json KEY=JSON', '-o, --out DIR', '--stdout', '-q, --quiet', '--force', '-h, --help [KEY]', '--version']) {
      expect(flags).toContain(`${flag} `);
    }
    const sections = lines.slice(at('Config sections')).map(l => /^ {2}([a-zA-Z]+) /.exec(l)?.[1]).filter(Boolean);
    expect(sections).toEqual(['namespace', 'releaseName', 'version', 'images', 'createNamespace', 'storage', 'mysql', 'externalMysql',
      'writable', 'readonly', 'mishards', 'networkPolicies', 'smokeTest', 'labels', 'imagePullSecrets', 'imageRegistry', 'imagePullPolicy']);
  });

  test.each([['-h'], ['help']])('%s is --help', flag => {
    expect(cli(flag)).toEqual(help);
  });

  test('--help COMMAND: that command and its flags only', () => {
    const r = cli('--help', 'init');
    expect(r.stdout).toContain('cdk8s-milvus init [FILE] [--force]');
    expect(r.stdout).toContain('--force');
    expect(r.stdout).not.toContain('--stdout');
    expect(cli('init', '--help')).toEqual(r);
    expect(cli('help', 'init')).toEqual(r);
  });
});

describe('--help KEY: that subtree in full', () => {
  test('mishards.exposure: every key under it, with type, default and documentation', () => {
    const r = cli('--help', 'mishards.exposure');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^exposure: ClusterExposureConfig \[default: ClusterIP\]\n {4}How the public Service is reachable\.\n/);
    expect(r.stdout).toMatch(/\n {2}nodePort: number \[default: assigned by the cluster\]\n {6}Fixed node port/);
    expect(shownPaths(r.stdout, 'mishards')).toEqual(expect.arrayContaining([
      'mishards.exposure.type', 'mishards.exposure.nodePort', 'mishards.exposure.nodePortRange.min', 'mishards.exposure.externalTrafficPolicy',
    ]));
  });

  test('a leaf key: its line and documentation', () => {
    const r = cli('--help', 'storage.nfs.reclaimPolicy');
    expect(r.stdout).toBe('reclaimPolicy: "Retain" | "Delete" [default: "Retain"]\n'
      + '    StorageClass `reclaimPolicy`. With `Retain` a deleted claim leaves its PV `Released` and its directory untouched.\n');
  });

  test('a Kubernetes struct: its fields and the API reference', () => {
    const r = cli('--help', 'writable.tolerations');
    expect(r.stdout).toContain('tolerations: array<Toleration> [default: none]');
    expect(r.stdout).toContain('https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.28/#toleration-v1-core');
    for (const field of ['effect', 'key', 'operator', 'tolerationSeconds', 'value']) { expect(r.stdout).toMatch(new RegExp(`\\n {2}${field}: `)); }
    expect(cli('--help', 'readonly.affinity').stdout).toMatch(/nodeAffinity: NodeAffinity/);
  });

  test('an unknown key: exit 2 with the nearest key', () => {
    const r = cli('--help', 'mishards.expsure');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('no config key "mishards.expsure"; did you mean mishards.exposure?');
  });
});

describe('--help all', () => {
  const all = cli('--help', 'all').stdout;

  test('every key of every struct, at one of its paths: a struct used in several places is printed once', () => {
    const shown = new Set(shownPaths(all));
    const keys = [...schemaKeys()];
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter(([, paths]) => !paths.some(p => shown.has(p))).map(([key]) => key)).toEqual([]);
    expect([...shown].filter(p => !keys.some(([, paths]) => paths.includes(p)))).toEqual([]);
    // writable and readonly are both MilvusNodeOptions: readonly points to writable.
    expect(shown.has('writable.config.cache.cacheSize')).toBe(true);
    expect(shown.has('readonly.config.cache.cacheSize')).toBe(false);
    expect(all).toContain('(the keys of writable: cdk8s-milvus --help writable)');
  });

  test('enum values in config spelling, in types, defaults and documentation', () => {
    expect(all).toContain('reclaimPolicy: "Retain" | "Delete" [default: "Retain"]');
    expect(all).toContain('With `Retain` a deleted claim');
    expect(all).toContain('(`onDelete: delete`, `archiveOnDelete: false`)');
    expect(all).toContain('only acts with `reclaimPolicy: Delete`');
    expect(all).toContain('level: "debug" | "info" | "warning" | "error" | "fatal" [default: "info" (the upstream default is debug)]');
    // No API spelling of an enum member anywhere: RETAIN, IF_NOT_PRESENT, NfsReclaimPolicy.RETAIN ...
    expect(all.match(/`(RETAIN|DELETE|ALWAYS|IF_NOT_PRESENT|NEVER|IMMEDIATE|WAIT_FOR_FIRST_CONSUMER|CLUSTER|LOCAL)`|\b[A-Z][a-zA-Z]+\.[A-Z_]{3,}\b/g)).toBeNull();
  });

  test('Kubernetes structs name their fields and link the API reference, not a jsii type name', () => {
    expect(all).toContain('Kubernetes Toleration, fields: effect, key, operator, tolerationSeconds, value');
    expect(all).toContain('#affinity-v1-core');
    expect(all).not.toContain('cdk8s-plus-28.k8s.');
  });
});
