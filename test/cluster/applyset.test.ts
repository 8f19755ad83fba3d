/**
 * The workloads file as a kubectl ApplySet (issue 11, point 4), checked against KEP-3659
 * (kubernetes/enhancements keps/sig-cli/3659-kubectl-apply-prune/README.md) and kubectl's
 * implementation (kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/apply/applyset.go).
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ALL_OPTIONS, ALTERNATIVES, EXISTING_CLAIM, loadExample, PASSWORDS } from './_fixtures';
import { MilvusClusterChart, MilvusClusterChartProps } from '../../src';
import { splitRelease } from '../../src/cli/_output';
import {
  APPLYSET_PART_OF_LABEL, applySetCommand, applySetId, applySetParentName, applySetPlan, applySetProblems, groupOf, Manifest,
} from '../../src/cluster/_applyset';
import { markKeptData } from '../../src/common/_kept-data';
import { helmFullname } from '../../src/common/_names';
import { K8sObject } from '../support';
import { allScenarios } from '../verification/scenarios';

const SCENARIOS: Array<[string, MilvusClusterChartProps]> = [
  ['seed', loadExample('seed.yaml')], ['production', loadExample('production.yaml')], ['all options', ALL_OPTIONS],
  ['alternatives', ALTERNATIVES], ['passwords', PASSWORDS], ['existing claim', EXISTING_CLAIM],
];

function workloadsOf(config: MilvusClusterChartProps): K8sObject[] {
  const chart = new MilvusClusterChart(Testing.app(), 'r', config);
  const release = splitRelease(chart, config.releaseName, config.namespace, chart.toJson());
  return release.parts.find(p => !p.data)!.manifests as K8sObject[];
}

describe('the ApplySet id (KEP "ApplySet Identification")', () => {
  test('kubectl\'s own test vector: Secret my-set in namespace test (apply_test.go)', () => {
    expect(applySetId({ name: 'my-set', namespace: 'test', kind: 'Secret', group: '' })).toBe('applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1');
  });

  test('a release\'s parent is the ConfigMap <fullname>-applyset; its id is a valid label value', () => {
    const plan = applySetPlan(applySetParentName('my-release-milvus'), 'milvus', []);
    expect(plan).toMatchObject({ parentName: 'my-release-milvus-applyset', parentRef: 'configmaps/my-release-milvus-applyset', namespace: 'milvus' });
    // base64url without padding: 43 characters for 32 bytes; "applyset-" + 43 + "-v1" = 55 <= 63.
    expect(plan.id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    // Computed independently: python3 -c "import base64,hashlib; print(base64.urlsafe_b64encode(hashlib.sha256(
    // b'my-release-milvus-applyset.milvus.ConfigMap.').digest()).decode().rstrip('='))"
    expect(plan.id).toBe('applyset-ryPSH0hkDJGkCMHfMPq6-3rSPHpUTckxEg5OAelESnI-v1');
  });

  test('group of an apiVersion: core is ""', () => {
    expect([groupOf('v1'), groupOf('apps/v1'), groupOf('rbac.authorization.k8s.io/v1')]).toEqual(['', 'apps', 'rbac.authorization.k8s.io']);
  });
});

describe.each(SCENARIOS)('%s: the workloads satisfy kubectl\'s ApplySet rules', (_name, config) => {
  const members = workloadsOf(config);
  const plan = applySetPlan(applySetParentName(`${config.releaseName}-milvus`), config.namespace, members);

  test('no problem: no applyset label of its own, no owner references, one namespace, not the parent', () => {
    expect(applySetProblems(plan, members)).toEqual([]);
    expect(members.some(m => m.kind === 'ConfigMap' && m.metadata.name === plan.parentName)).toBe(false);
  });

  test('contains-group-kinds: <Kind>[.<group>], sorted, every member kind; no other namespace to add', () => {
    expect(plan.groupKinds).toEqual([...plan.groupKinds].sort());
    expect(new Set(plan.groupKinds)).toEqual(new Set(members.map(m => (groupOf(m.apiVersion) ? `${m.kind}.${groupOf(m.apiVersion)}` : m.kind))));
    expect(plan.additionalNamespaces).toEqual([]);
  });

  test('no data object is a member (pruning never deletes data)', () => {
    expect(members.filter(m => m.kind === 'Secret' || m.kind === 'Namespace' || (m.kind === 'PersistentVolumeClaim' && m.metadata.name === `${config.releaseName}-milvus`))).toEqual([]);
  });
});

test('the seed\'s set: cluster-scoped NFS parts included (kubectl lists them cluster-wide)', () => {
  const plan = applySetPlan('my-release-milvus-applyset', 'milvus', workloadsOf(loadExample('seed.yaml')));
  expect(plan.groupKinds).toEqual([
    'ClusterRole.rbac.authorization.k8s.io', 'ClusterRoleBinding.rbac.authorization.k8s.io', 'ConfigMap', 'Deployment.apps',
    'NetworkPolicy.networking.k8s.io', 'PersistentVolume', 'PersistentVolumeClaim', 'Role.rbac.authorization.k8s.io', 'RoleBinding.rbac.authorization.k8s.io',
    'Service', 'ServiceAccount', 'StatefulSet.apps', 'StorageClass.storage.k8s.io',
  ]);
  expect(applySetCommand(plan, 'dist/my-release.k8s.yaml'))
    .toBe('KUBECTL_APPLYSET=true kubectl apply -n milvus --prune --applyset=configmaps/my-release-milvus-applyset -f dist/my-release.k8s.yaml');
});

describe('each rule catches what kubectl would refuse', () => {
  const plan = applySetPlan('r-milvus-applyset', 'milvus', []);
  const obj = (kind: string, metadata: Manifest['metadata'], apiVersion = 'v1'): Manifest => ({ apiVersion, kind, metadata });
  test.each<[string, Manifest, string]>([
    ['a member carrying part-of', obj('Service', { name: 's', namespace: 'milvus', labels: { [APPLYSET_PART_OF_LABEL]: 'x' } }), 'kubectl sets the ApplySet labels itself'],
    ['owner references', obj('Service', { name: 's', namespace: 'milvus', ownerReferences: [{}] }), 'ownership conflict'],
    ['the parent itself', obj('ConfigMap', { name: 'r-milvus-applyset', namespace: 'milvus' }), 'prune its own parent'],
    ['another namespace', obj('Service', { name: 's', namespace: 'other' }), 'not the ApplySet\'s "milvus"'],
    ['a cluster-scoped object with a namespace', obj('StorageClass', { name: 'c', namespace: 'milvus' }, 'storage.k8s.io/v1'), 'cluster-scoped but has namespace'],
  ])('%s', (_what, member, message) => {
    expect(applySetProblems(plan, [member])).toEqual([expect.stringContaining(message)]);
  });
});

test('labels under applyset.kubernetes.io/ are refused on the chart (kubectl owns them)', () => {
  expect(() => new MilvusClusterChart(Testing.app(), 'r', { ...PASSWORDS, labels: { [APPLYSET_PART_OF_LABEL]: 'x' } }))
    .toThrow(expect.objectContaining({ prop: `labels.${APPLYSET_PART_OF_LABEL}` }));
  expect(() => new Chart(Testing.app(), 'ok', { labels: { team: 'a' } })).not.toThrow();
});

describe('an upgrade that only changes a replica count restarts no pod', () => {
  const workloads = (config: MilvusClusterChartProps) =>
    workloadsOf(config).filter(o => ['Deployment', 'StatefulSet'].includes(o.kind));

  test.each([
    ['readonly', 1, 3], ['readonly', 2, 1], ['mishards', 1, 2],
  ] as const)('%s.replicas %d -> %d: every pod template identical; only replicas and the PodDisruptionBudget change', (part, from, to) => {
    const seed = loadExample('seed.yaml');
    const at = (replicas: number) => ({ ...seed, [part]: { ...(seed as any)[part], replicas } });
    const before = workloads(at(from));
    const after = workloads(at(to));
    expect(after.map(w => w.metadata.name)).toEqual(before.map(w => w.metadata.name));
    for (const [i, w] of after.entries()) {
      expect(w.spec.template).toEqual(before[i].spec.template);
    }
    const changed = after.filter((w, i) => w.spec.replicas !== before[i].spec.replicas).map(w => w.metadata.name);
    expect(changed).toEqual([`my-release-milvus-${part}`]);
    const pdbs = (config: MilvusClusterChartProps) => workloadsOf(config).filter(o => o.kind === 'PodDisruptionBudget').map(o => o.metadata.name);
    expect(pdbs(at(Math.max(from, to)))).toContain(`my-release-milvus-${part}`);
    expect(pdbs(at(Math.min(from, to)))).not.toContain(`my-release-milvus-${part}`);
  });
});

test('every scenario of the schema matrix: the workloads form a valid ApplySet and hold no data object', () => {
  const scenarios = allScenarios();
  expect(scenarios.length).toBeGreaterThanOrEqual(50);
  for (const { name, props } of scenarios) {
    const members = workloadsOf(props);
    const fullname = helmFullname(props.releaseName, 'milvus');
    const plan = applySetPlan(applySetParentName(fullname), props.namespace, members);
    expect([name, applySetProblems(plan, members)]).toEqual([name, []]);
    const data = members.filter(m => m.kind === 'Secret' || m.kind === 'Namespace' || (m.kind === 'PersistentVolumeClaim' && m.metadata.name === fullname));
    expect([name, data.map(d => `${d.kind}/${d.metadata.name}`)]).toEqual([name, []]);
  }
});

describe('the data file holds exactly the objects marked as kept data', () => {
  test('an object of the same kind and name in another namespace or API group stays a workload', () => {
    const chart = new Chart(Testing.app(), 'split');
    markKeptData(new ApiObject(chart, 'kept-other-namespace', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'same', namespace: 'other' } }));
    markKeptData(new ApiObject(chart, 'kept-other-group', { apiVersion: 'example.com/v1', kind: 'Secret', metadata: { name: 'grouped', namespace: 'milvus' } }));
    new ApiObject(chart, 'workload-same', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'same', namespace: 'milvus' } });
    new ApiObject(chart, 'workload-grouped', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'grouped', namespace: 'milvus' } });
    const release = splitRelease(chart, 'r', 'milvus', chart.toJson());
    const part = (data: boolean) => release.parts.find(p => p.data === data)!.manifests.map(m => `${m.apiVersion} ${m.metadata.namespace}/${m.metadata.name}`);
    expect(part(true)).toEqual(['v1 other/same', 'example.com/v1 milvus/grouped']);
    expect(part(false)).toEqual(['v1 milvus/same', 'v1 milvus/grouped']);
  });
});
