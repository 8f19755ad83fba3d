/**
 * One identity, one writer, app-wide (issue 11, points 1 and 2): two objects with one
 * group/kind/namespace/name in any charts of one app, or two writable nodes on one metastore
 * database or data claim, fail the synth and name both owners and how to share instead.
 */
import { App, Chart, Testing } from 'cdk8s';
import {
  ExternalMySql, MilvusCluster, MilvusClusterChart, MilvusClusterChartProps, MySql, MySqlCredentials, NfsProvisioner, StorageClassRef,
} from '../../src';
import { ownershipProblems } from '../../src/common/_ownership';

const RWX = StorageClassRef.fromName('efs-sc', { readWriteMany: true });
const external = (database?: string, host = 'mysql.db.svc.cluster.local') =>
  new ExternalMySql({ host, database, user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' } });

const NFS_RELEASE: MilvusClusterChartProps = {
  namespace: 'milvus', releaseName: 'first', storage: { nfs: { server: '10.0.0.1', path: '/nfs' } },
};

/** The synth error, or a failure when the app synthesizes. */
function synthError(app: App): string {
  try {
    app.synthYaml();
  } catch (e: any) {
    return e.message;
  }
  throw new Error('expected the synth to fail');
}

describe('no two objects with one identity', () => {
  test('two MilvusClusterCharts with the default NFS part: StorageClass, RBAC and PV named twice, both charts and storage.nfs named', () => {
    const app = Testing.app();
    new MilvusClusterChart(app, 'first', NFS_RELEASE);
    new MilvusClusterChart(app, 'second', { ...NFS_RELEASE, namespace: 'other', releaseName: 'second', storage: { nfs: { server: '10.0.0.2', path: '/x' } } });
    const problems = ownershipProblems(app);
    const conflicts = problems.map(p => p.slice(0, p.indexOf(' is rendered')));
    expect(conflicts).toEqual(expect.arrayContaining([
      'StorageClass "nfs-client" (cluster-scoped)',
      'ClusterRole "nfs-client-nfs-client-provisioner-runner" (cluster-scoped)',
    ]));
    const pv = problems.find(p => p.startsWith('PersistentVolume '));
    expect(pv).toContain('PersistentVolume "pv-nfs-client-nfs-client-provisioner" (cluster-scoped) is rendered more than once');
    expect(pv).toContain('MilvusClusterChart "first" (storage.nfs) and by MilvusClusterChart "second" (storage.nfs)');
    expect(pv).toContain('To share instead: keep storage.nfs in one release; in the others set storage.storageClassName to its class (storage.nfs.storageClassName, default "nfs-client") and storage.readWriteMany: true');
    const sc = problems.find(p => p.startsWith('StorageClass'))!;
    expect(sc).toContain('MilvusClusterChart "first" (storage.nfs) and by MilvusClusterChart "second" (storage.nfs)');
    expect(sc).toContain('set storage.storageClassName to its class (storage.nfs.storageClassName, default "nfs-client") and storage.readWriteMany: true');
    expect(synthError(app)).toContain('StorageClass "nfs-client" (cluster-scoped) is rendered more than once');
  });

  test('the second release sharing the first one\'s NFS class synthesizes', () => {
    const app = Testing.app();
    new MilvusClusterChart(app, 'first', NFS_RELEASE);
    new MilvusClusterChart(app, 'second', { namespace: 'other', releaseName: 'second', storage: { storageClassName: 'nfs-client', readWriteMany: true } });
    expect(ownershipProblems(app)).toEqual([]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('the same releaseName twice in one plain chart: every duplicated object reported with both construct paths', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'milvus' });
    new MilvusCluster(chart, 'A', { releaseName: 'my-release', storageClass: RWX, metaStore: external('a') });
    new MilvusCluster(chart, 'B', { releaseName: 'my-release', storageClass: RWX, metaStore: external('b') });
    const problems = ownershipProblems(app).filter(p => p.includes('is rendered more than once'));
    expect(problems.length).toBeGreaterThanOrEqual(15);
    expect(problems).toContainEqual(expect.stringContaining(
      'StatefulSet "my-release-milvus-writable" (namespace "milvus") is rendered more than once: by apps/A/Writable/Workload and by apps/B/Writable/Workload'));
    expect(problems[0]).toContain('give each release its own releaseName or namespace');
  });

  test('the same names in two namespaces are two objects (namespaced kinds only)', () => {
    const app = Testing.app();
    for (const ns of ['a', 'b']) {
      new MilvusCluster(new Chart(app, ns, { namespace: ns }), 'Milvus', { releaseName: 'my-release', storageClass: RWX, metaStore: external(undefined, 'mysql') });
    }
    expect(ownershipProblems(app)).toEqual([]);
  });

  test('an identity check also covers objects outside this library\'s constructs', () => {
    const app = Testing.app();
    new MilvusClusterChart(app, 'first', NFS_RELEASE);
    new NfsProvisioner(new Chart(app, 'mine', { namespace: 'storage' }), 'Nfs', { server: '10.0.0.9', path: '/y' });
    expect(ownershipProblems(app).find(p => p.startsWith('StorageClass'))).toContain('by MilvusClusterChart "first" (storage.nfs) and by mine/Nfs/StorageClass');
  });
});

describe('no two writers on one metastore or data claim', () => {
  test('one MySql given to two clusters', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'milvus' });
    const mysql = new MySql(chart, 'MySql', { releaseName: 'shared', credentials: MySqlCredentials.fromExistingSecret('shared-mysql') });
    new MilvusCluster(chart, 'A', { releaseName: 'a', storageClass: RWX, metaStore: mysql });
    new MilvusCluster(chart, 'B', { releaseName: 'b', storageClass: RWX, metaStore: mysql });
    const message = synthError(app);
    expect(message).toContain('the metastore database shared-mysql.milvus:3306/milvus has more than one writer: by apps/A/Writable (metaStore) and by apps/B/Writable (metaStore)');
    expect(message).toContain('give each cluster its own MySql, or its own database (MySqlOptions.database, ExternalMySqlProps.database)');
  });

  test('distinct databases on one server are allowed', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'milvus' });
    new MilvusCluster(chart, 'A', { releaseName: 'a', storageClass: RWX, metaStore: external('milvus_a') });
    new MilvusCluster(chart, 'B', { releaseName: 'b', storageClass: RWX, metaStore: external('milvus_b') });
    expect(ownershipProblems(app)).toEqual([]);
  });

  test('equal externalMysql host/port/database in two charts: named by config key', () => {
    const app = Testing.app();
    const externalMysql = { host: 'mysql.db.svc.cluster.local', user: 'milvus', passwordSecret: { secretName: 'db', key: 'password' } };
    const base = { storage: { storageClassName: 'efs-sc', readWriteMany: true }, externalMysql };
    new MilvusClusterChart(app, 'a', { ...base, namespace: 'a', releaseName: 'a' });
    new MilvusClusterChart(app, 'b', { ...base, namespace: 'b', releaseName: 'b', externalMysql: { ...externalMysql, host: 'mysql.db.svc.cluster.local', port: 3306 } });
    expect(ownershipProblems(app)).toEqual([
      'the metastore database mysql.db.svc.cluster.local:3306/milvus has more than one writer: by MilvusClusterChart "a" (externalMysql) and by MilvusClusterChart "b" (externalMysql); '
      + 'two writable Milvus nodes on one metadata database or data directory each see the other\'s collections without their files, and corrupt both. '
      + 'To share instead: give each release its own externalMysql.database (or server)',
    ]);
  });

  test('a single-label external host is a Service of each namespace: two namespaces, two servers', () => {
    const app = Testing.app();
    for (const ns of ['a', 'b']) {
      new MilvusCluster(new Chart(app, ns, { namespace: ns }), 'Milvus', { releaseName: ns, storageClass: RWX, metaStore: external(undefined, 'mysql') });
    }
    expect(ownershipProblems(app)).toEqual([]);
  });
});

describe('storage.existingClaim: reuse a claim the release never owns', () => {
  const TUTORIAL_CLAIM: MilvusClusterChartProps = { namespace: 'milvus', releaseName: 'my-release', storage: { existingClaim: 'my-release-milvus' } };

  test('no claim is rendered; every Milvus pod mounts the existing one', () => {
    const chart = new MilvusClusterChart(Testing.app(), 'r', TUTORIAL_CLAIM);
    const objs = Testing.synth(chart);
    expect(objs.filter(o => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    const claims = objs.filter(o => ['StatefulSet', 'Deployment'].includes(o.kind))
      .flatMap(o => o.spec.template.spec.volumes.filter((v: any) => v.persistentVolumeClaim).map((v: any) => `${o.metadata.name}: ${v.persistentVolumeClaim.claimName}`));
    expect(claims).toEqual(['my-release-milvus-writable: my-release-milvus', 'my-release-milvus-readonly: my-release-milvus']);
  });

  test('two releases on one existing claim: two writers on one data directory', () => {
    const app = Testing.app();
    new MilvusClusterChart(app, 'a', TUTORIAL_CLAIM);
    new MilvusClusterChart(app, 'b', { ...TUTORIAL_CLAIM, releaseName: 'second', mysql: { database: 'second' } });
    expect(ownershipProblems(app)).toEqual([expect.stringMatching(
      /^the data claim "my-release-milvus" \(namespace "milvus"\) has more than one writer: by MilvusClusterChart "a" \(storage.existingClaim\) and by MilvusClusterChart "b" \(storage.existingClaim\);.* storage.existingClaim belongs to one release only$/)]);
  });

  test.each([
    [{ existingClaim: 'c', storageClassName: 'efs-sc' }, 'storage.storageClassName'],
    [{ existingClaim: 'c', size: '10Gi' }, 'storage.size'],
    [{ existingClaim: 'Not_A_Name' }, 'storage.existingClaim'],
  ])('%j is rejected under %s', (storage, prop) => {
    expect(() => new MilvusClusterChart(Testing.app(), 'r', { ...TUTORIAL_CLAIM, storage })).toThrow(expect.objectContaining({ prop }));
  });

  test('construct API: MilvusCluster existingDataClaim', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'milvus' });
    const cluster = new MilvusCluster(chart, 'M', { releaseName: 'r', existingDataClaim: 'restored', metaStore: external() });
    expect(cluster.dataVolume.claimName).toBe('restored');
    expect(cluster.dataVolume.pvc).toBeUndefined();
    expect(() => new MilvusCluster(new Chart(Testing.app(), 'd', { namespace: 'm' }), 'M', { releaseName: 'r', metaStore: external() }))
      .toThrow(expect.objectContaining({ prop: 'storageClass' }));
  });
});
