import { join } from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { LINT_EXEMPTIONS } from '../../src/common/_exemptions';
import { ValidationError } from '../../src/common/validation-error';
import {
  NfsOnDelete, NfsProvisioner, NfsProvisionerProps, NfsReclaimPolicy, StorageClassRef,
} from '../../src/storage';
import {
  containersOf, expectGolden, expectSchemaValid, expectSemanticallyValid, find, K8sObject, ofKind, podSpecOf, synth, toYaml,
} from '../support';
import { NFS_ALL_OPTIONS } from './_fixtures';

/** NodeLocal DNSCache's listen address: a DNS server no pod selector matches (hostNetwork). */
const NODE_LOCAL_DNS = { ipBlock: { cidr: '169.254.20.10/32' } };

const TUTORIAL: NfsProvisionerProps = { server: '192.168.1.31', path: '/nfs', mountOptions: ['rw', 'nfsvers=3'], defaultClass: true };
const FULLNAME = 'nfs-client-nfs-client-provisioner';
// A copy of ../shared/reference/peer/nfs-client-provisioner-1.2.8.yaml, so the test does not depend on files beside the clone.
const PEER_FILE = join(__dirname, '..', 'peer', 'nfs-client-provisioner-1.2.8.yaml');

const ALL_OPTIONS = NFS_ALL_OPTIONS;

function chart(namespace: string | undefined = 'milvus'): Chart {
  return new Chart(Testing.app(), 'test', namespace === undefined ? {} : { namespace });
}

function build(props: NfsProvisionerProps): { nfs: NfsProvisioner; objs: K8sObject[] } {
  const c = chart();
  const nfs = new NfsProvisioner(c, 'nfs', props);
  return { nfs, objs: synth(c) };
}

/** The construct must throw a ValidationError naming `prop` before anything is synthesized. */
function rejects(props: NfsProvisionerProps, prop: string, fragment?: string, namespace?: string): void {
  let thrown: unknown;
  try {
    new NfsProvisioner(chart(namespace), 'nfs', props);
  } catch (e) {
    thrown = e;
  }
  expect(ValidationError.isValidationError(thrown)).toBe(true);
  expect((thrown as ValidationError).prop).toBe(prop);
  expect((thrown as Error).message).toContain(`invalid ${prop}:`);
  if (fragment) { expect((thrown as Error).message).toContain(fragment); }
}

describe('golden scenarios', () => {
  test.each<[string, NfsProvisionerProps]>([
    ['tutorial', TUTORIAL],
    ['minimal', { server: '10.0.0.5', path: '/srv/nfs' }],
    ['all-options', ALL_OPTIONS],
  ])('%s: golden, schema-valid, semantically valid', (scenario, props) => {
    const { objs } = build(props);
    expectGolden(`storage/${scenario}.k8s.yaml`, toYaml(objs));
    expectSchemaValid(objs);
    expectSemanticallyValid(objs);
  });
});

describe('tutorial parity with nfs-client-provisioner 1.2.8', () => {
  const peer = Yaml.load(PEER_FILE) as K8sObject[];
  const { nfs, objs } = build(TUTORIAL);

  test('same objects by kind and name', () => {
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    // Addition: the provisioner's NetworkPolicy (the chart renders none).
    const ours = objs.filter(o => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'nfs-client-nfs-client-provisioner'));
    expect(ours.map(key).sort()).toEqual(peer.map(key).sort());
  });

  test('same provisioner name, StorageClass and seed pod label', () => {
    expect(nfs.provisionerName).toBe(`cluster.local/${FULLNAME}`);
    const ours = find(objs, 'StorageClass', 'nfs-client');
    const theirs = find(peer, 'StorageClass', 'nfs-client');
    for (const field of ['provisioner', 'allowVolumeExpansion', 'mountOptions', 'parameters']) {
      expect({ field, value: ours[field] }).toEqual({ field, value: theirs[field] });
    }
    expect(ours.metadata.annotations).toEqual(theirs.metadata.annotations);
    // Documented improvements: Retain by default (peer: Delete), binding mode rendered (API default Immediate).
    expect(theirs.reclaimPolicy).toBe('Delete');
    expect(ours.reclaimPolicy).toBe('Retain');
    expect(theirs.volumeBindingMode).toBeUndefined();
    expect(ours.volumeBindingMode).toBe('Immediate');
    const dep = find(objs, 'Deployment', FULLNAME);
    expect(dep.spec.template.metadata.labels.app).toBe('nfs-client-provisioner');
  });

  test('with reclaimPolicy DELETE the StorageClass equals the peer\'s apart from the explicit binding mode', () => {
    const { objs: asSeed } = build({ ...TUTORIAL, reclaimPolicy: NfsReclaimPolicy.DELETE });
    const ours = find(asSeed, 'StorageClass', 'nfs-client');
    const theirs = find(peer, 'StorageClass', 'nfs-client');
    // Labels differ by design (recommended labels); the binding mode is rendered explicitly.
    const strip = (sc: K8sObject) => ({
      ...sc,
      metadata: { name: sc.metadata.name, annotations: sc.metadata.annotations },
      volumeBindingMode: undefined,
    });
    expect(strip(ours)).toEqual(strip(theirs));
  });

  test('same env, mount path, root volume and claim', () => {
    const dep = find(objs, 'Deployment', FULLNAME);
    const peerDep = find(peer, 'Deployment', FULLNAME);
    const [c] = containersOf(dep);
    const [pc] = containersOf(peerDep);
    expect(c.name).toBe(pc.name);
    for (const e of pc.env) { expect(c.env).toContainEqual(e); }
    expect(c.env).toContainEqual({ name: 'ENABLE_LEADER_ELECTION', value: 'true' });
    expect(c.volumeMounts).toContainEqual(pc.volumeMounts[0]);
    expect(podSpecOf(dep).volumes).toContainEqual(podSpecOf(peerDep).volumes[0]);
    expect(podSpecOf(dep).serviceAccountName).toBe(podSpecOf(peerDep).serviceAccountName);
    const pv = find(objs, 'PersistentVolume', `pv-${FULLNAME}`);
    const peerPv = find(peer, 'PersistentVolume', `pv-${FULLNAME}`);
    expect(pv.spec.nfs).toEqual(peerPv.spec.nfs);
    expect(pv.spec.mountOptions).toEqual(peerPv.spec.mountOptions);
    expect(pv.spec.storageClassName).toBe('');
    expect(pv.metadata.labels['nfs-client-provisioner']).toBe(peerPv.metadata.labels['nfs-client-provisioner']);
    const pvc = find(objs, 'PersistentVolumeClaim', `pvc-${FULLNAME}`);
    expect(pvc.spec.selector).toEqual(find(peer, 'PersistentVolumeClaim', `pvc-${FULLNAME}`).spec.selector);
  });

  test('RBAC: the peer\'s rules plus nodes read (v4 image), leader election on endpoints only', () => {
    const rules = find(objs, 'ClusterRole', `${FULLNAME}-runner`).rules;
    for (const r of find(peer, 'ClusterRole', `${FULLNAME}-runner`).rules) { expect(rules).toContainEqual(r); }
    expect(rules).toContainEqual({ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] });
    expect(rules).toHaveLength(5);
    expect(find(objs, 'Role', `leader-locking-${FULLNAME}`).rules).toEqual(find(peer, 'Role', `leader-locking-${FULLNAME}`).rules);
  });
});

describe('objects', () => {
  const { nfs, objs } = build(TUTORIAL);

  test('cluster-scoped objects carry no namespace; namespaced ones carry the chart\'s', () => {
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume']) {
      for (const o of ofKind(objs, kind)) { expect({ kind, ns: o.metadata.namespace }).toEqual({ kind, ns: undefined }); }
    }
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding', 'PersistentVolumeClaim', 'Deployment']) {
      for (const o of ofKind(objs, kind)) { expect({ kind, ns: o.metadata.namespace }).toEqual({ kind, ns: 'milvus' }); }
    }
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      for (const o of ofKind(objs, kind)) {
        expect(o.subjects).toEqual([{ kind: 'ServiceAccount', name: FULLNAME, namespace: 'milvus' }]);
      }
    }
  });

  test('RBAC has no wildcards and no secrets access', () => {
    for (const o of [...ofKind(objs, 'ClusterRole'), ...ofKind(objs, 'Role')]) {
      for (const r of o.rules) {
        expect([...r.apiGroups, ...r.resources, ...r.verbs]).not.toContain('*');
        expect(r.resources).not.toContain('secrets');
        expect(r.resources).toHaveLength(1);
      }
    }
  });

  test('static root PV + PVC, bound both ways, Retain, 10Mi', () => {
    const pv = find(objs, 'PersistentVolume', `pv-${FULLNAME}`);
    const pvc = find(objs, 'PersistentVolumeClaim', `pvc-${FULLNAME}`);
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(pv.spec.capacity.storage).toBe('10Mi');
    expect(pv.spec.claimRef).toMatchObject({ name: pvc.metadata.name, namespace: 'milvus' });
    expect(pvc.spec.volumeName).toBe(pv.metadata.name);
    expect(pvc.spec.storageClassName).toBe('');
    expect(pvc.spec.accessModes).toEqual(pv.spec.accessModes);
    // Pod Security "restricted": no inline nfs volume in the pod.
    const dep = find(objs, 'Deployment', FULLNAME);
    expect(podSpecOf(dep).volumes.some((v: any) => v.nfs)).toBe(false);
  });

  test('Deployment: one replica, Recreate, token mounted, hardened container with resources', () => {
    const dep = find(objs, 'Deployment', FULLNAME);
    expect(dep.spec.replicas).toBe(1);
    expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = podSpecOf(dep);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(find(objs, 'ServiceAccount', FULLNAME).automountServiceAccountToken).toBe(true);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    const [c] = containersOf(dep);
    expect(c.image).toBe('registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const k of ['requests', 'limits']) {
      expect(Object.keys(c.resources[k]).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    }
    expect(c.volumeMounts).toContainEqual({ name: 'nfs-client-root', mountPath: '/persistentvolumes' });
  });

  test('root by default, with the exemption on the Deployment and its pod template', () => {
    const dep = find(objs, 'Deployment', FULLNAME);
    expect(podSpecOf(dep).securityContext.runAsNonRoot).toBe(false);
    for (const annotations of [dep.metadata.annotations, dep.spec.template.metadata.annotations]) {
      expect(annotations['ignore-check.kube-linter.io/run-as-non-root']).toBe(LINT_EXEMPTIONS['nfs-export-needs-root'].reason);
      expect(annotations['kube-score/ignore'].split(',')).toEqual(expect.arrayContaining(['pod-probes', 'deployment-replicas', 'container-security-context-user-group-id']));
      expect(annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt']).toBe('true');
      expect(annotations['ignore-check.kube-linter.io/no-liveness-probe']).toBeDefined();
    }
  });

  test('runAsNonRoot opt-in: UID 65534 on pod and container, no root exemption', () => {
    const { objs: o } = build({ ...TUTORIAL, runAsNonRoot: true });
    const dep = find(o, 'Deployment', FULLNAME);
    expect(podSpecOf(dep).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 });
    expect(containersOf(dep)[0].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(dep.metadata.annotations['ignore-check.kube-linter.io/run-as-non-root']).toBeUndefined();
  });

  test('public API: storage class reference, provisioner name, pod selector', () => {
    expect(nfs.storageClass).toEqual({ storageClassName: 'nfs-client', readWriteMany: true });
    expect(nfs.fullname).toBe(FULLNAME);
    const dep = find(objs, 'Deployment', FULLNAME);
    expect(dep.spec.selector.matchLabels).toEqual(nfs.podSelector);
    for (const [k, v] of Object.entries(nfs.podSelector)) { expect(dep.spec.template.metadata.labels[k]).toBe(v); }
    expect(nfs.workload.name).toBe(FULLNAME);
    expect(nfs.deployment).toBe(nfs.workload); // the deprecated name of 0.x
    expect(nfs.storageClassResource.name).toBe('nfs-client');
    expect(nfs.leaderElectionRole?.name).toBe(`leader-locking-${FULLNAME}`);
  });

  test('StorageClass: Retain, archive, explicit Immediate binding, expansion, default-class annotation', () => {
    const sc = find(objs, 'StorageClass', 'nfs-client');
    expect(sc).toMatchObject({
      provisioner: `cluster.local/${FULLNAME}`,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      parameters: { archiveOnDelete: 'true' },
      mountOptions: ['rw', 'nfsvers=3'],
    });
    expect(sc.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
  });

  test('minimal: no default-class annotation and no mount options', () => {
    const { objs: o } = build({ server: '10.0.0.5', path: '/srv/nfs' });
    const sc = find(o, 'StorageClass', 'nfs-client');
    expect(sc.metadata.annotations).toBeUndefined();
    expect(sc.mountOptions).toBeUndefined();
    expect(find(o, 'PersistentVolume', `pv-${FULLNAME}`).spec.mountOptions).toBeUndefined();
  });

  test('leaderElection false: env "false" and no Role or RoleBinding', () => {
    const { nfs: n, objs: o } = build({ ...TUTORIAL, leaderElection: false });
    expect(containersOf(find(o, 'Deployment', FULLNAME))[0].env).toContainEqual({ name: 'ENABLE_LEADER_ELECTION', value: 'false' });
    expect(ofKind(o, 'Role')).toEqual([]);
    expect(ofKind(o, 'RoleBinding')).toEqual([]);
    expect(n.leaderElectionRole).toBeUndefined();
    expectSemanticallyValid(o);
  });

  test('release name drives every derived name', () => {
    const { nfs: n, objs: o } = build({ ...TUTORIAL, releaseName: 'milvus-storage' });
    const full = 'milvus-storage-nfs-client-provisioner';
    expect(n.provisionerName).toBe(`cluster.local/${full}`);
    for (const [kind, name] of [['Deployment', full], ['ServiceAccount', full], ['ClusterRole', `${full}-runner`], ['ClusterRoleBinding', `run-${full}`],
      ['Role', `leader-locking-${full}`], ['PersistentVolume', `pv-${full}`], ['PersistentVolumeClaim', `pvc-${full}`]]) {
      expect(find(o, kind, name)).toBeDefined();
    }
  });

  test.each<[string, NfsProvisionerProps]>([
    ['onDelete delete with opt-in', { ...TUTORIAL, reclaimPolicy: NfsReclaimPolicy.DELETE, onDelete: NfsOnDelete.DELETE, allowDataLoss: true }],
    ['archiveOnDelete false with opt-in', { ...TUTORIAL, reclaimPolicy: NfsReclaimPolicy.DELETE, archiveOnDelete: false, allowDataLoss: true }],
    ['pathPattern with Retain', { ...TUTORIAL, pathPattern: '${.PVC.namespace}/${.PVC.name}' }],
    ['pathPattern with onDelete retain', { ...TUTORIAL, reclaimPolicy: NfsReclaimPolicy.DELETE, onDelete: NfsOnDelete.RETAIN, pathPattern: '${.PVC.labels.app}-${.PVC.name}' }],
    ['single-segment pathPattern with deletion', { ...TUTORIAL, reclaimPolicy: NfsReclaimPolicy.DELETE, onDelete: NfsOnDelete.DELETE, allowDataLoss: true, pathPattern: '${.PVC.namespace}-${.PVC.name}' }],
    ['IPv6 server', { server: 'fd00::31', path: '/nfs' }],
    ['DNS server', { server: 'nas.lan', path: '/volume1/tmp', mountOptions: ['nfsvers=4', 'local_lock=none'] }],
    ['local_lock=flock (only flock() locks are local; fcntl locks still reach the server)', { ...TUTORIAL, mountOptions: ['nfsvers=3', 'local_lock=flock'] }],
    ['local_lock=flock joined and upper-case', { ...TUTORIAL, mountOptions: ['rw,LOCAL_LOCK=FLOCK'] }],
  ])('accepts %s', (_label, props) => {
    const { objs: o } = build(props);
    expectSchemaValid(o);
    expectSemanticallyValid(o);
  });

  test('local_lock=flock reaches the StorageClass and the root PersistentVolume', () => {
    const { objs: o } = build({ ...TUTORIAL, mountOptions: ['local_lock=flock'] });
    expect(ofKind(o, 'StorageClass')[0].mountOptions).toEqual(['local_lock=flock']);
    const pvs = ofKind(o, 'PersistentVolume');
    expect(pvs).toHaveLength(1);
    expect(pvs[0].spec.mountOptions).toEqual(['local_lock=flock']);
  });

  test('dangerous settings render as asked once opted in', () => {
    const { objs: o } = build({ ...TUTORIAL, reclaimPolicy: NfsReclaimPolicy.DELETE, onDelete: NfsOnDelete.DELETE, allowDataLoss: true });
    expect(find(o, 'StorageClass', 'nfs-client')).toMatchObject({ reclaimPolicy: 'Delete', parameters: { onDelete: 'delete', archiveOnDelete: 'true' } });
  });

  test('an existing StorageClass can still be referenced by name', () => {
    expect(StorageClassRef.fromName('managed-nfs', { readWriteMany: true })).toEqual({ storageClassName: 'managed-nfs', readWriteMany: true });
  });
});

describe('bad input throws ValidationError naming the prop', () => {
  const base = TUTORIAL;
  test.each<[string, Partial<Record<keyof NfsProvisionerProps, unknown>>, string, string?]>([
    ['missing server', { server: undefined }, 'server', 'required'],
    ['empty server', { server: '' }, 'server'],
    ['malformed server', { server: 'nfs server!' }, 'server', 'IPv4 or IPv6'],
    ['bad IPv4', { server: '192.168.1.300' }, 'server'],
    ['upper-case host', { server: 'NAS_1' }, 'server'],
    ['missing path', { path: undefined }, 'path'],
    ['relative path', { path: 'nfs' }, 'path', 'absolute'],
    ['path with ..', { path: '/nfs/../etc' }, 'path'],
    ['nolock', { mountOptions: ['rw', 'nolock'] }, 'mountOptions[1]', 'nolock'],
    ['NOLOCK upper-case', { mountOptions: ['NOLOCK'] }, 'mountOptions[0]'],
    ['nolock hidden in a joined option', { mountOptions: ['rw,nolock'] }, 'mountOptions[0]'],
    ['local_lock=all', { mountOptions: ['local_lock=all'] }, 'mountOptions[0]', '"local_lock=posix" and "local_lock=all" make POSIX (fcntl) locks client-local'],
    ['local_lock=all in a joined option', { mountOptions: ['rw,local_lock=all'] }, 'mountOptions[0]'],
    ['local_lock=posix', { mountOptions: ['nfsvers=3', 'local_lock=posix'] }, 'mountOptions[1]'],
    ['empty mount option', { mountOptions: [''] }, 'mountOptions[0]'],
    ['mount option with space', { mountOptions: ['rw nfsvers=3'] }, 'mountOptions[0]'],
    ['mountOptions not a list', { mountOptions: 'rw' }, 'mountOptions'],
    ['bad release name', { releaseName: 'Nfs_Client' }, 'releaseName', 'DNS-1123'],
    ['too long release name', { releaseName: 'a'.repeat(64) }, 'releaseName'],
    ['bad storage class name', { storageClassName: 'NFS Client' }, 'storageClassName'],
    ['bad provisioner name', { provisionerName: 'cluster local/nfs' }, 'provisionerName', 'qualified name'],
    ['provisioner name with two slashes', { provisionerName: 'a/b/c' }, 'provisionerName'],
    ['unknown reclaim policy', { reclaimPolicy: 'Recycle' }, 'reclaimPolicy', '"Retain", "Delete"'],
    ['unknown onDelete', { onDelete: 'purge' }, 'onDelete'],
    ['unknown binding mode', { volumeBindingMode: 'Later' }, 'volumeBindingMode'],
    ['unknown pull policy', { imagePullPolicy: 'Sometimes' }, 'imagePullPolicy'],
    ['defaultClass not boolean', { defaultClass: 'yes' }, 'defaultClass'],
    ['onDelete delete without opt-in', { reclaimPolicy: NfsReclaimPolicy.DELETE, onDelete: NfsOnDelete.DELETE }, 'onDelete', 'allowDataLoss'],
    ['onDelete delete with Retain, still without opt-in', { onDelete: NfsOnDelete.DELETE }, 'onDelete', 'allowDataLoss'],
    ['archiveOnDelete false without opt-in', { reclaimPolicy: NfsReclaimPolicy.DELETE, archiveOnDelete: false }, 'archiveOnDelete', 'allowDataLoss'],
    ['pathPattern with archiving', { reclaimPolicy: NfsReclaimPolicy.DELETE, pathPattern: '${.PVC.namespace}-${.PVC.name}' }, 'pathPattern', 'archiving'],
    ['nested pathPattern with deletion', { reclaimPolicy: NfsReclaimPolicy.DELETE, archiveOnDelete: false, allowDataLoss: true, pathPattern: '${.PVC.namespace}/${.PVC.name}' }, 'pathPattern', 'last path segment'],
    ['unknown placeholder', { pathPattern: '${.PVC.uid}' }, 'pathPattern', 'unknown placeholder'],
    ['pathPattern without placeholder', { pathPattern: 'shared' }, 'pathPattern', 'share one directory'],
    ['pathPattern escaping the export', { pathPattern: '../${.PVC.name}' }, 'pathPattern'],
    ['absolute pathPattern', { pathPattern: '/data/${.PVC.name}' }, 'pathPattern'],
    ['pathPattern with empty segment', { pathPattern: '${.PVC.namespace}//${.PVC.name}' }, 'pathPattern'],
    ['pathPattern with shell characters', { pathPattern: '${.PVC.name};rm' }, 'pathPattern'],
    ['image tagged latest', { image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:latest' }, 'image'],
    ['untagged image', { image: 'nfs-subdir-external-provisioner' }, 'image'],
    ['bad quantity', { resources: { cpuRequest: 'lots' } }, 'resources.cpuRequest'],
    ['request above limit', { resources: { memoryRequest: '1Gi' } }, 'resources.memoryRequest', 'must not exceed'],
    ['runAsUser without runAsNonRoot', { runAsUser: 1000 }, 'runAsUser'],
    ['runAsUser 0 in non-root mode', { runAsNonRoot: true, runAsUser: 0 }, 'runAsUser'],
    ['bad node selector key', { nodeSelector: { 'bad key': 'x' } }, 'nodeSelector key'],
    ['toleration without key and operator Equal', { tolerations: [{ effect: 'NoSchedule' }] }, 'tolerations[0].key', 'operator "Exists"'],
    ['bad priority class', { priorityClassName: 'High_Priority' }, 'priorityClassName'],
    ['bad StorageClass label value', { storageClassLabels: { tier: '-x' } }, 'storageClassLabels.tier'],
    ['bad StorageClass annotation key', { storageClassAnnotations: { 'a b': 'x' } }, 'storageClassAnnotations key'],
  ])('%s', (...row) => {
    // A rest parameter: jest would take a fourth named parameter for a `done` callback.
    const [, overrides, prop, fragment] = row;
    rejects({ ...base, ...overrides } as NfsProvisionerProps, prop, fragment);
  });

  test('a chart without a namespace is rejected', () => {
    let thrown: unknown;
    try {
      new NfsProvisioner(new Chart(Testing.app(), 'no-ns'), 'nfs', TUTORIAL);
    } catch (e) {
      thrown = e;
    }
    expect(ValidationError.isValidationError(thrown)).toBe(true);
    expect((thrown as ValidationError).prop).toBe('namespace');
  });
});

describe('NetworkPolicy', () => {
  test('no ingress; egress only to DNS and the API server ports', () => {
    const { nfs, objs } = build(TUTORIAL);
    const policy = find(objs, 'NetworkPolicy', 'nfs-client-nfs-client-provisioner');
    expect(nfs.networkPolicy).toBeDefined();
    expect(policy.spec.podSelector.matchLabels).toEqual(nfs.podSelector);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress ?? []).toEqual([]);
    expect(policy.spec.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, NODE_LOCAL_DNS],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      },
      { ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] },
    ]);
  });

  test('API server CIDRs and ports narrow the egress', () => {
    const { objs } = build({ ...TUTORIAL, apiServerCidrs: ['10.96.0.1/32'], apiServerPorts: [443] });
    expect(find(objs, 'NetworkPolicy', 'nfs-client-nfs-client-provisioner').spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.96.0.1/32' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });

  test('networkPolicy: false renders none', () => {
    const { nfs, objs } = build({ ...TUTORIAL, networkPolicy: false });
    expect(ofKind(objs, 'NetworkPolicy')).toEqual([]);
    expect(nfs.networkPolicy).toBeUndefined();
  });

  test.each([
    [{ apiServerCidrs: ['10.96.0.1'] }, 'apiServerCidrs[0]'],
    [{ apiServerPorts: [0] }, 'apiServerPorts[0]'],
  ])('bad %j is rejected', (extra, prop) => {
    expect(() => build({ ...TUTORIAL, ...extra })).toThrow(`invalid ${prop}:`);
  });
});
