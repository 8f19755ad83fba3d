/**
 * The release's traffic table (src/cluster/_release-traffic.ts): every path between two pods
 * of the release is rendered with both halves, and an in-cluster MySQL admits exactly the
 * pods the table sends to it, also when the release's own policies are off.
 */
import { Chart, Testing } from 'cdk8s';
import { MilvusCluster, MilvusClusterProps, MySql, MySqlCredentials, StorageClassRef } from '../../src';
import { K8sObject, ofKind, synth } from '../support';

function build(props: Partial<MilvusClusterProps> = {}) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'milvus' });
  const mysql = new MySql(chart, 'MySql', { releaseName: 'my-release', credentials: MySqlCredentials.fromExistingSecret('my-release-mysql') });
  const cluster = new MilvusCluster(chart, 'Cluster', {
    releaseName: 'my-release',
    storageClass: StorageClassRef.fromName('efs-sc', { readWriteMany: true }),
    metaStore: mysql,
    ...props,
  });
  return { cluster, mysql, policies: ofKind(synth(chart), 'NetworkPolicy') };
}

const labelsOf = (peer: any): string | undefined =>
  (peer.podSelector && !peer.namespaceSelector ? JSON.stringify(peer.podSelector.matchLabels) : undefined);
const selects = (policy: K8sObject, labels: string) => {
  const sel = policy.spec.podSelector.matchLabels;
  const want = JSON.parse(labels);
  return Object.entries(sel).every(([k, v]) => want[k] === v);
};
const ports = (rule: any) => JSON.stringify(rule.ports);

describe('every path between pods of the release has both halves', () => {
  const { policies } = build();
  const halves = (direction: 'ingress' | 'egress') => policies.flatMap(p => (p.spec[direction] ?? []).flatMap((rule: any) =>
    (rule[direction === 'ingress' ? 'from' : 'to'] ?? []).map(labelsOf).filter(Boolean).map((peer: string) => ({ policy: p, peer, ports: ports(rule) }))));

  test.each(halves('ingress').map(h => [`${h.policy.metadata.name} admits ${h.peer}`, h] as const))('%s', (_n, h) => {
    // The pods it admits have an egress rule to it on the same ports.
    const own = JSON.stringify(h.policy.spec.podSelector.matchLabels);
    const senders = policies.filter(p => selects(p, h.peer)
      && (p.spec.egress ?? []).some((r: any) => ports(r) === h.ports && (r.to ?? []).some((peer: any) => labelsOf(peer) === own)));
    expect(senders.map(p => p.metadata.name)).not.toEqual([]);
  });

  test.each(halves('egress').map(h => [`${h.policy.metadata.name} reaches ${h.peer}`, h] as const))('%s', (_n, h) => {
    const own = JSON.stringify(h.policy.spec.podSelector.matchLabels);
    const receivers = policies.filter(p => selects(p, h.peer)
      && (p.spec.ingress ?? []).some((r: any) => ports(r) === h.ports && (r.from ?? []).some((peer: any) => labelsOf(peer) === own)));
    expect(receivers.map(p => p.metadata.name)).not.toEqual([]);
  });
});

test('MySQL admits the nodes and Mishards, once each, from the one table', () => {
  const { cluster, mysql, policies } = build();
  const mysqlPolicy = policies.find(p => p.metadata.name === 'my-release-mysql')!;
  expect(mysqlPolicy.spec.ingress).toEqual([{
    from: [cluster.writable, cluster.readonly, cluster.mishards].map(part => ({ podSelector: { matchLabels: part.podSelector } })),
    ports: [{ port: mysql.port, protocol: 'TCP' }],
  }]);
});

test('with the release\'s policies off, a MySQL with its own policy still admits the release\'s pods', () => {
  const { cluster, policies } = build({ networkPolicies: { enabled: false } });
  expect(policies.map(p => p.metadata.name)).toEqual(['my-release-mysql']);
  expect(policies[0].spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels.component)).toEqual(['writable', 'readonly', 'mishards']);
  expect(cluster.networkPolicyNames).toEqual([]);
});

test('a MySql used without a cluster renders its own policy: DNS out, nothing in until clients are admitted', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'milvus' });
  const mysql = new MySql(chart, 'MySql', { releaseName: 'solo', credentials: MySqlCredentials.fromExistingSecret('solo-mysql') });
  const before = JSON.stringify(ofKind(synth(chart), 'NetworkPolicy')[0].spec.ingress);
  mysql.allowClients({ app: 'reporting' });
  const [policy] = ofKind(synth(chart), 'NetworkPolicy');
  expect(before).toBe('[]');
  expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'reporting' } } }], ports: [{ port: 3306, protocol: 'TCP' }] }]);
  expect(policy.spec.egress).toHaveLength(1);
  expect(policy.spec.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
});
