/**
 * Parity with the seed tutorial's chart output (milvus-helm tag milvus-0.10.0,
 * rendered in `peer/milvus-helm-0.10.0-cluster.yaml`, a copy of
 * `/work/shared/reference/peer/`): object names, ports and server-config keys
 * match, except for the documented improvements below.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { find, K8sObject, podSpecOf, synth } from '../support';
import { cluster } from './_fixtures';

/** Every intended difference from the peer, with the reason. The test fails on any other difference. */
const DOCUMENTED_IMPROVEMENTS = {
  writableKind: 'writable is a 1-replica StatefulSet (Deployment + Recreate does not guarantee one writer) with a headless Service',
  readonlyHttp: 'readonly network.http.enable is true (milvus-helm 0.10.0 rendered false while its Service exposed the web port)',
  metaUri: 'meta_uri uses the metastore\'s user (not root) and a password placeholder filled in the pod (milvus-helm#162)',
  configMap: 'one ConfigMap per role `<fullname>-<role>-config` holding a template without the password, instead of `<fullname>` with both',
  renderConfig: 'an extra init container `render-config` writes the config into an in-memory emptyDir',
  extraMounts: 'an extra writable /tmp (an emptyDir, bounded)',
  extraObjects: 'ServiceAccounts per role and the writable headless Service (a readonly PodDisruptionBudget from 2 replicas)',
  boundedLogs: 'logs: info level, no trace, 512MB files, 1 rotation kept (the chart: debug, trace, 1024MB, keep all: unbounded)',
};

const PEER: K8sObject[] = parseAllDocuments(readFileSync(join(__dirname, '..', 'peer', 'milvus-helm-0.10.0-cluster.yaml'), 'utf8'))
  .map(d => d.toJS())
  .filter((o: any) => o && o.kind);

const peerConfigs = find(PEER, 'ConfigMap', 'my-release-milvus').data;
const PEER_CONFIG: Record<string, any> = {
  writable: parse(peerConfigs['server_config.yaml']),
  readonly: parse(peerConfigs['readonly_server_config.yaml']),
};

const { chart } = cluster();
const OURS = synth(chart);

function peerWorkload(role: string): K8sObject { return find(PEER, 'Deployment', `my-release-milvus-${role}`); }
function ourWorkload(role: string): K8sObject { return find(OURS, role === 'writable' ? 'StatefulSet' : 'Deployment', `my-release-milvus-${role}`); }

test('every improvement is listed', () => {
  expect(Object.keys(DOCUMENTED_IMPROVEMENTS)).toHaveLength(8);
});

test('shared PVC: same name, access mode and size', () => {
  const peer = find(PEER, 'PersistentVolumeClaim', 'my-release-milvus');
  const ours = find(OURS, 'PersistentVolumeClaim', 'my-release-milvus');
  expect(ours.spec.accessModes).toEqual(peer.spec.accessModes);
  expect(ours.spec.resources).toEqual(peer.spec.resources);
});

describe.each(['writable', 'readonly'])('%s', role => {
  test('Service: same name, selector and ports', () => {
    const peer = find(PEER, 'Service', `my-release-milvus-${role}`);
    const ours = find(OURS, 'Service', `my-release-milvus-${role}`);
    expect(ours.spec.selector).toEqual(peer.spec.selector);
    expect(ours.spec.ports).toEqual(peer.spec.ports);
    expect(ours.spec.type ?? 'ClusterIP').toBe(peer.spec.type ?? 'ClusterIP');
  });

  test('workload: same name, selector, container, ports and resources', () => {
    const peer = peerWorkload(role);
    const ours = ourWorkload(role);
    expect(ours.kind).toBe(role === 'writable' ? 'StatefulSet' : 'Deployment'); // writableKind
    expect(ours.spec.selector).toEqual(peer.spec.selector);
    expect(ours.spec.replicas).toBe(peer.spec.replicas);
    const [pc] = podSpecOf(peer).containers;
    const [oc] = podSpecOf(ours).containers;
    expect(oc.name).toBe(pc.name);
    expect(oc.ports).toEqual(pc.ports);
    expect(oc.resources.requests.memory).toBe(pc.resources.requests.memory);
    expect(oc.resources.limits.memory).toBe(pc.resources.limits.memory);
    expect(Number(oc.resources.requests.cpu)).toBe(Number(pc.resources.requests.cpu));
    expect(Number(oc.resources.limits.cpu)).toBe(Number(pc.resources.limits.cpu));
    expect(podSpecOf(ours).terminationGracePeriodSeconds).toBe(podSpecOf(peer).terminationGracePeriodSeconds);
  });

  test('mounts: the peer\'s paths plus the documented extras', () => {
    const peerPaths = podSpecOf(peerWorkload(role)).containers[0].volumeMounts.map((m: any) => m.mountPath);
    const ourPaths = podSpecOf(ourWorkload(role)).containers[0].volumeMounts.map((m: any) => m.mountPath);
    expect(ourPaths.filter((p: string) => !peerPaths.includes(p)).sort()).toEqual(['/tmp']); // extraMounts
    expect(peerPaths.filter((p: string) => !ourPaths.includes(p))).toEqual([]);
    const claim = (w: K8sObject) => podSpecOf(w).volumes.find((v: any) => v.persistentVolumeClaim).persistentVolumeClaim.claimName;
    expect(claim(ourWorkload(role))).toBe(claim(peerWorkload(role)));
  });

  test('init containers: the peer\'s names and marker path, plus render-config', () => {
    const peerInit = podSpecOf(peerWorkload(role)).initContainers;
    const ourInit = podSpecOf(ourWorkload(role)).initContainers;
    // Ours: the config rendered from the Secret, then the ownership guard.
    expect(ourInit.map((c: any) => c.name)).toEqual([...peerInit.map((c: any) => c.name), 'render-config', 'ownership-guard']);
    const marker = '/var/lib/milvus/db/test/my-release-milvus.txt';
    expect(peerInit[1].command.join(' ')).toContain(marker);
    expect(ourInit[1].command.join(' ')).toContain(marker);
    expect(ourInit[1].volumeMounts[0].mountPath).toBe(peerInit[1].volumeMounts[0].mountPath);
  });

  test('server config: same sections, keys and values except the documented ones', () => {
    const peer = PEER_CONFIG[role];
    const ours = parse(find(OURS, 'ConfigMap', `my-release-milvus-${role}-config`).data['server_config.yaml']); // configMap
    const keysOf = (c: any) => Object.fromEntries(Object.entries(c).map(([s, v]) => [s, v && typeof v === 'object' ? Object.keys(v as object).sort() : v]));
    expect(keysOf(ours)).toEqual(keysOf(peer));

    const expected = structuredClone(peer);
    expected.general.meta_uri = 'mysql://milvus:__METASTORE_PASSWORD__@my-release-mysql:3306/milvus'; // metaUri
    expect(peer.general.meta_uri).toBe('mysql://root:milvusroot@my-release-mysql:3306/milvus');
    expect(peer.logs).toMatchObject({ 'level': 'debug', 'trace.enable': true, 'max_log_file_size': '1024MB', 'log_rotate_num': 0 });
    Object.assign(expected.logs, { 'level': 'info', 'trace.enable': false, 'max_log_file_size': '512MB', 'log_rotate_num': 1 }); // boundedLogs
    if (role === 'readonly') {
      expect(peer.network['http.enable']).toBe(false);
      expected.network['http.enable'] = true; // readonlyHttp
    }
    expect(ours).toEqual(expected);
  });
});

test('objects beyond the peer are the documented ones', () => {
  const peerNames = new Set(PEER.map(o => o.metadata.name));
  const extra = OURS.filter(o => !peerNames.has(o.metadata.name)).map(o => `${o.kind}/${o.metadata.name}`).sort();
  expect(extra).toEqual([
    'ConfigMap/my-release-milvus-readonly-config', // configMap
    'ConfigMap/my-release-milvus-writable-config',
    'Service/my-release-milvus-writable-headless', // writableKind
  ]);
  // Same-named extras: ServiceAccounts and the PDB share the workloads' names (extraObjects).
  expect(OURS.filter(o => o.kind === 'ServiceAccount' || o.kind === 'PodDisruptionBudget').map(o => `${o.kind}/${o.metadata.name}`).sort())
    .toEqual(['ServiceAccount/my-release-milvus-readonly', 'ServiceAccount/my-release-milvus-writable']);
});
