/**
 * The typed `MilvusCluster` construct: storage and metadata passed in as constructs
 * (`NfsProvisioner` / `StorageClassRef`, `MySql` / `ExternalMySql`), its endpoint,
 * NetworkPolicies and their `clients`, and bad input.
 */
import { Chart, Testing } from 'cdk8s';
import {
  Exposure, ExternalMySql, IMetaStore, IStorageClass, MilvusCluster, MilvusClusterProps, MilvusVersion, MishardsDiscovery, MySql, MySqlCredentials,
  NfsProvisioner, StorageClassRef,
} from '../../src';
import { expectSchemaValid, expectSemanticallyValid, find, K8sObject, ofKind, synth } from '../support';
import { expectInvalid, INSTANCE } from './_fixtures';

type StorageKind = 'nfs' | 'ref';
type MetaKind = 'mysql' | 'external';

/** `null`: a chart without a namespace. */
function newChart(namespace: string | null = 'milvus'): Chart {
  return new Chart(Testing.app(), 'test', namespace === null ? {} : { namespace });
}

function storage(chart: Chart, kind: StorageKind): IStorageClass {
  return kind === 'nfs'
    ? new NfsProvisioner(chart, 'Nfs', { server: '192.168.1.31', path: '/nfs' }).storageClass
    : StorageClassRef.fromName('efs-sc', { readWriteMany: true });
}

function metaStore(chart: Chart, kind: MetaKind, releaseName = 'my-release'): IMetaStore {
  return kind === 'mysql'
    ? new MySql(chart, `MySql-${releaseName}`, { releaseName, credentials: MySqlCredentials.fromExistingSecret(`${releaseName}-mysql`) })
    : new ExternalMySql({ host: 'mysql.db.svc.cluster.local', user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' } });
}

function build(s: StorageKind, m: MetaKind, props: Partial<MilvusClusterProps> = {}) {
  const chart = newChart();
  const cluster = new MilvusCluster(chart, 'Cluster', {
    releaseName: 'my-release',
    storageClass: storage(chart, s),
    metaStore: metaStore(chart, m),
    ...props,
  });
  return { chart, cluster, objs: synth(chart) };
}

const names = (objs: K8sObject[], kind: string) => ofKind(objs, kind).map(o => o.metadata.name).sort();

describe.each([
  ['nfs', 'mysql'],
  ['nfs', 'external'],
  ['ref', 'mysql'],
  ['ref', 'external'],
] as Array<[StorageKind, MetaKind]>)('storage %s, metadata %s', (s, m) => {
  const { cluster, objs } = build(s, m);

  test('schema-valid and semantically valid', () => {
    expectSchemaValid(objs);
    expectSemanticallyValid(objs);
  });

  test('the shared volume is on the given class; MySQL objects only for an in-cluster MySql', () => {
    expect(find(objs, 'PersistentVolumeClaim', 'my-release-milvus').spec.storageClassName).toBe(s === 'nfs' ? 'nfs-client' : 'efs-sc');
    expect(names(objs, 'StorageClass')).toEqual(s === 'nfs' ? ['nfs-client'] : []);
    expect(names(objs, 'StatefulSet')).toEqual(m === 'mysql' ? ['my-release-milvus-writable', 'my-release-mysql'] : ['my-release-milvus-writable']);
    const uri = find(objs, 'ConfigMap', 'my-release-milvus-writable-config').data['server_config.yaml'];
    expect(uri).toContain(m === 'mysql' ? '@my-release-mysql:3306/milvus' : '@mysql.db.svc.cluster.local:3306/milvus');
  });

  test('endpoint and policy names', () => {
    expect(cluster.endpointHost).toBe('my-release-milvus.milvus.svc.cluster.local');
    expect(cluster.endpointPort).toBe(19530);
    expect(cluster.endpointPort).toBe(find(objs, 'Service', 'my-release-milvus').spec.ports[0].port);
    expect(cluster.networkPolicyNames).toEqual(['default-deny', 'allow-dns', 'writable', 'readonly', 'mishards'].map(n => `my-release-milvus-${n}`));
    // MySql and NfsProvisioner render their own policies.
    const expected = [...cluster.networkPolicyNames, ...(m === 'mysql' ? ['my-release-mysql'] : []), ...(s === 'nfs' ? ['nfs-client-nfs-client-provisioner'] : [])].sort();
    expect(names(objs, 'NetworkPolicy')).toEqual(expected);
  });

  test('Mishards reaches MySQL: by pod selector in-cluster, by port only outside', () => {
    const np = find(objs, 'NetworkPolicy', 'my-release-milvus-mishards');
    const rule = np.spec.egress.find((r: any) => r.ports[0].port === 3306);
    if (m === 'mysql') {
      expect(rule.to).toEqual([{ podSelector: { matchLabels: find(objs, 'StatefulSet', 'my-release-mysql').spec.selector.matchLabels } }]);
    } else {
      expect(rule.to).toBeUndefined();
    }
  });

  test('public children match the objects', () => {
    expect(cluster.writable.serviceName).toBe('my-release-milvus-writable');
    expect(cluster.mishards.serviceName).toBe('my-release-milvus');
    expect(find(objs, 'Deployment', 'my-release-milvus-readonly').spec.selector.matchLabels).toEqual(cluster.readonly.podSelector);
  });
});

test('the typed API: version, exposure, discovery, replicas', () => {
  const { cluster, objs } = build('nfs', 'mysql', {
    version: MilvusVersion.V1_1_1,
    exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }),
    discovery: MishardsDiscovery.kubernetes({ pollIntervalSeconds: 3 }),
    readonly: { replicas: 3 },
    mishards: { replicas: 2 },
    dataVolumeSize: '100Gi',
  });
  expectSchemaValid(objs);
  expectSemanticallyValid(objs);
  expect(find(objs, 'Service', 'my-release-milvus').spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] });
  expect(find(objs, 'Deployment', 'my-release-milvus-readonly').spec.replicas).toBe(3);
  expect(find(objs, 'Deployment', 'my-release-milvus-mishards').spec.replicas).toBe(2);
  expect(find(objs, 'PersistentVolumeClaim', 'my-release-milvus').spec.resources.requests.storage).toBe('100Gi');
  expect(find(objs, 'StatefulSet', 'my-release-milvus-writable').spec.template.spec.containers[0].image).toContain(':1.1.1-');
  expect(cluster.endpointHost).toBe('my-release-milvus.milvus.svc.cluster.local');
});

describe('networkPolicies', () => {
  test('disabled: no NetworkPolicy at all with an external store (an in-cluster MySql keeps its own)', () => {
    const external = build('ref', 'external', { networkPolicies: { enabled: false } });
    expect(ofKind(external.objs, 'NetworkPolicy')).toEqual([]);
    expect(external.cluster.networkPolicyNames).toEqual([]);
    expect(names(build('ref', 'mysql', { networkPolicies: { enabled: false } }).objs, 'NetworkPolicy')).toEqual(['my-release-mysql']);
  });

  const ingressFrom = (objs: K8sObject[]) => find(objs, 'NetworkPolicy', 'my-release-milvus-mishards').spec.ingress;
  test.each([
    ['cidrs', { cidrs: ['10.0.0.0/8', 'fd00::/8'] }, [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: 'fd00::/8' } }]],
    ['pods of this namespace', { podLabels: { app: 'search-api' } }, [{ podSelector: { matchLabels: { app: 'search-api' } } }]],
    ['any pod of some namespaces', { namespaceLabels: { team: 'search' } }, [{ namespaceSelector: { matchLabels: { team: 'search' } } }]],
    ['pods of some namespaces, and cidrs', { cidrs: ['192.168.0.0/16'], podLabels: { app: 'api' }, namespaceLabels: { team: 'search' } },
      [{ ipBlock: { cidr: '192.168.0.0/16' } }, { podSelector: { matchLabels: { app: 'api' } }, namespaceSelector: { matchLabels: { team: 'search' } } }]],
  ])('clients: %s', (_, clients, from) => {
    const { objs } = build('ref', 'external', { networkPolicies: { clients } });
    expect(ingressFrom(objs)).toEqual([{ from, ports: [{ protocol: 'TCP', port: 19530 }] }]);
  });

  test('no clients: Mishards\'s port from any source (NodePort and LoadBalancer traffic may be SNATed)', () => {
    expect(ingressFrom(build('ref', 'external').objs)).toEqual([{ ports: [{ protocol: 'TCP', port: 19530 }] }]);
  });

  test('API server CIDRs and ports', () => {
    const { objs } = build('ref', 'external', { networkPolicies: { apiServerCidrs: ['10.96.0.1/32'], apiServerPorts: [8443] } });
    expect(find(objs, 'NetworkPolicy', 'my-release-milvus-mishards').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.96.0.1/32' } }], ports: [{ protocol: 'TCP', port: 8443 }] });
  });
});

test('two releases in one namespace never select each other\'s pods', () => {
  const chart = newChart();
  const sc = StorageClassRef.fromName('efs-sc', { readWriteMany: true });
  for (const releaseName of ['alpha', 'beta']) {
    new MilvusCluster(chart, releaseName, { releaseName, storageClass: sc, metaStore: metaStore(chart, 'mysql', releaseName) });
  }
  const objs = synth(chart);
  expectSemanticallyValid(objs);
  for (const np of ofKind(objs, 'NetworkPolicy')) {
    const release = np.metadata.labels[INSTANCE];
    const peers = [...np.spec.ingress ?? [], ...np.spec.egress ?? []].flatMap((r: any) => [...r.from ?? [], ...r.to ?? []]);
    // Same-namespace pod peers (kube-dns is selected with a namespaceSelector).
    const podPeers = peers.filter((p: any) => p.podSelector && !p.namespaceSelector).map((p: any) => p.podSelector.matchLabels);
    const selectors = [np.spec.podSelector.matchLabels, ...podPeers];
    for (const s of selectors) {
      expect({ policy: np.metadata.name, instance: s[INSTANCE] }).toEqual({ policy: np.metadata.name, instance: release });
    }
  }
  const env = ofKind(objs, 'ConfigMap').find(c => c.metadata.name === 'beta-milvus-mishards-config')!.data['mishards.env.template'];
  expect(env).toContain('app.kubernetes.io/instance=beta');
});

describe('bad input', () => {
  const ok = (chart: Chart): MilvusClusterProps => ({
    releaseName: 'my-release',
    storageClass: StorageClassRef.fromName('efs-sc', { readWriteMany: true }),
    metaStore: metaStore(chart, 'external'),
  });
  const rejects = (overrides: (chart: Chart) => Partial<MilvusClusterProps>, prop: string, fragment?: string, namespace: string | null = 'milvus') => {
    const chart = newChart(namespace);
    expectInvalid(() => new MilvusCluster(chart, 'Cluster', { ...ok(chart), ...overrides(chart) }), prop, fragment);
  };

  test('a chart without a namespace', () => rejects(() => ({}), 'namespace', undefined, null));
  test('releaseName', () => rejects(() => ({ releaseName: 'My_Release' }), 'releaseName'));
  test('a missing storage class', () => rejects(() => ({ storageClass: undefined as any }), 'storageClass', 'ReadWriteMany'));
  test('a storage class not declared ReadWriteMany', () => rejects(() => ({ storageClass: StorageClassRef.fromName('gp2') }), 'storageClass.storageClassName', 'ReadWriteMany'));
  test('a missing metadata store', () => rejects(() => ({ metaStore: undefined as any }), 'metaStore'));
  test('dataVolumeSize', () => rejects(() => ({ dataVolumeSize: 'big' }), 'dataVolumeSize'));
  test('writable.replicas', () => rejects(() => ({ writable: { replicas: 2 } }), 'writable.replicas', 'exactly 1'));
  test('readonly.replicas', () => rejects(() => ({ readonly: { replicas: 0 } }), 'readonly.replicas'));
  test('mishards.replicas', () => rejects(() => ({ mishards: { replicas: 0 } }), 'mishards.replicas'));
  test('an Exposure names its own options (it is built before the cluster)', () => rejects(() => ({ exposure: Exposure.nodePort({ nodePort: 80 }) }), 'nodePort'));
  test('empty clients would admit every source', () => rejects(() => ({ networkPolicies: { clients: { cidrs: [] } } }), 'networkPolicies.clients'));
  test('client CIDR', () => rejects(() => ({ networkPolicies: { clients: { cidrs: ['10.0.0.0/8', '10.0.0.1'] } } }), 'networkPolicies.clients.cidrs[1]'));
  test('client labels', () => rejects(() => ({ networkPolicies: { clients: { podLabels: { 'bad key!': 'x' } } } }), 'networkPolicies.clients.podLabels key'));
  test('API server ports', () => rejects(() => ({ networkPolicies: { apiServerPorts: [443, 70000] } }), 'networkPolicies.apiServerPorts[1]'));
  test('API server CIDRs', () => rejects(() => ({ networkPolicies: { apiServerCidrs: ['kubernetes.default'] } }), 'networkPolicies.apiServerCidrs[0]'));
});
