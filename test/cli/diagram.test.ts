/**
 * `cdk8s-milvus diagram`: a Mermaid flowchart drawn from the synthesized objects. Its arrows are
 * the connections the NetworkPolicies allow (removing a policy removes its arrows), Mermaid's own
 * parser accepts it, and the README shows the tutorial cluster's diagram as it is today.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mermaidDiagram } from '../../src/cli/_diagram';
import { allowedConnections, PodGroup } from '../../src/cli/_policy-graph';
import { runCli, synthFile } from '../support';
import { expectGeneratedSection } from '../support/generated-section';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'diagram-'));

const cli = runCli;
const objectsOf = synthFile;

/** `A -->|"TCP 19530"| B` lines: the network arrows. */
const arrows = (diagram: string) => diagram.split('\n').filter(l => / -->\|/.test(l)).map(l => l.trim());
/** The arrows with outside nodes named by their label (their numbers depend on which peers exist). */
const namedArrows = (diagram: string) => {
  const labels = new Map([...diagram.matchAll(/(Outside_\d+)>"([^"]*)"\]/g)].map(m => [m[1], `<${m[2]}>`]));
  return arrows(diagram).map(a => a.replace(/Outside_\d+/g, id => labels.get(id) ?? id));
};

/** Runs Mermaid's parser (test/support/mermaid-parse.mjs) on each text. */
function mermaidParse(...texts: string[]): Array<{ ok: boolean; diagramType?: string; error?: string }> {
  const files = texts.map((t, i) => { const f = join(dir, `d${i}.mmd`); writeFileSync(f, t); return f; });
  const r = spawnSync(process.execPath, [join(ROOT, 'test', 'support', 'mermaid-parse.mjs'), ...files], { encoding: 'utf8' });
  if (r.stdout.trim() === '') { throw new Error(`the Mermaid parser did not run: ${r.stderr}`); }
  return r.stdout.trim().split('\n').map(l => JSON.parse(l));
}

const seed = objectsOf(join(ROOT, 'examples', 'seed.yaml'));
const seedDiagram = mermaidDiagram(seed);
const id = (kind: string, name: string) => `${kind}_milvus_${name.replace(/-/g, '_')}`;
const MISHARDS = id('Deployment', 'my-release-milvus-mishards');
const WRITABLE = id('StatefulSet', 'my-release-milvus-writable');
const READONLY = id('Deployment', 'my-release-milvus-readonly');
const MYSQL = id('StatefulSet', 'my-release-mysql');

test('the command prints the diagram of the config (what synth would write)', () => {
  const r = cli('diagram', '--config', join(ROOT, 'examples', 'seed.yaml'));
  expect(r.code).toBe(0);
  expect(r.stdout).toEqual(seedDiagram);
  // synth's warnings are passed on.
  expect(r.stderr).toMatch(/^warning: .*MySQL data on the ReadWriteMany class/);
});

test('the config\'s -f and --set layers apply as in synth', () => {
  const r = cli('diagram', '-c', join(ROOT, 'examples', 'seed.yaml'), '--set', 'readonly.replicas=3');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Deployment my-release-milvus-readonly<br/>3 replicas');
});

test('bad usage and bad configs: exit 2, a message, no diagram', () => {
  expect(cli('diagram')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('diagram needs -c FILE') });
  expect(cli('diagram', '--config', 'a.yaml', '--config', 'b.yaml')).toMatchObject({ code: 2, stderr: expect.stringContaining('one -c FILE') });
  expect(cli('diagram', '--out', 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining('diagram does not take --out') });
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'releaseName: my-release\nnamespace: milvus\nstorage: { storageClassName: efs }\nmishards: { replicas: 0 }\n');
  expect(cli('diagram', '--config', bad)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('is not a valid cluster config') });
});

test('Mermaid\'s own parser accepts the diagram of every example, and rejects a broken one', () => {
  const examples = ['seed.yaml', 'minimal.yaml', 'production.yaml'].map(f => mermaidDiagram(objectsOf(join(ROOT, 'examples', f))));
  const results = mermaidParse(...examples, seedDiagram.replace('-->|', '-->|"'));
  expect(results.slice(0, 3)).toEqual(examples.map(() => ({ file: expect.any(String), ok: true, diagramType: 'flowchart-v2' })));
  expect(results[3]).toMatchObject({ ok: false, error: expect.stringContaining('Parse error') });
});

test('the workloads with replicas, Services with exposure, claims and the StorageClass', () => {
  expect(seedDiagram).toContain(`${MISHARDS}["Deployment my-release-milvus-mishards<br/>1 replica<br/>milvusdb/mishards:0.10.0"]`);
  expect(seedDiagram).toContain('Service my-release-milvus<br/>NodePort: shards 19530 → node port 32227');
  expect(seedDiagram).toContain('PVC my-release-milvus<br/>50Gi RWX<br/>class nfs-client');
  expect(seedDiagram).toContain('PVC data-my-release-mysql-0<br/>4Gi RWO<br/>class nfs-client');
  expect(seedDiagram).toContain('StorageClass nfs-client (default)<br/>cluster.local/nfs-client-nfs-client-provisioner<br/>reclaim Retain');
  expect(seedDiagram).toContain('PV pv-nfs-client-nfs-client-provisioner<br/>NFS 192.168.1.31:/nfs');
  expect(seedDiagram).toContain(`${id('Service', 'my-release-milvus')} ==>|"19530 → mishards"| ${MISHARDS}`);
});

/** The id of the outside node with this label. */
function outside(diagram: string, label: string): string {
  const m = new RegExp(`(Outside_\\d+)>"${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\]`).exec(diagram);
  if (!m) { throw new Error(`no outside node "${label}" in the diagram`); }
  return m[1];
}

test('one arrow with its ports for each connection the tutorial\'s NetworkPolicies allow, and no other', () => {
  const [anySource, anyAddress, kubeDns, nodeLocalDns] = ['any source', 'any address', 'pods k8s-app=kube-dns in namespace kube-system', '169.254.20.10/32']
    .map(l => outside(seedDiagram, l));
  expect(arrows(seedDiagram).sort()).toEqual([
    `${MISHARDS} -->|"TCP 19530"| ${WRITABLE}`,
    `${MISHARDS} -->|"TCP 19530"| ${READONLY}`,
    `${MISHARDS} -->|"TCP 3306"| ${MYSQL}`,
    `${WRITABLE} -->|"TCP 3306"| ${MYSQL}`,
    `${READONLY} -->|"TCP 3306"| ${MYSQL}`,
    // Clients from anywhere (the tutorial's NodePort), Kubernetes discovery and the provisioner to the API server.
    `${anySource} -->|"TCP 19530"| ${MISHARDS}`,
    `${MISHARDS} -->|"TCP 443, TCP 6443"| ${anyAddress}`,
    `${id('Deployment', 'nfs-client-nfs-client-provisioner')} -->|"TCP 443, TCP 6443"| ${anyAddress}`,
    // DNS for every pod of the namespace (kube-dns and the node-local cache address): one arrow each from the namespace.
    `ns_milvus -->|"TCP 53, UDP 53"| ${kubeDns}`,
    `ns_milvus -->|"TCP 53, UDP 53"| ${nodeLocalDns}`,
  ].sort());
});

test.each([
  ['my-release-milvus-mishards', [MISHARDS]],
  ['my-release-mysql', [MYSQL]],
  ['my-release-milvus-writable', [WRITABLE]],
])('removing the policy %s removes exactly its arrows', (policy, ends) => {
  const without = mermaidDiagram(seed.filter(o => !(o.kind === 'NetworkPolicy' && o.metadata.name === policy)));
  const before = namedArrows(seedDiagram);
  const after = namedArrows(without);
  const removed = before.filter(a => !after.includes(a));
  expect(removed.length).toBeGreaterThan(0);
  // Only arrows into or out of the pods the policy selected went; nothing appeared.
  expect(removed.every(a => ends.some(e => a.includes(e)))).toBe(true);
  expect(after.filter(a => !before.includes(a))).toEqual([]);
});

test('without NetworkPolicies no arrow is drawn, and the diagram says why', () => {
  const none = mermaidDiagram(seed.filter(o => o.kind !== 'NetworkPolicy'));
  expect(arrows(none)).toEqual([]);
  expect(none).toContain('%% No NetworkPolicies: nothing restricts the connections, so none is drawn.');
});

test('policy semantics: only isolated directions are drawn, rules without ports allow any port', () => {
  const groups: PodGroup[] = [
    { id: 'a', namespace: 'n', labels: { app: 'a' }, namedPorts: {} },
    { id: 'b', namespace: 'n', labels: { app: 'b' }, namedPorts: { grpc: 'TCP/19530' } },
  ];
  const ingressOnly = [{ metadata: { namespace: 'n' }, spec: { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'grpc' }] }] } }];
  // a → b: b's ingress decides (named port resolved on b); b → a: nothing isolates it, not drawn.
  expect(allowedConnections(ingressOnly, groups).connections).toEqual([{ from: 'a', to: 'b', ports: ['TCP/19530'] }]);
  const egressToo = [...ingressOnly, { metadata: { namespace: 'n' }, spec: { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'a' } } }] }] } }];
  expect(allowedConnections(egressToo, groups).connections).toEqual([{ from: 'a', to: 'b', ports: ['TCP/19530'] }, { from: 'b', to: 'a', ports: ['any port'] }]);
  // Another namespace's pods are not ours: an outside peer.
  const otherNs = [{ metadata: { namespace: 'n' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'x' } } }], ports: [{ port: 80 }] }] } }];
  const r = allowedConnections(otherNs, groups);
  expect(r.outside).toEqual([{ key: expect.any(String), label: 'any pod in namespaces team=x' }]);
  expect(r.connections.filter(c => c.from === r.outside[0].key).map(c => c.to).sort()).toEqual(['a', 'b']);
});

test('README shows the tutorial cluster\'s diagram as the command draws it today', () => {
  expectGeneratedSection(join(ROOT, 'README.md'), 'diagram of examples/seed.yaml', `\`\`\`mermaid\n${seedDiagram}\`\`\`\n`);
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('cdk8s-milvus diagram --config examples/seed.yaml');
});
