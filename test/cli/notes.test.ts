/**
 * The next steps after synth (Helm's NOTES.txt): the Secret to create, apply, wait, connect for
 * the exposure in use. Printed on stderr, written as <release>.NOTES.txt beside the YAML.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { cli, configFile, tmp } from './_cli';
import { EXAMPLES_DIR, loadExample } from '../cluster/_fixtures';
import { expectGolden } from '../support';

/** The notes of a config, as printed with --stdout (stderr, after any warnings). */
function notesOf(config: object): string {
  const r = cli('synth', '--config', configFile(config), '--stdout');
  expect(r.code).toBe(0);
  return r.stderr.slice(r.stderr.indexOf('NOTES for release'));
}

const minimal = () => structuredClone(loadExample('minimal.yaml')) as any;

describe('the seed tutorial (NodePort 32227, an existing MySQL Secret)', () => {
  // A relative --out, as users write it (and the golden holds no temporary path).
  const cwd = process.cwd();
  const dir = tmp();
  process.chdir(dir);
  const r = cli('synth', '--config', join(EXAMPLES_DIR, 'seed.yaml'), '--out', 'dist');
  process.chdir(cwd);
  const out = join(dir, 'dist');
  const notes = readFileSync(join(out, 'my-release.NOTES.txt'), 'utf8');

  test('written beside the YAML and printed on stderr after the warnings', () => {
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['my-release.NOTES.txt', 'my-release.data.k8s.yaml', 'my-release.k8s.yaml']);
    expect(r.stderr.endsWith(notes)).toBe(true);
    expect(r.stderr.indexOf('warning:')).toBeLessThan(r.stderr.indexOf('NOTES'));
    expectGolden('cli/my-release.NOTES.txt', notes);
  });

  test('the exact Secret command: name, namespace and the keys the pods read', () => {
    expect(notes).toContain([
      '     kubectl -n milvus create secret generic my-release-mysql \\',
      '       --from-literal=mysql-root-password="$(openssl rand -hex 16)" \\',
      '       --from-literal=mysql-password="$(openssl rand -hex 16)"',
    ].join('\n'));
  });

  test('namespace, Secret, apply, wait, connect: in that order', () => {
    const order = ['kubectl create namespace milvus', 'create secret generic', 'kubectl apply -n milvus -f dist/my-release.data.k8s.yaml',
      'KUBECTL_APPLYSET=true kubectl apply -n milvus --prune --applyset=configmaps/my-release-milvus-applyset -f dist/my-release.k8s.yaml', 'kubectl -n milvus wait', 'kubectl get nodes -o wide'];
    const at = order.map(t => notes.indexOf(t));
    expect(at.every(i => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('kubectl wait for every workload of the manifest', () => {
    const yaml = parseAllDocuments(readFileSync(join(out, 'my-release.k8s.yaml'), 'utf8')).map(d => d.toJS());
    const workloads = yaml.filter(o => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(workloads.length).toBe(5);
    for (const w of workloads) { expect(notes).toMatch(new RegExp(`kubectl -n milvus wait .*${w.kind.toLowerCase()}/${w.metadata.name}( |\\n)`)); }
    expect(notes).toContain('--for=condition=Available');
    expect(notes).toContain('--for=jsonpath=\'{.status.readyReplicas}\'=1');
  });

  test('NodePort: a node address and the port', () => {
    expect(notes).toContain('on the node port 32227 (Service my-release-milvus, NodePort)');
    expect(notes).toContain('# then: <node address>:32227');
  });
});

describe('connect, per exposure', () => {
  test('NodePort without a fixed port: how to read the one the cluster assigned', () => {
    const c = minimal();
    c.mishards = { exposure: { type: 'NodePort' } };
    const notes = notesOf(c);
    expect(notes).toContain('kubectl -n milvus get service demo-milvus -o jsonpath=\'{.spec.ports[0].nodePort}\'');
    expect(notes).toContain('# then: <node address>:<node port>');
  });

  test('LoadBalancer: where the address appears, and the port', () => {
    const notes = notesOf(loadExample('production.yaml'));
    expect(notes).toContain('kubectl -n milvus get service search-milvus --watch   # EXTERNAL-IP');
    expect(notes).toContain('{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}');
    expect(notes).toContain('# then: <that address>:19530');
  });

  test('ClusterIP: the in-cluster name and a port-forward', () => {
    const notes = notesOf(minimal());
    expect(notes).toContain('from a pod, demo-milvus.milvus.svc.cluster.local:19530');
    expect(notes).toContain('kubectl -n milvus port-forward service/demo-milvus 19530:19530');
  });
});

describe('the Secrets, from what the pods read', () => {
  test('a manifest that renders the Namespace: apply first, then the Secret (the pods wait for it)', () => {
    const notes = notesOf(loadExample('production.yaml'));
    expect(notes).not.toContain('kubectl create namespace');
    expect(notes.indexOf('kubectl apply')).toBeLessThan(notes.indexOf('create secret generic search-mysql'));
    expect(notes).toContain('the pods wait for it');
  });

  test('passwords given in the config (a rendered Secret): no Secret to create', () => {
    const c = minimal();
    c.mysql = { rootPassword: 'root-Secret-0123456789', password: 'milvus-Secret-9876543210' };
    expect(notesOf(c)).not.toContain('create secret');
  });

  test('an external MySQL: the existing password under the key the pods read, never a random one', () => {
    const c = minimal();
    c.externalMysql = { host: 'db.example.com', user: 'milvus', passwordSecret: { secretName: 'db-creds', key: 'pw' } };
    const notes = notesOf(c);
    expect(notes).toContain('kubectl -n milvus create secret generic db-creds \\\n       --from-literal=pw=\'<the password>\'');
    expect(notes).not.toContain('openssl');
  });
});

describe('stdout stays YAML, --quiet', () => {
  test('--stdout: the notes go to stderr only', () => {
    const r = cli('synth', '--config', join(EXAMPLES_DIR, 'minimal.yaml'), '--stdout');
    expect(r.stdout).not.toContain('NOTES');
    expect(parseAllDocuments(r.stdout).every(d => typeof d.toJS().kind === 'string')).toBe(true);
    expect(r.stderr).toContain('NOTES for release demo (namespace milvus):');
    expect(r.stderr).toContain('kubectl apply -f <the file you saved it to>');
  });

  test('--quiet: nothing on stderr, the NOTES.txt file still written', () => {
    const out = tmp();
    const r = cli('synth', '--config', join(EXAMPLES_DIR, 'minimal.yaml'), '--out', out, '-q');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(out, 'demo.NOTES.txt'), 'utf8')).toContain('NOTES for release demo');
  });
});
