import { MilvusDataVolume } from '../../src/milvus/milvus-data-volume';
import { StorageClassRef } from '../../src/storage/storage-class-ref';
import { expectSchemaValid, expectSemanticallyValid, find, synth } from '../support';
import { expectInvalid, NFS_CLIENT, newChart } from './_fixtures';

test('the tutorial PVC: <release>-milvus, RWX, 50Gi, explicit class', () => {
  const chart = newChart();
  const vol = new MilvusDataVolume(chart, 'Data', { releaseName: 'my-release', storageClass: NFS_CLIENT });
  const objs = synth(chart);
  expectSchemaValid(objs);
  expectSemanticallyValid(objs);
  expect(vol.claimName).toBe('my-release-milvus');
  const pvc = find(objs, 'PersistentVolumeClaim', 'my-release-milvus');
  expect(pvc.metadata.namespace).toBe('milvus');
  expect(pvc.spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs-client', resources: { requests: { storage: '50Gi' } } });
});

test('helm fullname rule: a release containing "milvus" is used as is', () => {
  const vol = new MilvusDataVolume(newChart(), 'Data', { releaseName: 'milvus-prod', storageClass: NFS_CLIENT, size: '200Gi' });
  expect(vol.claimName).toBe('milvus-prod');
});

test('bad input', () => {
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', storageClass: StorageClassRef.fromName('standard') }), 'storageClass.storageClassName', 'ReadWriteMany');
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', storageClass: NFS_CLIENT, size: '50GB' }), 'size');
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', storageClass: NFS_CLIENT, size: '0Gi' }), 'size');
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'R', storageClass: NFS_CLIENT }), 'releaseName');
});

test('a class not declared ReadWriteMany: the message names the construct API, never a config key', () => {
  expect(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', storageClass: StorageClassRef.fromName('fast') })).toThrow(
    'invalid storageClass.storageClassName: got "fast"; the shared Milvus data volume needs a StorageClass that provisions ReadWriteMany volumes '
    + '(NFS, CephFS, EFS, Azure Files...); if this class does, declare it with StorageClassRef.fromName(name, { readWriteMany: true }); '
    + "otherwise use the NfsProvisioner's class");
});

test('existingClaim: nothing rendered, the claim reused by name; a class or size with it is refused', () => {
  const chart = newChart();
  const vol = new MilvusDataVolume(chart, 'Data', { releaseName: 'my-release', existingClaim: 'restored-milvus' });
  expect(vol.claimName).toBe('restored-milvus');
  expect(vol.pvc).toBeUndefined();
  expect(synth(chart)).toEqual([]);
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', existingClaim: 'c', storageClass: NFS_CLIENT }), 'storageClass', 'existingClaim');
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', existingClaim: 'c', size: '1Gi' }), 'size', 'existingClaim');
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r', existingClaim: 'Bad_Name' }), 'existingClaim');
  expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'r' }), 'storageClass', 'existingClaim');
});
