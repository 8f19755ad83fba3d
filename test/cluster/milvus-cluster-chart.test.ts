/**
 * `MilvusClusterChart`: the whole tutorial cluster from one plain config object (the
 * shape of the CLI's config file). Goldens for the tutorial, minimal and all-options
 * configs, schema and semantic validity, the NetworkPolicies of
 * the release's traffic table, labels, secrets, and errors reported under the key the
 * user wrote.
 */
import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { MilvusClusterChart, MilvusClusterChartProps } from '../../src';
import {
  containersOf, expectGolden, expectSchemaValid, expectSemanticallyValid, find, K8sObject, ofKind, podSpecOf, SemanticOptions, synth, toYaml,
} from '../support';
import {
  ALL_OPTIONS, ALTERNATIVES, chartOf, copy, EXISTING_CLAIM, expectInvalid, INSTANCE, loadExample, MINIMAL, PASSWORD, PASSWORDS, ROOT_PASSWORD,
  schemaKeys, sets,
  synthConfig,
} from './_fixtures';

/** NodeLocal DNSCache's listen address: a DNS server no pod selector matches (hostNetwork). */
const NODE_LOCAL_DNS = { ipBlock: { cidr: '169.254.20.10/32' } };

const SEED = loadExample('seed.yaml');
const seed = synthConfig(SEED);

const SCENARIOS: Array<[string, MilvusClusterChartProps, SemanticOptions?]> = [
  ['tutorial', SEED],
  ['minimal', MINIMAL],
  ['all-options', ALL_OPTIONS],
  ['external-mysql-nodeport-static', ALTERNATIVES, { nodePortRange: [20000, 22767] }],
];

describe.each(SCENARIOS)('%s', (name, config, semantic) => {
  const objs = synthConfig(config);
  test('golden YAML', () => expectGolden(`cluster/${name}.k8s.yaml`, toYaml(objs)));
  test('every object is schema-valid and semantically valid', () => {
    expectSchemaValid(objs);
    expectSemanticallyValid(objs, semantic);
  });
  test('every object carries the standard labels; the release\'s objects its instance', () => {
    for (const o of objs) {
      const labels = o.metadata.labels ?? {};
      const what = `${o.kind}/${o.metadata.name}`;
      expect({ what, managedBy: labels['app.kubernetes.io/managed-by'], partOf: labels['app.kubernetes.io/part-of'] })
        .toEqual({ what, managedBy: 'cdk8s-milvus', partOf: 'milvus' });
      if (o.kind === 'Namespace') {
        expect(labels[INSTANCE]).toBeUndefined(); // deleting a release by label must not delete its namespace
        continue;
      }
      expect({ what, name: !!labels['app.kubernetes.io/name'], component: !!labels['app.kubernetes.io/component'] })
        .toEqual({ what, name: true, component: true });
      const nfsRelease = config.storage.nfs ? config.storage.nfs.releaseName ?? 'nfs-client' : undefined;
      expect([config.releaseName, nfsRelease]).toContain(labels[INSTANCE]);
      for (const [k, v] of Object.entries(config.labels ?? {})) { expect({ what, [k]: labels[k] }).toEqual({ what, [k]: v }); }
    }
  });
  test('every pod is selected by a NetworkPolicy that restricts both directions', () => {
    const policies = ofKind(objs, 'NetworkPolicy');
    for (const w of objs.filter(o => podSpecOf(o))) {
      const labels = w.spec.template.metadata.labels;
      const selecting = policies.filter(p => selects(p, labels));
      expect({ pod: w.metadata.name, types: [...new Set(selecting.flatMap(p => p.spec.policyTypes))].sort() })
        .toEqual({ pod: w.metadata.name, types: ['Egress', 'Ingress'] });
    }
  });
});

test('two configs together set every key of MilvusClusterChartProps, nested ones included (from the jsii assembly)', () => {
  const configs = [ALL_OPTIONS, ALTERNATIVES, PASSWORDS, EXISTING_CLAIM];
  const unset = [...schemaKeys()].filter(([, paths]) => !paths.some(p => configs.some(c => sets(c, p)))).map(([key]) => key);
  expect(unset).toEqual([]);
  expect(schemaKeys().size).toBeGreaterThan(100);
});

// ---- NetworkPolicies ---------------------------------------------------------------

function selects(policy: K8sObject, labels: Record<string, string>): boolean {
  return Object.entries(policy.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}
function podLabels(objs: K8sObject[], kind: string, name: string): Record<string, string> {
  return find(objs, kind, name).spec.template.metadata.labels;
}
function selectorOf(objs: K8sObject[], kind: string, name: string): Record<string, string> {
  return find(objs, kind, name).spec.selector.matchLabels;
}
/** Every ingress (or egress) rule that applies to a pod, over all policies selecting it. */
function rules(objs: K8sObject[], labels: Record<string, string>, direction: 'ingress' | 'egress'): any[] {
  return ofKind(objs, 'NetworkPolicy').filter(p => selects(p, labels)).flatMap(p => p.spec[direction] ?? []);
}
const tcp = (port: number) => ({ protocol: 'TCP', port });
const pods = (...selectors: Array<Record<string, string>>) => selectors.map(matchLabels => ({ podSelector: { matchLabels } }));
const DNS_RULE = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, NODE_LOCAL_DNS],
  ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
};

describe('NetworkPolicies of the tutorial cluster', () => {
  const writable = selectorOf(seed, 'StatefulSet', 'my-release-milvus-writable');
  const readonly = selectorOf(seed, 'Deployment', 'my-release-milvus-readonly');
  const mishards = selectorOf(seed, 'Deployment', 'my-release-milvus-mishards');
  const mysql = selectorOf(seed, 'StatefulSet', 'my-release-mysql');

  test('default deny selects every pod of the release, in and out', () => {
    const deny = find(seed, 'NetworkPolicy', 'my-release-milvus-default-deny');
    expect(deny.spec).toEqual({ podSelector: { matchLabels: { [INSTANCE]: 'my-release' } }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    for (const [kind, name] of [['StatefulSet', 'my-release-milvus-writable'], ['Deployment', 'my-release-milvus-readonly'], ['Deployment', 'my-release-milvus-mishards'], ['StatefulSet', 'my-release-mysql']]) {
      expect(selects(deny, podLabels(seed, kind, name))).toBe(true);
    }
    expect(selects(deny, podLabels(seed, 'Deployment', 'nfs-client-nfs-client-provisioner'))).toBe(false);
  });

  test('DNS: every pod of the release may resolve names at kube-dns and the node-local cache only', () => {
    const dns = find(seed, 'NetworkPolicy', 'my-release-milvus-allow-dns');
    expect(dns.spec).toEqual({ podSelector: { matchLabels: { [INSTANCE]: 'my-release' } }, policyTypes: ['Egress'], egress: [DNS_RULE] });
  });

  test('MySQL: port 3306 from the writable, readonly and Mishards pods only', () => {
    const ingress = rules(seed, podLabels(seed, 'StatefulSet', 'my-release-mysql'), 'ingress');
    expect(ingress).toEqual([{ from: pods(writable, readonly, mishards), ports: [tcp(3306)] }]);
    expect(rules(seed, podLabels(seed, 'StatefulSet', 'my-release-mysql'), 'egress')).toEqual([DNS_RULE, DNS_RULE]);
  });

  test.each([
    ['writable', 'StatefulSet'],
    ['readonly', 'Deployment'],
  ])('%s node: the engine port from Mishards only; out to MySQL and DNS only', (role, kind) => {
    const labels = podLabels(seed, kind, `my-release-milvus-${role}`);
    expect(rules(seed, labels, 'ingress')).toEqual([{ from: pods(mishards), ports: [tcp(19530)] }]);
    expect(rules(seed, labels, 'egress')).toEqual([DNS_RULE, { to: pods(mysql), ports: [tcp(3306)] }]);
  });

  test('Mishards: its port from any source; out to the nodes, MySQL, the API server (kubernetes discovery) and DNS', () => {
    const labels = podLabels(seed, 'Deployment', 'my-release-milvus-mishards');
    expect(rules(seed, labels, 'ingress')).toEqual([{ ports: [tcp(19530)] }]);
    expect(rules(seed, labels, 'egress')).toEqual([
      DNS_RULE,
      { to: pods(writable, readonly), ports: [tcp(19530)] },
      { to: pods(mysql), ports: [tcp(3306)] },
      { ports: [tcp(443), tcp(6443)] },
    ]);
  });

  test('the NFS provisioner: no ingress; DNS and the API server out', () => {
    const np = find(seed, 'NetworkPolicy', 'nfs-client-nfs-client-provisioner');
    expect(np.metadata.namespace).toBe('milvus');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: selectorOf(seed, 'Deployment', 'nfs-client-nfs-client-provisioner') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [DNS_RULE, { ports: [tcp(443), tcp(6443)] }],
    });
  });
});

describe('NetworkPolicies with options', () => {
  test('clients and API server CIDRs narrow Mishards\'s ingress and API egress', () => {
    const objs = synthConfig(ALL_OPTIONS);
    const labels = podLabels(objs, 'Deployment', 'search-milvus-mishards');
    expect(rules(objs, labels, 'ingress')).toEqual([{
      from: [
        { ipBlock: { cidr: '10.0.0.0/8' } },
        { podSelector: { matchLabels: { 'milvus-client': 'true' } }, namespaceSelector: { matchLabels: { team: 'search' } } },
        // The smoke test (ALL_OPTIONS has one) is admitted whoever the clients are.
        { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'search', 'app.kubernetes.io/name': 'milvus', 'component': 'smoke-test' } } },
      ],
      ports: [tcp(19530)],
    }]);
    expect(rules(objs, labels, 'egress')).toContainEqual({ to: [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '172.20.0.10/32' } }], ports: [tcp(443)] });
    const nfs = find(objs, 'NetworkPolicy', 'vectors-nfs-nfs-client-provisioner');
    expect(nfs.spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '172.20.0.10/32' } }], ports: [tcp(443)] });
  });

  test('static discovery: no API server egress and no discovery RBAC; external MySQL by port only', () => {
    const objs = synthConfig(ALTERNATIVES);
    const egress = rules(objs, podLabels(objs, 'Deployment', 'search-milvus-mishards'), 'egress');
    expect(egress).toEqual([
      DNS_RULE,
      { to: pods(selectorOf(objs, 'StatefulSet', 'search-milvus-writable'), selectorOf(objs, 'Deployment', 'search-milvus-readonly')), ports: [tcp(19530)] },
      { ports: [tcp(3307)] },
      // Static hosts may be outside the release: their port to any address.
      { ports: [tcp(19530)] },
    ]);
    expect(ofKind(objs, 'Role')).toEqual([]);
    expect(ofKind(objs, 'RoleBinding')).toEqual([]);
    expect(ofKind(objs, 'StatefulSet').map(o => o.metadata.name)).toEqual(['search-milvus-writable']);
  });

  test('networkPolicies.dns: every policy of the release, MySQL\'s and the provisioner\'s resolve names there', () => {
    const dns = { podLabels: { 'k8s-app': 'coredns' }, cidrs: ['169.254.20.10/32', '10.96.0.10/32'] };
    const objs = synthConfig({ ...copy(SEED), networkPolicies: { dns } });
    const rule = {
      to: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'coredns' } } },
        { ipBlock: { cidr: '169.254.20.10/32' } }, { ipBlock: { cidr: '10.96.0.10/32' } },
      ],
      ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
    };
    expect(find(objs, 'NetworkPolicy', 'my-release-milvus-allow-dns').spec.egress).toEqual([rule]);
    expect(find(objs, 'NetworkPolicy', 'my-release-mysql').spec.egress).toEqual([rule]);
    expect(find(objs, 'NetworkPolicy', 'nfs-client-nfs-client-provisioner').spec.egress[0]).toEqual(rule);
    // A part's own setting wins for that part.
    const own = synthConfig({ ...copy(SEED), networkPolicies: { dns }, mysql: { ...copy(SEED.mysql), dns: { cidrs: [] } } });
    expect(find(own, 'NetworkPolicy', 'my-release-mysql').spec.egress).toEqual([{ ...rule, to: [{ ...rule.to[0], podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] }]);
    expect(find(own, 'NetworkPolicy', 'my-release-milvus-allow-dns').spec.egress).toEqual([rule]);
  });

  test('enabled: false renders no NetworkPolicy at all (MySQL and the provisioner included)', () => {
    const objs = synthConfig({ ...SEED, networkPolicies: { enabled: false } });
    expect(ofKind(objs, 'NetworkPolicy').map(o => o.metadata.name)).toEqual([]);
  });
});

// ---- images ---------------------------------------------------------------------------

describe('images: registry, pull secrets and pull policy for the whole release', () => {
  const workloads = (objs: K8sObject[]) => objs.filter(o => podSpecOf(o));

  test('defaults: every container IfNotPresent (pinned images), the linters told why; no pull secrets', () => {
    for (const w of workloads(seed)) {
      expect(containersOf(w).map(c => c.imagePullPolicy)).toEqual(containersOf(w).map(() => 'IfNotPresent'));
      expect(w.spec.template.metadata.annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt']).toBe('true');
      expect(w.spec.template.metadata.annotations['kube-score/ignore']).toContain('container-image-pull-policy');
      expect(podSpecOf(w).imagePullSecrets).toBeUndefined();
    }
  });

  test('top-level settings reach every pod and image, helpers, MySQL and the NFS provisioner included', () => {
    const objs = synthConfig({ ...copy(SEED), imageRegistry: 'registry.local:5000/mirror', imagePullSecrets: ['regcred'], imagePullPolicy: 'Always' as any });
    expect(workloads(objs).map(w => w.metadata.name).sort()).toEqual([
      'my-release-milvus-mishards', 'my-release-milvus-readonly', 'my-release-milvus-writable', 'my-release-mysql', 'nfs-client-nfs-client-provisioner',
    ]);
    const images = workloads(objs).flatMap(w => containersOf(w).map(c => c.image));
    expect(new Set(images)).toEqual(new Set([
      'registry.local:5000/mirror/milvusdb/milvus:0.10.0-cpu-d061620-5f3c00',
      'registry.local:5000/mirror/library/alpine:3.20.3',
      'registry.local:5000/mirror/milvusdb/mishards:0.10.0',
      'registry.local:5000/mirror/library/busybox:1.36.1',
      'registry.local:5000/mirror/library/mysql:5.7.30',
      'registry.local:5000/mirror/sig-storage/nfs-subdir-external-provisioner:v4.0.2',
    ]));
    for (const w of workloads(objs)) {
      expect(podSpecOf(w).imagePullSecrets).toEqual([{ name: 'regcred' }]);
      expect(containersOf(w).every(c => c.imagePullPolicy === 'Always')).toBe(true);
      // Always needs no exemption.
      expect(w.spec.template.metadata.annotations?.['polaris.fairwinds.com/pullPolicyNotAlways-exempt']).toBeUndefined();
    }
  });

  test('a part\'s own keys win, key by key', () => {
    const objs = synthConfig({
      ...copy(SEED),
      imageRegistry: 'registry.local:5000',
      imagePullSecrets: ['regcred'],
      mishards: { ...copy(SEED.mishards), imageRegistry: 'harbor.example.com/milvus', imagePullSecrets: [] },
      mysql: { ...copy(SEED.mysql), imagePullPolicy: 'Never' as any },
    });
    const mishards = find(objs, 'Deployment', 'my-release-milvus-mishards');
    expect(containersOf(mishards).map(c => c.image)).toContain('harbor.example.com/milvus/milvusdb/mishards:0.10.0');
    expect(podSpecOf(mishards).imagePullSecrets).toBeUndefined();
    const mysql = find(objs, 'StatefulSet', 'my-release-mysql');
    expect(containersOf(mysql).map(c => [c.image, c.imagePullPolicy])).toEqual(containersOf(mysql).map(() => ['registry.local:5000/library/mysql:5.7.30', 'Never']));
    expect(podSpecOf(mysql).imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  test.each([
    ['top-level imageRegistry', (c: any) => { c.imageRegistry = 'harbor'; }, 'imageRegistry'],
    ['top-level imagePullSecrets', (c: any) => { c.imagePullSecrets = ['Reg_Cred']; }, 'imagePullSecrets[0]'],
    ['top-level imagePullPolicy', (c: any) => { c.imagePullPolicy = 'Sometimes'; }, 'imagePullPolicy'],
    ['mishards.imageRegistry', (c: any) => { c.mishards.imageRegistry = 'https://harbor.example.com'; }, 'mishards.imageRegistry'],
    ['storage.nfs.imagePullSecrets', (c: any) => { c.storage.nfs.imagePullSecrets = ['a', 'a']; }, 'storage.nfs.imagePullSecrets'],
    ['mysql.imagePullPolicy', (c: any) => { c.mysql.imagePullPolicy = 'Daily'; }, 'mysql.imagePullPolicy'],
  ])('%s: reported under the key the user wrote, once', (_, mutate, prop) => {
    const config: any = copy(SEED);
    mutate(config);
    let thrown: any;
    try { chartOf(config); } catch (e) { thrown = e; }
    expect(thrown?.problems.map((p: any) => p.prop)).toEqual([prop]);
  });
});

// ---- Namespace, secrets ---------------------------------------------------------------

describe('Namespace', () => {
  test('createNamespace renders it first, labelled for Pod Security Admission', () => {
    // The seed leaves the namespace to the user (deleting the manifest must not delete it).
    expect(ofKind(seed, 'Namespace')).toEqual([]);
    const withNs = synthConfig({ ...copy(SEED), createNamespace: true });
    expect(withNs[0].kind).toBe('Namespace');
    const ns = find(withNs, 'Namespace', 'milvus');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(withNs.filter(o => o.kind !== 'Namespace' && o.metadata.namespace !== undefined).every(o => o.metadata.namespace === 'milvus')).toBe(true);
  });
  test('not rendered by default', () => {
    const objs = synthConfig(MINIMAL);
    expect(ofKind(objs, 'Namespace')).toEqual([]);
    expect(objs.filter(o => o.metadata.namespace !== undefined).every(o => o.metadata.namespace === 'search')).toBe(true);
  });
});

describe('passwords', () => {
  test('existingSecret: no Secret rendered; every consumer reads the named Secret', () => {
    expect(ofKind(seed, 'Secret')).toEqual([]);
    const refs = seed.flatMap(o => containersOf(o)).flatMap(c => c.env ?? [])
      .filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name);
    const volumes = seed.flatMap(o => podSpecOf(o)?.volumes ?? []).filter((v: any) => v.secret).map((v: any) => v.secret.secretName);
    expect(new Set([...refs, ...volumes])).toEqual(new Set(['my-release-mysql']));
  });

  test('passwords in the config land in the Secret only: never in a ConfigMap, an env value or anything else', () => {
    const objs = synthConfig(PASSWORDS);
    expect(find(objs, 'Secret', 'demo-mysql').stringData).toEqual({ 'mysql-root-password': ROOT_PASSWORD, 'mysql-password': PASSWORD });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (const o of objs.filter(x => x.kind !== 'Secret')) {
      const text = JSON.stringify(o);
      for (const secret of [ROOT_PASSWORD, PASSWORD, b64(ROOT_PASSWORD), b64(PASSWORD)]) {
        expect({ object: `${o.kind}/${o.metadata.name}`, leaks: text.includes(secret) }).toEqual({ object: `${o.kind}/${o.metadata.name}`, leaks: false });
      }
    }
  });

  test.each([
    ['tutorial', SEED],
    ['all-options', ALL_OPTIONS],
    ['passwords', PASSWORDS],
  ])('%s: no ConfigMap key or env value looks like a password', (_, config) => {
    const objs = synthConfig(config);
    for (const cm of ofKind(objs, 'ConfigMap')) {
      for (const [key, value] of Object.entries<string>(cm.data ?? {})) {
        expect({ key, password: /password\s*[:=]\s*(?!__|\$)[^\s'"]+/i.test(value) && !/placeholder/i.test(value) }).toEqual({ key, password: false });
      }
    }
    for (const c of objs.flatMap(o => containersOf(o))) {
      for (const e of c.env ?? []) {
        if (!/PASSWORD|PASSWD|SECRET/i.test(e.name)) { continue; }
        // A literal value may only be a file path (`*_FILE`) or a key reference, never the password.
        expect({ env: e.name, literal: e.value !== undefined && !String(e.value).startsWith('/') }).toEqual({ env: e.name, literal: false });
      }
    }
  });
});

// ---- errors under the key the user wrote ----------------------------------------------

describe('invalid config: the error names the key path the user wrote', () => {
  const cases: Array<[string, (c: any) => void, string, string?]> = [
    ['storage.nfs.server', c => { c.storage.nfs.server = 'nfs server!'; }, 'storage.nfs.server', 'IPv4'],
    ['storage.nfs.mountOptions', c => { c.storage.nfs.mountOptions = ['rw', 'nolock']; }, 'storage.nfs.mountOptions[1]', 'nolock'],
    ['storage.size', c => { c.storage.size = 'lots'; }, 'storage.size', 'quantity'],
    ['storage: both nfs and a class', c => { c.storage.storageClassName = 'efs'; }, 'storage', 'not both'],
    ['storage: neither', c => { c.storage = {}; }, 'storage'],
    ['storage.readWriteMany with nfs', c => { c.storage.readWriteMany = true; }, 'storage.readWriteMany'],
    ['storage: a class not declared ReadWriteMany', c => { c.storage = { storageClassName: 'gp2' }; }, 'storage.storageClassName', 'ReadWriteMany'],
    ['mishards.exposure.nodePort out of range', c => { c.mishards.exposure.nodePort = 80; }, 'mishards.exposure.nodePort', '30000 to 32767'],
    ['mishards.exposure.nodePort on ClusterIP', c => { c.mishards.exposure = { nodePort: 32000 }; }, 'mishards.exposure.nodePort', 'only applies'],
    ['mishards.exposure.type', c => { c.mishards.exposure = { type: 'Ingress' }; }, 'mishards.exposure.type', 'LoadBalancer'],
    ['mishards.exposure.sourceRanges missing', c => { c.mishards.exposure = { type: 'LoadBalancer' }; }, 'mishards.exposure.sourceRanges'],
    ['mishards.discovery.hosts on kubernetes', c => { c.mishards.discovery = { hosts: ['a'] }; }, 'mishards.discovery.hosts'],
    ['mishards.discovery.port', c => { c.mishards.discovery = { port: 70000 }; }, 'mishards.discovery.port'],
    ['mishards.replicas', c => { c.mishards.replicas = 0; }, 'mishards.replicas'],
    ['readonly.replicas', c => { c.readonly.replicas = 0; }, 'readonly.replicas', '1 to 100'],
    ['readonly.config.wal', c => { c.readonly.config = { wal: { bufferSize: '256MB' } }; }, 'readonly.config.wal', 'writable node only'],
    ['readonly.resources', c => { c.readonly.resources = { memoryLimit: '1Gi' }; }, 'readonly.resources.memoryRequest'],
    ['writable.replicas', c => { c.writable.replicas = 2; }, 'writable.replicas', 'exactly 1'],
    ['writable.config.wal.bufferSize', c => { c.writable.config.wal = { bufferSize: '1MB' }; }, 'writable.config.wal.bufferSize'],
    ['mysql.password without rootPassword', c => { c.mysql = { password: 'milvus-Secret-9876543210' }; }, 'mysql.rootPassword', 'required'],
    ['mysql.existingSecret with passwords', c => { c.mysql = { existingSecret: 's', rootPassword: ROOT_PASSWORD, password: PASSWORD }; }, 'mysql.existingSecret', 'not both'],
    ['mysql.user', c => { c.mysql.user = 'root'; }, 'mysql.user', 'root'],
    ['mysql.replicas', c => { c.mysql.replicas = 2; }, 'mysql.replicas'],
    ['mysql.storageClassName', c => { c.mysql.storageClassName = 'Fast_SSD'; }, 'mysql.storageClassName'],
    ['mysql together with externalMysql', c => { c.externalMysql = { host: 'db', user: 'milvus', passwordSecret: { secretName: 'db', key: 'pw' } }; }, 'mysql', 'externalMysql'],
    ['mysql.rootPasswordKey with passwords', c => { c.mysql = { rootPassword: ROOT_PASSWORD, password: PASSWORD, rootPasswordKey: 'root' }; }, 'mysql.rootPasswordKey', 'existingSecret'],
    ['externalMysql.host', c => { delete c.mysql; c.externalMysql = { host: 'db host', user: 'milvus', passwordSecret: { secretName: 'db', key: 'pw' } }; }, 'externalMysql.host'],
    ['externalMysql.user', c => { delete c.mysql; c.externalMysql = { host: 'db', user: 'root', passwordSecret: { secretName: 'db', key: 'pw' } }; }, 'externalMysql.user'],
    ['externalMysql.passwordSecret.secretName', c => { delete c.mysql; c.externalMysql = { host: 'db', user: 'milvus', passwordSecret: { secretName: 'DB_', key: 'pw' } }; }, 'externalMysql.passwordSecret.secretName'],
    ['version', c => { c.version = '2.0.0'; }, 'version', '1.1.1'],
    ['images without version', c => { c.images = { milvusImage: 'r/milvus:1', mishardsImage: 'r/mishards:1' }; delete c.version; }, 'version', 'nothing'],
    ['images.milvusImage', c => { c.images = { milvusImage: 'r/milvus:latest', mishardsImage: 'r/mishards:1' }; }, 'images.milvusImage'],
    ['namespace', c => { c.namespace = 'Milvus'; }, 'namespace'],
    ['releaseName', c => { c.releaseName = 'My_Release'; }, 'releaseName'],
    ['releaseName too long for derived names', c => { c.releaseName = 'r'.repeat(60); }, 'releaseName'],
    ['releaseName one over the StatefulSet limit', c => { c.releaseName = 'r'.repeat(37); }, 'releaseName', 'at most 36 characters'],
    ['releaseName naming both milvus and mysql objects alike', c => { c.releaseName = 'milvus-mysql'; }, 'releaseName', 'both "milvus" and "mysql"'],
    ['MySQL implicitly on the default NFS class', c => { delete c.mysql.storageClassName; }, 'mysql.storageClassName', 'default class'],
    ['mishards.discovery.port other than the engine port', c => { c.mishards.discovery = { port: 19531 }; }, 'mishards.discovery.port', 'must be 19530'],
    ['networkPolicies.clients empty', c => { c.networkPolicies = { clients: {} }; }, 'networkPolicies.clients', 'any source'],
    ['networkPolicies.clients.cidrs', c => { c.networkPolicies = { clients: { cidrs: ['10.0.0.0/33'] } }; }, 'networkPolicies.clients.cidrs[0]'],
    ['networkPolicies.apiServerPorts', c => { c.networkPolicies = { apiServerPorts: [0] }; }, 'networkPolicies.apiServerPorts[0]'],
    ['networkPolicies.dns.cidrs', c => { c.networkPolicies = { dns: { cidrs: ['169.254.20.10'] } }; }, 'networkPolicies.dns.cidrs[0]', 'CIDR'],
    ['networkPolicies.dns selecting every pod', c => { c.networkPolicies = { dns: { namespaceLabels: {}, podLabels: {} } }; }, 'networkPolicies.dns.podLabels', 'every pod of the cluster'],
    ['mysql.dns.podLabels', c => { c.mysql.dns = { podLabels: { 'k8s app': 'dns' } }; }, 'mysql.dns.podLabels key'],
  ];
  const base = () => ({ ...copy(SEED), mishards: copy(SEED.mishards), mysql: copy(SEED.mysql), version: '0.10.0' });
  // Rows padded to four values: jest passes a `done` callback in place of a missing one.
  test.each(cases.map(([n, m, p, f]) => [n, m, p, f ?? ''] as const))('%s', (_, mutate, prop, fragment) => {
    const config: any = base();
    mutate(config);
    expectInvalid(() => chartOf(config), prop, fragment);
  });

  test('a props object is required', () => {
    expectInvalid(() => new MilvusClusterChart(Testing.app(), 'x', undefined as any), 'props');
  });
});

test('endpoint: the Mishards Service in the release namespace', () => {
  const chart = chartOf(SEED);
  expect(chart.cluster.endpointHost).toBe('my-release-milvus.milvus.svc.cluster.local');
  expect(chart.cluster.endpointPort).toBe(19530);
  expect(chart.metaStore).toBe(chart.mysql);
  expect(chart.nfsProvisioner?.storageClass.storageClassName).toBe('nfs-client');
  const external = chartOf(ALTERNATIVES);
  expect(external.mysql).toBeUndefined();
  expect(external.nfsProvisioner).toBeUndefined();
  expect(external.metaStore.host).toBe('mysql.db.svc.cluster.local');
});

describe('release names and derived limits', () => {
  test('36 characters fit (the writable StatefulSet is then exactly 52), and a release containing "milvus" may have 43', () => {
    const objs = synthConfig({ ...copy(SEED), releaseName: 'r'.repeat(36) });
    expect(find(objs, 'StatefulSet', `${'r'.repeat(36)}-milvus-writable`).metadata.name).toHaveLength(52);
    const named = synthConfig({ ...copy(SEED), releaseName: `milvus-${'r'.repeat(36)}` });
    expect(find(named, 'StatefulSet', `milvus-${'r'.repeat(36)}-writable`).metadata.name).toHaveLength(52);
  });
});

describe('metrics push (Milvus 0.10/1.1 push to a Pushgateway)', () => {
  test('a node with metrics on may reach the Pushgateway: by address and port for an IP, by port for a name', () => {
    const objs = synthConfig({
      ...copy(SEED),
      writable: { config: { metric: { enable: true, address: '10.0.0.9', port: 9091 } } },
      readonly: { config: { metric: { enable: true, address: 'pushgateway.monitoring', port: 9092 } } },
    });
    expect(find(objs, 'NetworkPolicy', 'my-release-milvus-writable').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.9/32' } }], ports: [tcp(9091)] });
    expect(find(objs, 'NetworkPolicy', 'my-release-milvus-readonly').spec.egress).toContainEqual({ ports: [tcp(9092)] });
  });

  test('metrics off (the default) or on loopback add no egress', () => {
    const objs = synthConfig({ ...copy(SEED), readonly: { config: { metric: { enable: true } } } });
    for (const role of ['writable', 'readonly']) {
      expect(find(objs, 'NetworkPolicy', `my-release-milvus-${role}`).spec.egress).toHaveLength(1);
    }
  });
});

test('two objects of one kind with the same name fail synthesis (kubectl apply would keep only one)', () => {
  const chart = chartOf(copy(SEED));
  new k8s.KubeConfigMap(chart, 'Clash', { metadata: { name: 'my-release-milvus-writable-config' } });
  expect(() => synth(chart)).toThrow(/ConfigMap "my-release-milvus-writable-config" \(namespace "milvus"\) is rendered more than once: by MilvusClusterChart "my-release" \(writable\) and by my-release\/Clash/);
});

test('a chart with several wrong sections throws one ValidationError listing each, the first as its prop', () => {
  let thrown: any;
  try {
    chartOf({
      ...copy(SEED),
      storage: { nfs: { server: '192.168.1.31', path: 'nfs' } },
      mysql: { existingSecret: 'x', replicas: 3 },
      mishards: { exposure: { type: 'NodePort', nodePort: 80 } },
    });
  } catch (e) { thrown = e; }
  expect(thrown?.name).toBe('ValidationError');
  expect(thrown.prop).toBe('storage.nfs.path');
  expect(thrown.problems.map((p: any) => p.prop)).toEqual(['storage.nfs.path', 'mysql.replicas', 'mishards.exposure.nodePort']);
  expect(thrown.message.split('\n  - ')).toHaveLength(3);
});

test('a wrong version does not also report the nodes against a version the user did not ask for', () => {
  let thrown: any;
  try {
    chartOf({ ...copy(SEED), version: '1.1.9', writable: { config: { logs: { logToStdout: true } } } });
  } catch (e) { thrown = e; }
  expect(thrown.problems.map((p: any) => p.prop)).toEqual(['version']);
});

test('a value checked by two parts is reported once', () => {
  let thrown: any;
  try {
    chartOf({ ...copy(SEED), networkPolicies: { apiServerCidrs: ['10.0.0.0/33'] } });
  } catch (e) { thrown = e; }
  expect(thrown.message).toBe('invalid networkPolicies.apiServerCidrs[0]: got "10.0.0.0/33"; must be a CIDR block such as "10.0.0.0/8" or "fd00::/8"');
});

test('after a failed chart, the app holds none of its parts (stand-ins can never be synthesized)', () => {
  const app = Testing.app();
  expect(() => new MilvusClusterChart(app, 'broken', { ...copy(SEED), storage: { nfs: { server: '192.168.1.31', path: 'nfs' } }, mysql: { existingSecret: 'x', replicas: 3 } }))
    .toThrow('invalid storage.nfs.path');
  expect(app.node.children).toEqual([]);
  expect(app.synthYaml()).not.toContain('stand-in');
});

test('MySQL on the existing ReadWriteMany class of the shared volume draws the same warning as on NFS', () => {
  const chart = chartOf({ ...copy(MINIMAL), mysql: { storageClassName: (MINIMAL.storage as any).storageClassName } });
  const warnings = chart.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === 'warning').map(m => String(m.data)));
  expect(warnings).toEqual([expect.stringContaining('MySQL data on the ReadWriteMany class')]);
});

describe('the ownership guard runs in the in-cluster MySQL\'s image', () => {
  const imagesOf = (objs: any[], name: string) => ({
    guard: podSpecOf(find(objs, name.endsWith('writable') ? 'StatefulSet' : 'Deployment', name)).initContainers.find((c: any) => c.name === 'ownership-guard').image,
  });
  const mysqlImage = (objs: any[]) => podSpecOf(find(objs, 'StatefulSet', 'demo-mysql')).containers[0].image;

  test('mysql.image and the release-wide imageRegistry: MySQL and both guards pull one image (prefixed once)', () => {
    const objs = synthConfig({ ...MINIMAL, imageRegistry: 'harbor.example.com/dockerhub', mysql: { image: 'registry.example.com/db/mysql:5.7.44' } });
    expect(mysqlImage(objs)).toBe('harbor.example.com/dockerhub/db/mysql:5.7.44');
    for (const node of ['demo-milvus-writable', 'demo-milvus-readonly']) {
      expect(imagesOf(objs, node)).toEqual({ guard: 'harbor.example.com/dockerhub/db/mysql:5.7.44' });
    }
  });

  test('the default MySQL image: the guard uses it too; a node\'s own guardImage wins', () => {
    const objs = synthConfig({ ...MINIMAL, readonly: { guardImage: 'registry.example.com/tools/mysql-client:5.7.44' } });
    expect(mysqlImage(objs)).toBe('mysql:5.7.30');
    expect(imagesOf(objs, 'demo-milvus-writable')).toEqual({ guard: 'mysql:5.7.30' });
    expect(imagesOf(objs, 'demo-milvus-readonly')).toEqual({ guard: 'registry.example.com/tools/mysql-client:5.7.44' });
  });

  test('an external metastore: no MySQL image to follow, the guard keeps mysql:5.7.30', () => {
    const objs = synthConfig({ ...MINIMAL, mysql: undefined, externalMysql: ALTERNATIVES.externalMysql });
    expect(ofKind(objs, 'StatefulSet').map(o => o.metadata.name)).not.toContain('demo-mysql');
    expect(imagesOf(objs, 'demo-milvus-writable')).toEqual({ guard: 'mysql:5.7.30' });
  });
});
