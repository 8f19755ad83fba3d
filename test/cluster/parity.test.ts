/**
 * Parity of the tutorial's whole cluster (`examples/seed.yaml` through `MilvusClusterChart`)
 * with what the seed tutorial deploys: `helm template` of milvus-helm 0.10.0 (cluster mode)
 * and nfs-client-provisioner 1.2.8, copied from `/work/shared/reference/peer/` into
 * `peer/`. Every peer object is present by kind and name, with the same Service names,
 * ports, port names and targetPorts, container port names and PVC names, sizes and
 * access modes, except for the differences documented below.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { find, K8sObject, podSpecOf } from '../support';
import { loadExample, synthConfig } from './_fixtures';

function loadPeer(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(join(__dirname, '..', 'peer', file), 'utf8')).map(d => d.toJS()).filter((o: any) => o && o.kind);
}

const PEER = [...loadPeer('milvus-helm-0.10.0-cluster.yaml'), ...loadPeer('nfs-client-provisioner-1.2.8.yaml')];
const OURS = synthConfig(loadExample('seed.yaml'));
const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** Peer objects we do not render as is, with the reason. Any other missing object fails. */
const NOT_RENDERED: Record<string, string> = {
  'Secret/my-release-mysql': 'no default passwords: the seed config reads them from an existing Secret of this name (mysql.existingSecret)',
  'ConfigMap/my-release-mysql-test': 'the MySQL subchart\'s helm test is not rendered (no test hooks in plain YAML)',
  'Pod/my-release-mysql-test': 'the MySQL subchart\'s helm test is not rendered (no test hooks in plain YAML)',
  'ConfigMap/my-release-milvus': 'split per role: <release>-milvus-{writable,readonly,mishards}-config hold templates without the password',
  'PersistentVolumeClaim/my-release-mysql': 'MySQL is a StatefulSet: its volume comes from the volumeClaimTemplate "data" (PVC data-my-release-mysql-0), same size and mode',
};

/** Peer objects rendered under another kind, same name. */
const OTHER_KIND: Record<string, [string, string]> = {
  'Deployment/my-release-mysql': ['StatefulSet', 'one replica with a stable volume; a Deployment could run two MySQL pods on one data directory'],
  'Deployment/my-release-milvus-writable': ['StatefulSet', 'exactly one writer: a Deployment\'s Recreate can briefly run two after an eviction'],
};

/** Other documented differences, asserted below. */
const DIFFERENCES = {
  mysqlContainer: 'the MySQL container is named "mysql" (peer: "my-release-mysql"); its port name "mysql" is the same',
  nfsRootAccessMode: 'the provisioner\'s export-root PV/PVC are ReadWriteMany (peer: ReadWriteOnce): a replacement pod may mount it on another node before the old one stops',
  milvusLogContainer: 'Milvus 0.10 nodes have a second container "log" that streams the server\'s log files to kubectl logs and removes those of earlier runs (0.10 logs to files only)',
};

test('every documented difference names an object the peer really renders (no stale entries)', () => {
  const peerKeys = new Set(PEER.map(key));
  expect([...Object.keys(NOT_RENDERED), ...Object.keys(OTHER_KIND)].filter(k => !peerKeys.has(k))).toEqual([]);
});

test('every peer object is present by kind and name, or documented', () => {
  const ours = new Set(OURS.map(key));
  const missing = PEER.map(key).filter(k => !ours.has(k) && !(k in NOT_RENDERED) && !(k in OTHER_KIND && ours.has(`${OTHER_KIND[k][0]}/${k.split('/')[1]}`)));
  expect(missing).toEqual([]);
  // The documented ones really are absent (or the list is stale).
  expect(Object.keys(NOT_RENDERED).filter(k => ours.has(k))).toEqual([]);
  expect(Object.keys(OTHER_KIND).filter(k => ours.has(k))).toEqual([]);
});

test('objects beyond the peers are the hardening additions', () => {
  const renamed = new Set(Object.keys(OTHER_KIND).map(k => `${OTHER_KIND[k][0]}/${k.split('/')[1]}`));
  const peerKeys = new Set(PEER.map(key));
  const extra = OURS.map(key).filter(k => !peerKeys.has(k) && !renamed.has(k)).sort();
  expect(extra).toEqual([
    'ConfigMap/my-release-milvus-mishards-config', // the split ConfigMap (NOT_RENDERED)
    'ConfigMap/my-release-milvus-readonly-config',
    'ConfigMap/my-release-milvus-writable-config',
    'NetworkPolicy/my-release-milvus-allow-dns', // the release's traffic table (src/cluster/_release-traffic.ts)
    'NetworkPolicy/my-release-milvus-default-deny',
    'NetworkPolicy/my-release-milvus-mishards',
    'NetworkPolicy/my-release-milvus-readonly',
    'NetworkPolicy/my-release-milvus-writable',
    'NetworkPolicy/my-release-mysql',
    'NetworkPolicy/nfs-client-nfs-client-provisioner',
    'Role/my-release-milvus-mishards', // discovery RBAC: pods get/list/watch, events list/watch
    'RoleBinding/my-release-milvus-mishards',
    'Service/my-release-milvus-writable-headless', // StatefulSets' governing Services
    'Service/my-release-mysql-headless',
    'ServiceAccount/my-release-milvus-mishards', // a dedicated ServiceAccount per workload
    'ServiceAccount/my-release-milvus-readonly',
    'ServiceAccount/my-release-milvus-writable',
    'ServiceAccount/my-release-mysql',
  ]);
});

describe.each(PEER.filter(o => o.kind === 'Service').map(o => [o.metadata.name, o] as const))('Service %s', (name, peer) => {
  const ours = find(OURS, 'Service', name);
  test('same type, port names, ports and targetPorts', () => {
    const ports = (s: K8sObject) => s.spec.ports.map((p: any) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol ?? 'TCP' }));
    expect(ports(ours)).toEqual(ports(peer));
    expect(ours.spec.type ?? 'ClusterIP').toBe(peer.spec.type ?? 'ClusterIP');
  });
});

test('the tutorial\'s NodePort: 19530 -> 32227 (set with --set in the tutorial, in seed.yaml here)', () => {
  expect(find(OURS, 'Service', 'my-release-milvus').spec.ports[0]).toMatchObject({ name: 'shards', port: 19530, nodePort: 32227 });
});

describe.each(PEER.filter(o => o.kind === 'Deployment').map(o => [o.metadata.name, o] as const))('workload %s', (name, peer) => {
  const ours = find(OURS, OTHER_KIND[key(peer)]?.[0] ?? 'Deployment', name);
  test('same containers with the same port names and numbers', () => {
    // The log container (DIFFERENCES.milvusLogContainer) serves no port.
    const ports = (w: K8sObject) => podSpecOf(w).containers.filter((c: any) => c.name !== 'log').map((c: any) => (c.ports ?? []).map((p: any) => `${p.name}:${p.containerPort}`));
    expect(ports(ours)).toEqual(ports(peer));
    const containerNames = (w: K8sObject) => podSpecOf(w).containers.map((c: any) => c.name);
    if (name === 'my-release-mysql') {
      expect(containerNames(peer)).toEqual(['my-release-mysql']); // DIFFERENCES.mysqlContainer
      expect(DIFFERENCES.mysqlContainer).toContain('"mysql"');
      expect(containerNames(ours)).toEqual(['mysql']);
    } else if (name.startsWith('my-release-milvus-') && name !== 'my-release-milvus-mishards') {
      expect(containerNames(ours)).toEqual([...containerNames(peer), 'log']); // DIFFERENCES.milvusLogContainer
    } else {
      expect(containerNames(ours)).toEqual(containerNames(peer));
    }
  });
});

describe('volumes', () => {
  const claim = (objs: K8sObject[], name: string) => find(objs, 'PersistentVolumeClaim', name).spec;

  test('the shared Milvus volume: same name, size and access mode', () => {
    const [peer, ours] = [claim(PEER, 'my-release-milvus'), claim(OURS, 'my-release-milvus')];
    expect(ours.accessModes).toEqual(peer.accessModes);
    expect(ours.accessModes).toEqual(['ReadWriteMany']);
    expect(ours.resources.requests.storage).toBe(peer.resources.requests.storage);
  });

  test('MySQL: the claim template has the peer PVC\'s size and access mode (name differs: documented)', () => {
    const peer = claim(PEER, 'my-release-mysql');
    const [template] = find(OURS, 'StatefulSet', 'my-release-mysql').spec.volumeClaimTemplates;
    expect(template.metadata.name).toBe('data');
    expect(template.spec.accessModes).toEqual(peer.accessModes);
    expect(template.spec.resources.requests.storage).toBe(peer.resources.requests.storage);
    // The peer mounted its claim as volume "data" too.
    const peerVolume = podSpecOf(find(PEER, 'Deployment', 'my-release-mysql')).volumes.find((v: any) => v.persistentVolumeClaim);
    expect(peerVolume.name).toBe('data');
  });

  test('the NFS export root: same PV/PVC names and size; ReadWriteMany (documented)', () => {
    const peer = claim(PEER, 'pvc-nfs-client-nfs-client-provisioner');
    const ours = claim(OURS, 'pvc-nfs-client-nfs-client-provisioner');
    expect(ours.resources.requests.storage).toBe(peer.resources.requests.storage);
    expect(peer.accessModes).toEqual(['ReadWriteOnce']); // DIFFERENCES.nfsRootAccessMode
    expect(DIFFERENCES.nfsRootAccessMode).toContain('ReadWriteMany');
    expect(ours.accessModes).toEqual(['ReadWriteMany']);
    expect(find(OURS, 'PersistentVolume', 'pv-nfs-client-nfs-client-provisioner').spec.nfs)
      .toEqual(find(PEER, 'PersistentVolume', 'pv-nfs-client-nfs-client-provisioner').spec.nfs);
  });

  test('the StorageClass: same name and provisioner, default class as in the tutorial', () => {
    const [peer, ours] = [find(PEER, 'StorageClass', 'nfs-client'), find(OURS, 'StorageClass', 'nfs-client')];
    expect(ours.provisioner).toBe(peer.provisioner);
    expect(ours.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(find(OURS, 'PersistentVolumeClaim', 'my-release-milvus').spec.storageClassName).toBe('nfs-client');
  });
});
