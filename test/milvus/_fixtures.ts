import { Chart, Testing } from 'cdk8s';
import { IMetaStore, SecretKeyRef } from '../../src/metastore/meta-store';
import { MilvusDataVolume } from '../../src/milvus/milvus-data-volume';
import { MilvusNode, MilvusNodeProps } from '../../src/milvus/milvus-node';
import { MilvusRole } from '../../src/milvus/milvus-role';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { IStorageClass, StorageClassRef } from '../../src/storage/storage-class-ref';

/** A metastore double: the tutorial's in-cluster MySQL, recording which pods were admitted. */
export class FakeMetaStore implements IMetaStore {
  public readonly host = 'my-release-mysql';
  public readonly port = 3306;
  public readonly database = 'milvus';
  public readonly user = 'milvus';
  public readonly passwordSecret: SecretKeyRef = { secretName: 'my-release-mysql', key: 'mysql-password' };
  public readonly podSelector = { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'my-release' };
  public readonly clients: Array<Record<string, string>> = [];
  public allowClients(podLabels: Record<string, string>): void { this.clients.push(podLabels); }
}

export const NFS_CLIENT: IStorageClass = StorageClassRef.fromName('nfs-client', { readWriteMany: true });

export function newChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'milvus' });
}

export type NodeOverrides = Partial<Omit<MilvusNodeProps, 'role' | 'dataVolume' | 'metaStore'>>;

/** The tutorial's topology: a shared volume, one writable and readonly nodes, on one metastore. */
export function cluster(opts: {
  chart?: Chart;
  version?: MilvusVersion;
  writable?: NodeOverrides;
  readonly?: NodeOverrides;
  metaStore?: IMetaStore;
} = {}) {
  const chart = opts.chart ?? newChart();
  const metaStore = opts.metaStore ?? new FakeMetaStore();
  const version = opts.version ?? MilvusVersion.V0_10_0;
  const dataVolume = new MilvusDataVolume(chart, 'Data', { releaseName: 'my-release', storageClass: NFS_CLIENT });
  const writable = new MilvusNode(chart, 'Writable', {
    releaseName: 'my-release', role: MilvusRole.WRITABLE, version, metaStore, dataVolume, ...opts.writable,
  });
  const readonly = new MilvusNode(chart, 'Readonly', {
    releaseName: 'my-release', role: MilvusRole.READONLY, version, metaStore, dataVolume, ...opts.readonly,
  });
  return { chart, metaStore, dataVolume, writable, readonly };
}

export { expectInvalid } from '../support';
