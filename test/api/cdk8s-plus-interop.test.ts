/**
 * cdk8s-plus-28 interop: a user's cdk8s-plus workloads and NetworkPolicies name this library's
 * writable, readonly and Mishards pods as peers (`IPodSelector` / `INetworkPolicyPeer`), and the
 * policies cdk8s-plus renders select exactly those pods, in their namespace.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExternalMySql, MilvusCluster, SelectablePods, StorageClassRef } from '../../src';
import { expectSchemaValid, find, synth } from '../support';

function setup() {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'milvus' });
  const cluster = new MilvusCluster(chart, 'Cluster', {
    releaseName: 'my-release',
    storageClass: StorageClassRef.fromName('efs', { readWriteMany: true }),
    metaStore: new ExternalMySql({ host: 'db.example.com', user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' } }),
  });
  return { chart, cluster };
}

test('the writable, readonly and Mishards constructs are cdk8s-plus pod selectors and peers', () => {
  const { cluster } = setup();
  for (const part of [cluster.writable, cluster.readonly, cluster.mishards]) {
    expect(part).toBeInstanceOf(SelectablePods);
    const config = part.toPodSelectorConfig();
    expect(config.labelSelector._toKube()).toEqual({ matchLabels: part.podSelector });
    expect(config.namespaces).toEqual({ names: ['milvus'] });
    expect(part.toNetworkPolicyPeerConfig()).toEqual({ podSelector: config });
    expect(part.toPodSelector()).toBe(part);
  }
});

test('a cdk8s-plus Deployment allowed to Mishards: egress on its pods, ingress on exactly the Mishards pods', () => {
  const { chart, cluster } = setup();
  const api = new kplus.Deployment(chart, 'SearchApi', {
    containers: [{ image: 'ghcr.io/acme/search-api:1.4.2', portNumber: 8080, envVariables: { MILVUS_HOST: kplus.EnvValue.fromValue(cluster.endpointHost) } }],
  });
  api.connections.allowTo(cluster.mishards, { ports: [kplus.NetworkPolicyPort.tcp(cluster.endpointPort)] });
  const objs = synth(chart);
  expectSchemaValid(objs);
  const policies = objs.filter(o => o.kind === 'NetworkPolicy' && !o.metadata.name.startsWith('my-release'));
  const egress = policies.find(p => p.spec.policyTypes.includes('Egress'))!;
  const ingress = policies.find(p => p.spec.policyTypes.includes('Ingress'))!;
  const mishardsPods = find(objs, 'Deployment', 'my-release-milvus-mishards').spec.template.metadata.labels;
  // Egress from the user's pods to the Mishards pods of namespace milvus, port 19530.
  expect(egress.spec.egress).toEqual([{
    to: [{ podSelector: { matchLabels: cluster.mishards.podSelector }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'milvus' } } }],
    ports: [{ port: 19530, protocol: 'TCP' }],
  }]);
  // Ingress on the Mishards pods (and only them) from the user's pods.
  expect(ingress.metadata.namespace).toBe('milvus');
  expect(ingress.spec.podSelector).toEqual({ matchLabels: cluster.mishards.podSelector });
  expect(Object.entries(ingress.spec.podSelector.matchLabels).every(([k, v]) => mishardsPods[k] === v)).toBe(true);
  for (const other of ['my-release-milvus-writable', 'my-release-milvus-readonly']) {
    const labels = objs.find(o => o.metadata.name === other && (o.kind === 'StatefulSet' || o.kind === 'Deployment'))!.spec.template.metadata.labels;
    expect(Object.entries(ingress.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(false);
  }
  expect(ingress.spec.ingress[0].ports).toEqual([{ port: 19530, protocol: 'TCP' }]);
});

test('a cdk8s-plus NetworkPolicy selecting the readonly pods, with the writable node as its peer', () => {
  const { chart, cluster } = setup();
  new kplus.NetworkPolicy(chart, 'Audit', {
    selector: cluster.readonly,
    egress: { rules: [{ peer: cluster.writable, ports: [kplus.NetworkPolicyPort.tcp(19121)] }] },
  });
  const policy = synth(chart).find(o => o.kind === 'NetworkPolicy' && o.spec.podSelector?.matchLabels?.component === 'readonly' && !o.metadata.name.startsWith('my-release'))!;
  expect(policy.spec.podSelector).toEqual({ matchLabels: cluster.readonly.podSelector });
  expect(policy.spec.egress[0].to[0].podSelector).toEqual({ matchLabels: cluster.writable.podSelector });
});
