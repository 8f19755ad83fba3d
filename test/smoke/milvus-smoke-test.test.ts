/**
 * The smoke-test Job: off unless asked for; runs the tested program (the ConfigMap holds exactly
 * SMOKE_TEST_SCRIPT) in the release's Mishards image against the Mishards Service; hardened,
 * non-root, its own ServiceAccount without a token; bad options rejected by name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { MilvusVersion } from '../../src';
import { mermaidDiagram } from '../../src/cli/_diagram';
import { SMOKE_TEST_SCRIPT } from '../../src/smoke/_smoke-test-script';
import { MilvusSmokeTest } from '../../src/smoke/milvus-smoke-test';
import { expectInvalid, expectSchemaValid, find, ofKind, podSpecOf, runCli, synth, synthFile } from '../support';

const SEED = join(__dirname, '..', '..', 'examples', 'seed.yaml');

function synthConfig(extra: string): any[] {
  const file = join(mkdtempSync(join(tmpdir(), 'smoke-job-')), 'c.yaml');
  writeFileSync(file, `${readFileSync(SEED, 'utf8')}\n${extra}\n`);
  return synthFile(file);
}

test('no Job unless the config asks for one', () => {
  expect(ofKind(synthConfig(''), 'Job')).toEqual([]);
});

describe('smokeTest: {} on the tutorial\'s cluster', () => {
  const objs = synthConfig('smokeTest: {}');
  const job = find(objs, 'Job', 'my-release-milvus-smoke-test');
  const pod = podSpecOf(job);
  const [container] = pod.containers;

  test('schema-valid objects: Job, ConfigMap with the tested program, ServiceAccount', () => {
    expectSchemaValid(objs);
    expect(find(objs, 'ConfigMap', 'my-release-milvus-smoke-test').data).toEqual({ 'smoke_test.py': SMOKE_TEST_SCRIPT });
    expect(pod.volumes.find((v: any) => v.name === 'script').configMap.name).toBe('my-release-milvus-smoke-test');
  });

  test('connects through the Mishards Service, from the release\'s Mishards image (its pymilvus, offline)', () => {
    const mishards = find(objs, 'Deployment', 'my-release-milvus-mishards');
    expect(container.image).toBe(podSpecOf(mishards).containers.find((c: any) => c.name === 'mishards').image);
    expect(container.command).toEqual(['python', '/etc/smoke-test/smoke_test.py']);
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    const service = find(objs, 'Service', 'my-release-milvus');
    expect(env).toMatchObject({ MILVUS_HOST: service.metadata.name, MILVUS_PORT: String(service.spec.ports[0].port) });
    expect(job.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 1200 });
    expect(pod.restartPolicy).toBe('Never');
  });

  test('hardened: non-root, read-only root, no capabilities, own ServiceAccount without a token', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.serviceAccountName).toBe('my-release-milvus-smoke-test');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(objs, 'ServiceAccount', 'my-release-milvus-smoke-test').automountServiceAccountToken).toBe(false);
    expect(container.resources.limits).toMatchObject({ cpu: '1', memory: '512Mi' });
  });
});

test('the NetworkPolicies let the test reach Mishards on its port, and nothing else (DNS aside)', () => {
  const objs = synthConfig('smokeTest: {}');
  const smoke = 'Job_milvus_my_release_milvus_smoke_test';
  const arrows = mermaidDiagram(objs).split('\n').filter(l => l.includes(smoke) && / -->\|/.test(l)).map(l => l.trim());
  expect(arrows).toEqual([`${smoke} -->|"TCP 19530"| Deployment_milvus_my_release_milvus_mishards`]);
  // DNS: the release-wide arrow from the namespace still covers it (every pod of the namespace).
  expect(mermaidDiagram(objs)).toContain('ns_milvus -->|"TCP 53, UDP 53"|');
  // Without its policy row, the test cannot reach Mishards.
  const without = objs.filter(o => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'my-release-milvus-smoke-test'));
  expect(mermaidDiagram(without)).not.toContain(`${smoke} -->`);
  // With clients restricted, the test is still admitted at Mishards.
  const restricted = synthConfig('smokeTest: {}\nnetworkPolicies: { clients: { cidrs: [10.0.0.0/8] } }');
  expect(mermaidDiagram(restricted)).toContain(`${smoke} -->|"TCP 19530"| Deployment_milvus_my_release_milvus_mishards`);
});

test('the NOTES of a release with a smoke test say how to wait for it and read its verdict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-notes-'));
  const config = join(dir, 'c.yaml');
  writeFileSync(config, `${readFileSync(SEED, 'utf8')}\nsmokeTest: {}\n`);
  expect(runCli('synth', '--config', config, '--out', dir).code).toBe(0);
  const notes = readFileSync(join(dir, 'my-release.NOTES.txt'), 'utf8');
  expect(notes).toContain('kubectl -n milvus wait --for=condition=complete --timeout=20m job/my-release-milvus-smoke-test');
  expect(notes).toContain('kubectl -n milvus logs job/my-release-milvus-smoke-test');
  writeFileSync(config, readFileSync(SEED, 'utf8'));
  expect(runCli('synth', '--config', config, '--out', dir).code).toBe(0);
  expect(readFileSync(join(dir, 'my-release.NOTES.txt'), 'utf8')).not.toContain('job/my-release-milvus-smoke-test');
});

test('the README\'s commands name this Job', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const name = find(synthConfig('smokeTest: {}'), 'Job', 'my-release-milvus-smoke-test').metadata.name;
  expect(readme).toContain(`kubectl -n milvus wait --for=condition=complete job/${name}`);
  expect(readme).toContain(`kubectl -n milvus logs job/${name}`);
});

describe('the construct', () => {
  const make = (props: Partial<ConstructorParameters<typeof MilvusSmokeTest>[2]> = {}) => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'milvus' });
    new MilvusSmokeTest(chart, 'Smoke', { releaseName: 'r', version: MilvusVersion.V1_1_1, host: 'r-milvus', ...props });
    return synth(chart);
  };

  test('a 1.1 release tests with the 1.1 Mishards image (pymilvus 1.1.x)', () => {
    expect(podSpecOf(find(make(), 'Job', 'r-milvus-smoke-test')).containers[0].image).toBe('milvusdb/mishards:1.1.1');
  });

  test('options: timeout, deadline, TTL', () => {
    const job = find(make({ connectTimeoutSeconds: 120, activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 3600 }), 'Job', 'r-milvus-smoke-test');
    expect(job.spec).toMatchObject({ activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 3600 });
    expect(podSpecOf(job).containers[0].env).toContainEqual({ name: 'SMOKE_CONNECT_TIMEOUT_SECONDS', value: '120' });
  });

  test.each([
    ['image', { image: 'milvusdb/mishards' }],
    ['host', { host: 'not a host' }],
    ['port', { port: 0 }],
    ['connectTimeoutSeconds', { connectTimeoutSeconds: 0 }],
    ['activeDeadlineSeconds', { connectTimeoutSeconds: 600, activeDeadlineSeconds: 600 }],
    ['ttlSecondsAfterFinished', { ttlSecondsAfterFinished: -1 }],
  ])('rejects a bad %s', (prop, props) => {
    expectInvalid(() => make(props as any), prop);
  });

  test('the config reports its keys under smokeTest', () => {
    expect(() => synthConfig('smokeTest: { connectTimeoutSeconds: 0 }')).toThrow(/smokeTest\.connectTimeoutSeconds/);
  });
});
