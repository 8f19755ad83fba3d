/**
 * Overrides as Helm has them: a release from its --config file, the -f/--values files after it
 * (maps merged, lists replaced, later files win, null removes), then --set/--set-json (wins over
 * every file); --config - reads stdin; an error names the layer its value came from.
 */
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { cli, cliWithStdin, configFile, tmp } from './_cli';
import { EXAMPLES_DIR, loadExample } from '../cluster/_fixtures';
import { find, K8sObject } from '../support';

const MINIMAL = join(EXAMPLES_DIR, 'minimal.yaml');

function objects(stdout: string): K8sObject[] {
  return parseAllDocuments(stdout).map(d => d.toJS());
}

function synth(...argv: string[]): K8sObject[] {
  const r = cli('synth', ...argv, '--stdout', '--quiet');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return objects(r.stdout);
}

const readonlyOf = (objs: K8sObject[]) => find(objs, 'Deployment', 'demo-milvus-readonly');
const service = (objs: K8sObject[]) => find(objs, 'Service', 'demo-milvus');

describe('-f override files', () => {
  test('deep merge of maps: a key an override leaves out keeps the base file\'s value', () => {
    const base = configFile({ ...loadExample('minimal.yaml'), readonly: { replicas: 2, resources: { memoryLimit: '8Gi' } } });
    const prod = configFile({ readonly: { replicas: 3 } });
    const r = readonlyOf(synth('--config', base, '-f', prod));
    expect(r.spec.replicas).toBe(3);
    expect(r.spec.template.spec.containers[0].resources.limits.memory).toBe('8Gi');
  });

  test('later files win; lists are replaced, not merged; null removes a key', () => {
    const base = configFile({ ...loadExample('minimal.yaml'), labels: { team: 'a', tier: 'x' }, mishards: { exposure: { type: 'LoadBalancer', sourceRanges: ['10.0.0.0/8', '192.168.0.0/16'] } } });
    const one = configFile({ labels: { team: 'b' }, mishards: { exposure: { sourceRanges: ['203.0.113.0/24'] } } });
    const two = configFile({ labels: { team: 'c', tier: null } });
    const objs = synth('--config', base, '--values', one, '-f', two);
    expect(service(objs).spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24']);
    expect(service(objs).metadata.labels.team).toBe('c');
    expect(service(objs).metadata.labels.tier).toBeUndefined();
  });

  test('an empty override file changes nothing', () => {
    expect(synth('--config', MINIMAL, '-f', configFile(''))).toEqual(synth('--config', MINIMAL));
  });

  test('an override before the --config it was meant for is a usage error, not a release of its own', () => {
    const r = cli('synth', '-f', MINIMAL, '--config', MINIMAL, '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: --values ${MINIMAL} comes before any --config: overrides follow the --config they change`);
  });

  test('-f without --config: the first file is the release\'s base, as with helm -f a -f b', () => {
    expect(readonlyOf(synth('-f', MINIMAL, '-f', configFile({ readonly: { replicas: 4 } }))).spec.replicas).toBe(4);
  });
});

describe('--set', () => {
  test('wins over every file, wherever it stands; values typed by the schema', () => {
    const prod = configFile({ readonly: { replicas: 3 } });
    const objs = synth('--config', MINIMAL, '--set', 'readonly.replicas=5', '-f', prod, '--set', 'mishards.exposure.type=NodePort,mishards.exposure.nodePort=32227');
    expect(readonlyOf(objs).spec.replicas).toBe(5);
    expect(service(objs).spec).toMatchObject({ type: 'NodePort', ports: [expect.objectContaining({ nodePort: 32227 })] });
  });

  test('a string key keeps its text: version=1.1 is "1.1", not the number 1.1', () => {
    const objs = synth('--config', MINIMAL, '--set', 'version=1.1');
    expect(find(objs, 'StatefulSet', 'demo-milvus-writable').spec.template.spec.containers[0].image).toContain(':1.1.1-cpu');
  });

  test('lists: {x,y} sets a whole list, [N] one element; booleans; escaped dots inside map keys', () => {
    const objs = synth('--config', MINIMAL,
      '--set', 'mishards.exposure.type=LoadBalancer', '--set', 'mishards.exposure.sourceRanges={10.0.0.0/8,192.168.0.0/16}',
      '--set', 'mishards.exposure.sourceRanges[1]=203.0.113.0/24',
      '--set', 'mishards.exposure.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-scheme=internal',
      '--set', 'createNamespace=true');
    expect(service(objs).spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8', '203.0.113.0/24']);
    expect(service(objs).metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    expect(objs.some(o => o.kind === 'Namespace')).toBe(true);
  });

  test('--set-json: structured values (Kubernetes tolerations)', () => {
    const objs = synth('--config', MINIMAL, '--set-json', 'readonly.tolerations=[{"key":"gpu","operator":"Exists","effect":"NoSchedule"}]');
    expect(readonlyOf(objs).spec.template.spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('key=null removes a key a file set', () => {
    const base = configFile({ ...loadExample('minimal.yaml'), readonly: { replicas: 3 } });
    expect(readonlyOf(synth('--config', base, '--set', 'readonly.replicas=null')).spec.replicas).toBe(1);
  });

  test.each([
    ['no =', 'readonly.replicas', 'expected KEY=VALUE'],
    ['an empty key', '.replicas=1', 'expected KEY=VALUE'],
    ['a bad index', 'mishards.exposure.sourceRanges[x]=1', 'a list index is [N]'],
  ])('a malformed --set (%s): exit 2, the --set named, nothing synthesized', (_, expr, message) => {
    const r = cli('synth', '--config', MINIMAL, '--set', expr, '--stdout');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`error: --set ${expr}: ${message}`);
  });

  test('a --set-json that is not JSON', () => {
    const r = cli('synth', '--config', MINIMAL, '--set-json', 'labels={team: a}', '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --set-json labels={team: a}: the value is not JSON');
  });
});

describe('errors name the layer a bad value came from', () => {
  test('a wrong type from an override file, another from a --set, a missing key of the base', () => {
    const base = configFile({ namespace: 'milvus', storage: { storageClassName: 'rwx', readWriteMany: true } }, 'base.yaml');
    const prod = configFile({ readonly: { replicas: 'three' } }, 'prod.yaml');
    const r = cli('synth', '--config', base, '-f', prod, '--set', 'mishards.replicas=two', '--stdout');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`error: ${base} + ${prod} + --set is not a valid cluster config (3 problems):`);
    expect(r.stderr).toContain(`  - readonly.replicas: expected number, got "three" (from ${prod})`);
    expect(r.stderr).toContain('  - mishards.replicas: expected number, got "two" (from --set mishards.replicas=two)');
    expect(r.stderr).toContain('  - releaseName: required key is missing');
  });

  test('a value a construct rejects names its layer too', () => {
    const r = cli('synth', '--config', MINIMAL, '--set', 'readonly.replicas=0', '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid readonly\.replicas: got 0; .* \(from --set readonly\.replicas=0\)/);
  });

  test('a rejected default is marked as one, with the key that sets it, and attributed to no layer', () => {
    const prod = configFile({ writable: { resources: { memoryLimit: '2Gi' } } }, 'prod.yaml');
    const r = cli('synth', '--config', MINIMAL, '-f', prod, '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  - invalid writable.resources.memoryRequest: got "4Gi" (the default; set writable.resources.memoryRequest); '
      + 'a request must not exceed its limit (writable.resources.memoryLimit is "2Gi")\n');
  });

  test('an override file that cannot be read', () => {
    const missing = join(tmp(), 'missing.yaml');
    const r = cli('synth', '--config', MINIMAL, '-f', missing, '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`error: cannot read config ${missing.replace(/[.]/g, '\\.')}: .*ENOENT`));
  });
});

describe('--config - (stdin)', () => {
  test('reads the config from stdin, as a base or as an override', () => {
    const text = 'namespace: milvus\nreleaseName: demo\nstorage: { storageClassName: managed-nfs, readWriteMany: true }\n';
    const fromStdin = cliWithStdin(text, 'synth', '--config', '-', '--stdout', '--quiet');
    expect(fromStdin).toEqual(cli('synth', '--config', MINIMAL, '--stdout', '--quiet'));
    const override = cliWithStdin('readonly: { replicas: 2 }\n', 'synth', '--config', MINIMAL, '-f', '-', '--stdout', '--quiet');
    expect(readonlyOf(objects(override.stdout)).spec.replicas).toBe(2);
  });

  test('an error in it is reported as <stdin>', () => {
    const r = cliWithStdin('namespace: [milvus\n', 'synth', '--config', '-', '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: cannot read config <stdin>:');
  });

  test('stdin can be read once', () => {
    const r = cliWithStdin('x: 1\n', 'synth', '--config', '-', '--config', '-', '--stdout');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('- (stdin) can be read once');
  });
});

test('several releases in one run still work: each --config with its own layers', () => {
  const r = cli('synth', '--config', MINIMAL, '--set', 'readonly.replicas=2',
    '--config', MINIMAL, '--set', 'releaseName=other', '--stdout', '--quiet');
  expect(r.code).toBe(0);
  const objs = objects(r.stdout);
  expect(readonlyOf(objs).spec.replicas).toBe(2);
  expect(find(objs, 'Deployment', 'other-milvus-readonly').spec.replicas).toBe(1);
});
