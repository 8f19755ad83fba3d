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

/** The release's one Job (its name ends in a hash of its spec). */
function jobOf(objs: any[]): any {
  const jobs = ofKind(objs, 'Job');
  expect(jobs).toHaveLength(1);
  return jobs[0];
}

test('no Job unless the config asks for one', () => {
  expect(ofKind(synthConfig(''), 'Job')).toEqual([]);
});

describe('smokeTest: {} on the tutorial\'s cluster', () => {
  const objs = synthConfig('smokeTest: {}');
  const job = jobOf(objs);
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
  const smoke = `Job_milvus_${jobOf(objs).metadata.name.replace(/-/g, '_')}`;
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

test('the NOTES of a release with a smoke test say how to wait for it, see a failure at once, read its verdict and run it again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-notes-'));
  const config = join(dir, 'c.yaml');
  writeFileSync(config, `${readFileSync(SEED, 'utf8')}\nsmokeTest: {}\n`);
  expect(runCli('synth', '--config', config, '--out', dir).code).toBe(0);
  const notes = readFileSync(join(dir, 'my-release.NOTES.txt'), 'utf8');
  const name = jobOf(synthConfig('smokeTest: {}')).metadata.name;
  expect(notes).toContain(`kubectl -n milvus wait --for=condition=complete --timeout=20m job/${name}`);
  expect(notes).toContain(`kubectl -n milvus get job/${name} -o jsonpath='{.status.conditions[*].type}{"\\n"}'`);
  expect(notes).toContain(`kubectl -n milvus logs job/${name}`);
  // Run again: delete, then the ApplySet apply of the workloads (a plain apply would drop them from the set).
  expect(notes).toContain(`kubectl -n milvus delete job/${name}   # to run it again, then:\n     KUBECTL_APPLYSET=true kubectl apply -n milvus --prune --applyset=configmaps/my-release-milvus-applyset -f ${dir}/my-release.k8s.yaml\n`);
  writeFileSync(config, readFileSync(SEED, 'utf8'));
  expect(runCli('synth', '--config', config, '--out', dir).code).toBe(0);
  expect(readFileSync(join(dir, 'my-release.NOTES.txt'), 'utf8')).not.toContain('job/my-release-milvus-smoke-test');
});

describe('the Job is named by a hash of what it runs (its pod template is immutable: a changed test must be a new Job, which the ApplySet prune then replaces)', () => {
  const base = jobOf(synthConfig('smokeTest: {}')).metadata.name;

  test('<fullname>-smoke-test-<8 hex>, the same for the same config', () => {
    expect(base).toMatch(/^my-release-milvus-smoke-test-[0-9a-f]{8}$/);
    expect(jobOf(synthConfig('smokeTest: {}')).metadata.name).toBe(base);
  });

  test.each([
    ['the version', 'smokeTest: {}', (seed: string) => seed.replace(/^version: 0\.10\.0$/m, 'version: 0.10.1')],
    ['the resources', 'smokeTest: { resources: { memoryLimit: 1Gi } }', (seed: string) => seed],
    ['the image registry', 'smokeTest: {}\nimageRegistry: registry.local:5000', (seed: string) => seed],
  ])('a change of %s is a new Job; its ConfigMap and ServiceAccount keep their names', (_what, extra, edit) => {
    const file = join(mkdtempSync(join(tmpdir(), 'smoke-job-')), 'c.yaml');
    writeFileSync(file, `${edit(readFileSync(SEED, 'utf8'))}\n${extra}\n`);
    const objs = synthFile(file);
    expect(jobOf(objs).metadata.name).not.toBe(base);
    expect(jobOf(objs).metadata.name).toMatch(/^my-release-milvus-smoke-test-[0-9a-f]{8}$/);
    expect(find(objs, 'ConfigMap', 'my-release-milvus-smoke-test')).toBeDefined();
    expect(find(objs, 'ServiceAccount', 'my-release-milvus-smoke-test')).toBeDefined();
  });

  test('the longest release name allowed still gives a Job name of at most 63 characters (the job-name label its pods carry)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'milvus' });
    const release = 'r'.repeat(63 - '-milvus-smoke-test'.length);
    const smoke = new MilvusSmokeTest(chart, 'Smoke', { releaseName: release, version: MilvusVersion.V1_1_1, host: 'r-milvus' });
    expect(smoke.job.name.length).toBeLessThanOrEqual(63);
    expect(smoke.job.name).toMatch(new RegExp(`^${release}-milvus-[a-z-]*[a-z]-[0-9a-f]{8}$`));
    expect(smoke.configMap.name).toBe(`${release}-milvus-smoke-test`);
  });
});

test('the README points to the NOTES for the Job\'s name and gives the ApplySet apply', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Smoke test'), readme.indexOf('\n## ', readme.indexOf('## Smoke test') + 1));
  expect(section).toContain('kubectl -n milvus wait --for=condition=complete --timeout=20m job/my-release-milvus-smoke-test-<hash>');
  expect(section).toContain('kubectl -n milvus logs job/my-release-milvus-smoke-test-<hash>');
  expect(section).toContain('KUBECTL_APPLYSET=true kubectl apply -n milvus --prune --applyset=configmaps/my-release-milvus-applyset -f dist/my-release.k8s.yaml');
});

describe('the construct', () => {
  const make = (props: Partial<ConstructorParameters<typeof MilvusSmokeTest>[2]> = {}) => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'milvus' });
    new MilvusSmokeTest(chart, 'Smoke', { releaseName: 'r', version: MilvusVersion.V1_1_1, host: 'r-milvus', ...props });
    return synth(chart);
  };

  test('a 1.1 release tests with the 1.1 Mishards image (pymilvus 1.1.x)', () => {
    expect(podSpecOf(jobOf(make())).containers[0].image).toBe('milvusdb/mishards:1.1.1');
  });

  test('options: timeout, deadline, TTL', () => {
    const job = jobOf(make({ connectTimeoutSeconds: 120, activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 3600 }));
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
