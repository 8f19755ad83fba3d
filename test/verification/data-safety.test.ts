/**
 * Data-safety guards (the README's data-safety guarantees): each one holds in every scenario,
 * and the inputs that would break it are rejected.
 */
import { parse } from 'yaml';
import { KUBELET_CONTAINER_LOG_BYTES } from '../../src/common/_log-budget';
import { quantity } from '../../src/common/_validators';
import { ValidationError } from '../../src/common/validation-error';
import { containersOf, find, K8sObject, ofKind, podSpecOf } from '../support';
import { seedConfig } from './invalid-inputs';
import { allScenarios, buildChart, Scenario, synthScenario } from './scenarios';

const scenarios = allScenarios();
const each = (title: string, fn: (s: Scenario, objects: K8sObject[]) => void) =>
  test.each(scenarios.map(s => [s.name, s] as const))(`%s: ${title}`, (_n, s) => fn(s, synthScenario(s)));

function rejects(change: (c: any) => void, prop: string): void {
  let thrown: any;
  try { buildChart(seedConfig(change)); } catch (e) { thrown = e; }
  expect({ validationError: ValidationError.isValidationError(thrown), prop: thrown?.prop }).toEqual({ validationError: true, prop });
}

function accepts(change: (c: any) => void): K8sObject[] {
  return synthScenario({ name: `accepts-${Math.random()}`, props: seedConfig(change), passwords: [] });
}

function serverConfig(objects: K8sObject[], release: string, role: string): any {
  return parse(find(objects, 'ConfigMap', `${release}-milvus-${role}-config`).data['server_config.yaml']);
}

describe('exactly one writable node', () => {
  each('the writable node is one 1-replica StatefulSet, and nothing else runs role rw', (s, objects) => {
    const release = s.props.releaseName;
    const writable = find(objects, 'StatefulSet', `${release}-milvus-writable`);
    expect(writable.spec.replicas).toBe(1);
    expect(ofKind(objects, 'Deployment').map(d => d.metadata.name)).not.toContain(`${release}-milvus-writable`);
    const rw = ofKind(objects, 'ConfigMap').filter(c => /role: rw/.test(c.data?.['server_config.yaml'] ?? ''));
    expect(rw.map(c => c.metadata.name)).toEqual([`${release}-milvus-writable-config`]);
  });
  test.each([0, 2, 3, 1.5])('writable.replicas %p is rejected', n => rejects(c => { c.writable.replicas = n; }, 'writable.replicas'));
});

describe('one ReadWriteMany shared data volume', () => {
  each('the data PVC is ReadWriteMany and mounted by the writable and every readonly pod', (s, objects) => {
    const release = s.props.releaseName;
    const pvc = find(objects, 'PersistentVolumeClaim', `${release}-milvus`);
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const w of [find(objects, 'StatefulSet', `${release}-milvus-writable`), find(objects, 'Deployment', `${release}-milvus-readonly`)]) {
      expect(podSpecOf(w).volumes.filter((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)).toHaveLength(1);
    }
  });
  test('an existing class not declared ReadWriteMany is rejected', () => rejects(c => { c.storage = { storageClassName: 'gp2' }; }, 'storage.storageClassName'));
  test('an existing class declared ReadWriteMany: false is rejected', () => rejects(c => { c.storage = { storageClassName: 'gp2', readWriteMany: false }; }, 'storage.storageClassName'));
  test('the message names the config keys: the class at storage.storageClassName, the fix at storage.readWriteMany: true', () => {
    expect(() => buildChart(seedConfig(c => { c.storage = { storageClassName: 'fast' }; }))).toThrow(new ValidationError('storage.storageClassName', 'fast',
      'the shared Milvus data volume needs a StorageClass that provisions ReadWriteMany volumes (NFS, CephFS, EFS, Azure Files...); '
      + 'if this class does, declare it with storage.readWriteMany: true; otherwise use storage.nfs').message);
  });
});

describe('MySQL data is retained', () => {
  each('MySQL is a 1-replica StatefulSet on a retained claim template, never an emptyDir at /var/lib/mysql', (s, objects) => {
    if (s.props.externalMysql) {
      expect(ofKind(objects, 'StatefulSet').map(o => o.metadata.name)).not.toContain(`${s.props.releaseName}-mysql`);
      return;
    }
    const sts = find(objects, 'StatefulSet', `${s.props.releaseName}-mysql`);
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const claims = sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name);
    const mount = podSpecOf(sts).containers.find((c: any) => c.name === 'mysql').volumeMounts.find((m: any) => m.mountPath === '/var/lib/mysql');
    expect(claims).toContain(mount.name);
    expect(podSpecOf(sts).volumes.map((v: any) => v.name)).not.toContain(mount.name);
    // No container of any pod mounts an emptyDir at a MySQL data path.
    for (const w of objects.filter(o => podSpecOf(o))) {
      const emptyDirs = new Set((podSpecOf(w).volumes ?? []).filter((v: any) => v.emptyDir).map((v: any) => v.name));
      for (const c of containersOf(w)) {
        expect((c.volumeMounts ?? []).filter((m: any) => m.mountPath.startsWith('/var/lib/mysql') && emptyDirs.has(m.name))).toEqual([]);
      }
    }
  });
  test.each([2, 0])('mysql.replicas %p is rejected', n => rejects(c => { c.mysql.replicas = n; }, 'mysql.replicas'));
});

describe('NFS directories are retained or archived', () => {
  each('StorageClasses default to Retain with archiveOnDelete "true"; the export root PV is retained', (s, objects) => {
    for (const sc of ofKind(objects, 'StorageClass')) {
      const nfs = s.props.storage.nfs!;
      expect(sc.reclaimPolicy).toBe(nfs.reclaimPolicy ?? 'Retain');
      expect(sc.parameters.archiveOnDelete).toBe('true');
      expect(sc.parameters.onDelete ?? 'retain').toBe('retain');
    }
    for (const pv of ofKind(objects, 'PersistentVolume')) { expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain'); }
  });
  test('reclaimPolicy Delete alone still archives', () => {
    const sc = ofKind(accepts(c => { c.storage.nfs.reclaimPolicy = 'Delete'; }), 'StorageClass')[0];
    expect({ reclaim: sc.reclaimPolicy, archive: sc.parameters.archiveOnDelete }).toEqual({ reclaim: 'Delete', archive: 'true' });
  });
  test('onDelete delete needs allowDataLoss', () => {
    rejects(c => { Object.assign(c.storage.nfs, { reclaimPolicy: 'Delete', onDelete: 'delete' }); }, 'storage.nfs.onDelete');
    expect(ofKind(accepts(c => { Object.assign(c.storage.nfs, { reclaimPolicy: 'Delete', onDelete: 'delete', allowDataLoss: true }); }), 'StorageClass')[0].parameters.onDelete).toBe('delete');
  });
  test('archiveOnDelete false needs allowDataLoss', () => {
    rejects(c => { c.storage.nfs.archiveOnDelete = false; }, 'storage.nfs.archiveOnDelete');
    expect(ofKind(accepts(c => { Object.assign(c.storage.nfs, { archiveOnDelete: false, allowDataLoss: true }); }), 'StorageClass')[0].parameters.archiveOnDelete).toBe('false');
  });
});

describe('NFS locking stays cluster-wide', () => {
  // local_lock=flock keeps only flock() locks local; Milvus's writer lock is an fcntl lock, which still reaches the server (nfs(5)).
  each('no StorageClass or PersistentVolume mounts with nolock, local_lock=posix or local_lock=all', (_s, objects) => {
    const options = [...ofKind(objects, 'StorageClass').map(o => o.mountOptions), ...ofKind(objects, 'PersistentVolume').map(o => o.spec.mountOptions)]
      .flatMap(o => o ?? []).flatMap((o: string) => o.split(','));
    expect(options.filter(o => /^(nolock|local_lock=(?!(none|flock)$))/i.test(o))).toEqual([]);
  });
  test.each(['nolock', 'NoLock', 'local_lock=all', 'local_lock=posix', 'LOCAL_LOCK=POSIX', 'rw,nolock'])('mount option %p is rejected', opt =>
    rejects(c => { c.storage.nfs.mountOptions = ['rw', opt]; }, 'storage.nfs.mountOptions[1]'));
  test.each(['local_lock=none', 'local_lock=flock'])('%s is accepted', opt => {
    expect(ofKind(accepts(c => { c.storage.nfs.mountOptions = [opt]; }), 'StorageClass')[0].mountOptions).toEqual([opt]);
  });
});

describe('WAL on the shared volume, off on readonly nodes', () => {
  each('the writable WAL (and its lock) lives under the shared data mount; readonly runs with WAL off, role ro', (s, objects) => {
    const release = s.props.releaseName;
    const rw = serverConfig(objects, release, 'writable');
    const ro = serverConfig(objects, release, 'readonly');
    const writable = find(objects, 'StatefulSet', `${release}-milvus-writable`);
    const dataVolume = podSpecOf(writable).volumes.find((v: any) => v.persistentVolumeClaim?.claimName === `${release}-milvus`).name;
    const dataMount = podSpecOf(writable).containers.find((c: any) => c.name === 'milvus').volumeMounts.find((m: any) => m.name === dataVolume);
    expect({ role: rw.cluster.role, wal: rw.wal.enable }).toEqual({ role: 'rw', wal: true });
    expect(rw.wal.path.startsWith(`${dataMount.mountPath}/`)).toBe(true);
    expect(dataMount.readOnly).toBe(false);
    expect({ role: ro.cluster.role, wal: ro.wal.enable }).toEqual({ role: 'ro', wal: false });
  });
  test('a wal section on readonly nodes is rejected', () => rejects(c => { c.readonly.config = { wal: { bufferSize: '128MB' } }; }, 'readonly.config.wal'));
});

describe('passwords stay in Secrets', () => {
  each('no password appears outside a Secret; password-like env vars only name files; ConfigMaps hold placeholders', (s, objects) => {
    for (const o of objects.filter(x => x.kind !== 'Secret')) {
      const text = JSON.stringify(o);
      for (const p of s.passwords) { expect({ object: `${o.kind}/${o.metadata.name}`, leaks: text.includes(p) }).toEqual({ object: `${o.kind}/${o.metadata.name}`, leaks: false }); }
    }
    for (const w of objects.filter(o => podSpecOf(o))) {
      for (const c of containersOf(w)) {
        for (const e of c.env ?? []) {
          expect(e.valueFrom?.secretKeyRef).toBeUndefined();
          if (/password|secret|token/i.test(e.name)) { expect({ env: e.name, value: e.value }).toEqual({ env: e.name, value: expect.stringMatching(/^\/[^\s]+$/) }); }
        }
        expect((c.envFrom ?? []).filter((f: any) => f.secretRef)).toEqual([]);
      }
    }
    for (const cm of ofKind(objects, 'ConfigMap')) {
      for (const [k, v] of Object.entries<string>(cm.data ?? {})) {
        // meta_uri / SQLAlchemy URIs carry a placeholder where the password goes.
        for (const m of v.matchAll(/(mysql(?:\+pymysql)?):\/\/([^:@/\s]+):([^@\s]*)@/g)) {
          expect({ key: `${cm.metadata.name}/${k}`, password: m[3] }).toEqual({ key: `${cm.metadata.name}/${k}`, password: expect.stringMatching(/^__[A-Z_]+__$/) });
        }
      }
    }
    if (s.passwords.length > 0) {
      expect(ofKind(objects, 'Secret').some(sec => s.passwords.every(p => JSON.stringify(sec).includes(p)))).toBe(true);
    }
  });
});

describe('disk use is bounded: no pod is evicted for filling its node\'s disk', () => {
  const bytes = (q: unknown) => quantity('q', String(q)).value;
  each('every emptyDir has a sizeLimit; the disk-backed ones and each container\'s kept output fit the pod\'s ephemeral-storage limits', (_s, objects) => {
    for (const w of objects.filter(o => podSpecOf(o))) {
      const spec = podSpecOf(w);
      const emptyDirs = (spec.volumes ?? []).filter((v: any) => v.emptyDir);
      expect(emptyDirs.filter((v: any) => v.emptyDir.sizeLimit === undefined).map((v: any) => `${w.metadata.name}/${v.name}`)).toEqual([]);
      // The kubelet compares a pod's emptyDirs, container output and writable layers with the sum of its containers' limits.
      const onDisk = emptyDirs.filter((v: any) => v.emptyDir.medium !== 'Memory').reduce((sum: number, v: any) => sum + bytes(v.emptyDir.sizeLimit), 0);
      const output = spec.containers.length * KUBELET_CONTAINER_LOG_BYTES;
      const limits = spec.containers.reduce((sum: number, c: any) => sum + bytes(c.resources.limits['ephemeral-storage']), 0);
      expect({ pod: w.metadata.name, fits: onDisk + output <= limits }).toEqual({ pod: w.metadata.name, fits: true });
    }
  });
});
