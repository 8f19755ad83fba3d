import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { ValidationError } from '../../src/common/validation-error';
import { IMetaStore } from '../../src/metastore/meta-store';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { Exposure, ExposureType, ExternalTrafficPolicy, Mishards, MishardsDiscovery, MishardsDiscoveryType, MishardsProps } from '../../src/proxy';
import { PASSWORD_PLACEHOLDER, RENDER_SCRIPT } from '../../src/proxy/_mishards-config';
import { launcherScript } from '../../src/proxy/_mishards-launcher';
import {
  containersOf, expectGolden, expectSchemaValid, expectSemanticallyValid, find, K8sObject, ofKind, podSpecOf, synth, toYaml,
} from '../support';

const INSTANCE = 'app.kubernetes.io/instance';

class FakeMetaStore implements IMetaStore {
  public readonly port = 3306;
  public readonly database = 'milvus';
  public readonly user = 'milvus';
  public readonly passwordSecret: { secretName: string; key: string };
  public readonly clients: Array<Record<string, string>> = [];
  public constructor(public readonly host = 'my-release-mysql') {
    this.passwordSecret = { secretName: host, key: 'mysql-password' };
  }
  public allowClients(podLabels: Record<string, string>): void { this.clients.push(podLabels); }
}

function chart(namespace: string | undefined = 'milvus'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function readonlySelector(release = 'my-release'): Record<string, string> {
  return { 'app.kubernetes.io/name': 'milvus', [INSTANCE]: release, 'component': 'readonly' };
}

function baseProps(overrides: Partial<MishardsProps> = {}): MishardsProps {
  return {
    releaseName: 'my-release',
    version: MilvusVersion.V0_10_0,
    metaStore: new FakeMetaStore(),
    writableHost: 'my-release-milvus-writable',
    readonlyPodSelector: readonlySelector(),
    ...overrides,
  };
}

function build(overrides: Partial<MishardsProps> = {}, namespace?: string): { mishards: Mishards; objs: K8sObject[] } {
  const c = chart(namespace);
  const mishards = new Mishards(c, 'mishards', baseProps(overrides));
  return { mishards, objs: synth(c) };
}

function rejects(fn: () => unknown, prop: string, fragment?: string): void {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(ValidationError.isValidationError(thrown)).toBe(true);
  const err = thrown as ValidationError;
  expect(err.prop).toBe(prop);
  expect(err.message).toContain(`invalid ${prop}:`);
  if (fragment) { expect(err.message).toContain(fragment); }
}

function envFile(objs: K8sObject[], configMapName: string): Record<string, string> {
  const text: string = find(objs, 'ConfigMap', configMapName).data['mishards.env.template'];
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) { continue; }
    const eq = line.indexOf('=');
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function expectValid(objs: K8sObject[]): void {
  expectSchemaValid(objs);
  expectSemanticallyValid(objs);
}

describe('scenarios (golden YAML, schema, semantics)', () => {
  test('tutorial: my-release, 0.10.0, NodePort 32227, Kubernetes discovery', () => {
    const { mishards, objs } = build({ exposure: Exposure.nodePort({ nodePort: 32227 }) });
    expectValid(objs);
    expectGolden('proxy/tutorial.k8s.yaml', toYaml(objs));

    const svc = find(objs, 'Service', 'my-release-milvus');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([{ name: 'shards', port: 19530, protocol: 'TCP', targetPort: 'mishards', nodePort: 32227 }]);
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'milvus', [INSTANCE]: 'my-release', 'component': 'mishards' });
    expect(svc.metadata.annotations['kube-score/ignore']).toContain('service-type');

    const deploy = find(objs, 'Deployment', 'my-release-milvus-mishards');
    expect(deploy.spec.replicas).toBe(1);
    const main = podSpecOf(deploy).containers.find((c: any) => c.name === 'mishards');
    expect(main.image).toBe('milvusdb/mishards:0.10.0');
    expect(main.command).toEqual(['python', '-c', launcherScript('/tmp/mishards')]);
    expect(JSON.stringify(deploy)).not.toContain('pip install');

    expect(mishards.serviceName).toBe('my-release-milvus');
    expect(mishards.port).toBe(19530);
    expect(mishards.podSelector).toEqual(svc.spec.selector);
    expect(mishards.apiServerAccess).toBe(true);
    expect(mishards.serviceAccountName).toBe('my-release-milvus-mishards');
  });

  test('ClusterIP minimal (1.1.1, defaults only)', () => {
    const { objs } = build({ releaseName: 'demo', version: MilvusVersion.V1_1_1, metaStore: new FakeMetaStore('demo-mysql'), writableHost: 'demo-milvus-writable', readonlyPodSelector: readonlySelector('demo') });
    expectValid(objs);
    expectGolden('proxy/clusterip-minimal.k8s.yaml', toYaml(objs));
    const svc = find(objs, 'Service', 'demo-milvus');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports[0].nodePort).toBeUndefined();
    expect(svc.spec.loadBalancerSourceRanges).toBeUndefined();
    expect(svc.metadata.annotations).toBeUndefined();
    expect(podSpecOf(find(objs, 'Deployment', 'demo-milvus-mishards')).containers[0].image).toBe('milvusdb/mishards:1.1.1');
    expect(ofKind(objs, 'PodDisruptionBudget')).toEqual([]);
  });

  test('LoadBalancer with every option', () => {
    const all: Required<MishardsProps> = {
      releaseName: 'search',
      version: MilvusVersion.V0_10_6,
      metaStore: new FakeMetaStore('search-mysql'),
      writableHost: 'search-milvus-writable',
      writablePort: 19531,
      readonlyPodSelector: readonlySelector('search'),
      readonlyPodNamePrefix: 'search-milvus-readonly-',
      discovery: MishardsDiscovery.kubernetes({ pollIntervalSeconds: 5, port: 19530 }),
      exposure: Exposure.loadBalancer({
        sourceRanges: ['10.0.0.0/8', '203.0.113.0/24'],
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
        loadBalancerIp: '203.0.113.10',
      }),
      replicas: 3,
      resources: { cpuRequest: '1', cpuLimit: '4', memoryRequest: '2Gi', memoryLimit: '4Gi', ephemeralStorageRequest: '200Mi', ephemeralStorageLimit: '4Gi' },
      image: 'registry.example.com/milvusdb/mishards:0.10.6',
      initImage: 'registry.example.com/library/busybox:1.36.1',
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      imagePullSecrets: ['registry-credentials'],
      imageRegistry: 'harbor.example.com/dockerhub',
      maxWorkers: 100,
      debug: true,
      timezone: 'Asia/Shanghai',
      runAsNonRoot: true,
      nodeSelector: { 'node-role.example.com/search': 'true' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'search', effect: 'NoSchedule' }],
      priorityClassName: 'search-critical',
      serviceAnnotations: { 'example.com/owner': 'search-team' },
    };
    const c = chart('search');
    const mishards = new Mishards(c, 'mishards', all);
    const objs = synth(c);
    expectValid(objs);
    expectGolden('proxy/loadbalancer-all-options.k8s.yaml', toYaml(objs));

    const svc = find(objs, 'Service', 'search-milvus');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8', '203.0.113.0/24']);
    expect(svc.spec.loadBalancerIP).toBe('203.0.113.10');
    expect(svc.metadata.annotations).toMatchObject({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true', 'example.com/owner': 'search-team' });
    expect(svc.spec.ports[0].nodePort).toBeUndefined();

    const deploy = find(objs, 'Deployment', 'search-milvus-mishards');
    const pod = podSpecOf(deploy);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    for (const container of containersOf(deploy)) {
      expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(container.imagePullPolicy).toBe('IfNotPresent');
    }
    // Non-root: only the API token exception remains.
    expect(deploy.metadata.annotations['polaris.fairwinds.com/runAsRootAllowed-exempt']).toBeUndefined();
    expect(deploy.metadata.annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt']).toBe('true');
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm).toEqual({
      topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: mishards.podSelector },
    });
    const pdb = find(objs, 'PodDisruptionBudget', 'search-milvus-mishards');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: mishards.podSelector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });

    const env = envFile(objs, 'search-milvus-mishards-config');
    expect(env).toMatchObject({
      MAX_WORKERS: '100',
      DEBUG: 'true',
      TIMEZONE: 'Asia/Shanghai',
      WOSERVER: 'tcp://search-milvus-writable:19531',
      DISCOVERY_KUBERNETES_NAMESPACE: 'search',
      DISCOVERY_KUBERNETES_POLL_INTERVAL: '5',
    });
  });

  test('static discovery: no RBAC, no token', () => {
    const { mishards, objs } = build({ discovery: MishardsDiscovery.staticHosts(['my-release-milvus-readonly']) });
    expectValid(objs);
    expectGolden('proxy/static-discovery.k8s.yaml', toYaml(objs));
    expect(mishards.apiServerAccess).toBe(false);
    expect(ofKind(objs, 'Role')).toEqual([]);
    expect(ofKind(objs, 'RoleBinding')).toEqual([]);
    expect(ofKind(objs, 'ClusterRole')).toEqual([]);
    expect(find(objs, 'ServiceAccount', 'my-release-milvus-mishards').automountServiceAccountToken).toBe(false);
    const deploy = find(objs, 'Deployment', 'my-release-milvus-mishards');
    expect(podSpecOf(deploy).automountServiceAccountToken).toBe(false);
    expect(deploy.metadata.annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt']).toBeUndefined();
    const env = envFile(objs, 'my-release-milvus-mishards-config');
    expect(env).toMatchObject({ DISCOVERY_CLASS_NAME: 'static', DISCOVERY_STATIC_HOSTS: 'my-release-milvus-readonly', DISCOVERY_STATIC_PORT: '19530' });
    expect(Object.keys(env).filter(k => k.startsWith('DISCOVERY_KUBERNETES'))).toEqual([]);
    // The wait loop also covers the static hosts (resolved once at start-up).
    const wait = podSpecOf(deploy).initContainers.find((c: any) => c.name === 'wait-for-dependencies');
    expect(wait.command[2]).toContain('nc -z -w 2 my-release-milvus-readonly 19530');
  });
});

describe('Kubernetes discovery and RBAC', () => {
  test('the Role grants exactly pods get/list/watch and events list/watch, namespaced, to the dedicated ServiceAccount', () => {
    const { objs } = build();
    expect(ofKind(objs, 'ClusterRole')).toEqual([]);
    expect(ofKind(objs, 'ClusterRoleBinding')).toEqual([]);
    const role = find(objs, 'Role', 'my-release-milvus-mishards');
    expect(role.metadata.namespace).toBe('milvus');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    ]);
    const binding = find(objs, 'RoleBinding', 'my-release-milvus-mishards');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'my-release-milvus-mishards' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'my-release-milvus-mishards', namespace: 'milvus' }]);
    const sa = find(objs, 'ServiceAccount', 'my-release-milvus-mishards');
    expect(sa.automountServiceAccountToken).toBe(true);
    const pod = podSpecOf(find(objs, 'Deployment', 'my-release-milvus-mishards'));
    expect(pod.serviceAccountName).toBe('my-release-milvus-mishards');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('discovery settings: namespace, instance-scoped selector, pod pattern, poll interval', () => {
    const { objs } = build({}, 'vectors');
    expect(envFile(objs, 'my-release-milvus-mishards-config')).toEqual({
      MAX_WORKERS: '50',
      SQLALCHEMY_DATABASE_URI: `mysql+pymysql://milvus:${PASSWORD_PLACEHOLDER}@my-release-mysql:3306/milvus?charset=utf8mb4`,
      DEBUG: 'false',
      LOG_PATH: '/tmp/mishards',
      SERVER_PORT: '19530',
      WOSERVER: 'tcp://my-release-milvus-writable:19530',
      DISCOVERY_CLASS_NAME: 'kubernetes',
      DISCOVERY_KUBERNETES_NAMESPACE: 'vectors',
      DISCOVERY_KUBERNETES_IN_CLUSTER: 'True',
      DISCOVERY_KUBERNETES_POLL_INTERVAL: '10',
      DISCOVERY_KUBERNETES_POD_PATT: 'my-release-milvus-readonly-.*',
      DISCOVERY_KUBERNETES_LABEL_SELECTOR: 'app.kubernetes.io/instance=my-release,app.kubernetes.io/name=milvus,component=readonly',
      DISCOVERY_KUBERNETES_PORT: '19530',
    });
  });

  test('a custom pod-name prefix is escaped into the pattern', () => {
    const { objs } = build({ readonlyPodNamePrefix: 'ro.nodes-' });
    expect(envFile(objs, 'my-release-milvus-mishards-config').DISCOVERY_KUBERNETES_POD_PATT).toBe('ro\\.nodes-.*');
  });

  test('two releases in one namespace never share discovery or names', () => {
    const c = chart();
    new Mishards(c, 'a', baseProps());
    new Mishards(c, 'b', baseProps({ releaseName: 'other', writableHost: 'other-milvus-writable', readonlyPodSelector: readonlySelector('other') }));
    const objs = synth(c);
    expectSemanticallyValid(objs);
    expect(envFile(objs, 'other-milvus-mishards-config').DISCOVERY_KUBERNETES_LABEL_SELECTOR).toContain(`${INSTANCE}=other`);
  });
});

describe('credentials', () => {
  test('no ConfigMap or env var holds a password; the Secret arrives as a file', () => {
    for (const overrides of [{}, { discovery: MishardsDiscovery.staticHosts(['10.0.0.5']) }]) {
      const { objs } = build(overrides);
      for (const cm of ofKind(objs, 'ConfigMap')) {
        for (const value of Object.values<string>(cm.data ?? {})) {
          for (const m of value.matchAll(/:\/\/[^:/@\s]+:([^@\s]*)@/g)) { expect(m[1]).toBe(PASSWORD_PLACEHOLDER); }
        }
      }
      expect(ofKind(objs, 'Secret')).toEqual([]);
      const deploy = find(objs, 'Deployment', 'my-release-milvus-mishards');
      for (const c of containersOf(deploy)) {
        expect(c.envFrom).toBeUndefined();
        for (const e of c.env ?? []) {
          expect(e.name).not.toMatch(/pass|secret|token|uri/i);
          expect(e.valueFrom).toBeUndefined();
        }
      }
      const pod = podSpecOf(deploy);
      const secretVolume = pod.volumes.find((v: any) => v.secret);
      expect(secretVolume.secret).toEqual({ secretName: 'my-release-mysql', items: [{ key: 'mysql-password', path: 'password' }], defaultMode: 0o440 });
      // The rendered .env (with the password) lives in memory and reaches Mishards read-only via subPath.
      expect(pod.volumes.find((v: any) => v.name === 'rendered-env').emptyDir.medium).toBe('Memory');
      const main = pod.containers.find((c: any) => c.name === 'mishards');
      expect(main.volumeMounts).toContainEqual({ name: 'rendered-env', mountPath: '/source/mishards/.env', subPath: '.env', readOnly: true });
      expect(main.volumeMounts.some((m: any) => m.name === secretVolume.name)).toBe(false);
    }
  });

  test('render-env writes the .env with the URL-encoded password (mode 0600)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mishards-'));
    const { objs } = build();
    writeFileSync(join(dir, 'template'), find(objs, 'ConfigMap', 'my-release-milvus-mishards-config').data['mishards.env.template']);
    writeFileSync(join(dir, 'password'), 'p@ss:w/rd#1%\n');
    execFileSync('python3', ['-c', RENDER_SCRIPT, join(dir, 'template'), join(dir, 'password'), join(dir, '.env')]);
    const rendered = readFileSync(join(dir, '.env'), 'utf8');
    expect(rendered).toContain('SQLALCHEMY_DATABASE_URI=mysql+pymysql://milvus:p%40ss%3Aw%2Frd%231%25@my-release-mysql:3306/milvus?charset=utf8mb4\n');
    expect(rendered).not.toContain(PASSWORD_PLACEHOLDER);
    expect((statSync(join(dir, '.env')).mode % 0o1000).toString(8)).toBe('600');
    // An empty password file fails the init container instead of starting Mishards with a broken URI.
    writeFileSync(join(dir, 'password'), '\n');
    expect(spawnSync('python3', ['-c', RENDER_SCRIPT, join(dir, 'template'), join(dir, 'password'), join(dir, '.env2')]).status).not.toBe(0);
  });

  test('the checksum annotation follows the template', () => {
    const checksumOf = (objs: K8sObject[]) => find(objs, 'Deployment', 'my-release-milvus-mishards').spec.template.metadata.annotations['checksum/config'];
    const a = checksumOf(build().objs);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(checksumOf(build().objs)).toBe(a);
    expect(checksumOf(build({ maxWorkers: 60 }).objs)).not.toBe(a);
  });

  test('Mishards registers nothing at the metastore: the composition\'s traffic table admits it', () => {
    const store = new FakeMetaStore();
    build({ metaStore: store });
    expect(store.clients).toEqual([]);
  });
});

describe('bounded log files', () => {
  test('the container runs the image\'s main.py through the launcher; /tmp must fit the ephemeral-storage limit', () => {
    const main = podSpecOf(find(build().objs, 'Deployment', 'my-release-milvus-mishards')).containers.find((c: any) => c.name === 'mishards');
    expect(main.command.slice(0, 2)).toEqual(['python', '-c']);
    expect(main.workingDir).toBe('/source');
    rejects(() => build({ resources: { ephemeralStorageRequest: '100Mi', ephemeralStorageLimit: '1000Mi' } }), 'resources.ephemeralStorageLimit', 'at least 1074Mi');
  });

  test('the launcher removes earlier runs\' files and gives logger_helper\'s handlers a size and a backup count', () => {
    // A stand-in for /source: main.py configures logging as shards/utils/logger_helper.py does (dictConfig,
    // RotatingFileHandler by name, no maxBytes) and reports what it got.
    const root = mkdtempSync(join(tmpdir(), 'mishards-launcher-'));
    const logs = join(root, 'logs');
    mkdirSync(join(root, 'mishards'));
    mkdirSync(logs);
    writeFileSync(join(logs, 'logfile-01-01-2020-00:00:00-info.log'), 'an earlier run\n');
    writeFileSync(join(logs, 'logfile-01-01-2020-00:00:00-info.log.1'), 'an earlier run, rotated\n');
    writeFileSync(join(root, 'mishards', 'main.py'), [
      'import logging, logging.config, os, sys',
      `logging.config.dictConfig({"version": 1, "handlers": {"f": {"class": "logging.handlers.RotatingFileHandler", "filename": ${JSON.stringify(join(logs, 'logfile-new-info.log'))}}}, "root": {"handlers": ["f"]}})`,
      'h = logging.getLogger().handlers[0]',
      'print(h.maxBytes, h.backupCount, sys.path[0] == os.path.abspath("mishards"), __name__, sys.argv)',
      'sys.exit(3)',
    ].join('\n'));
    const r = spawnSync('python3', ['-c', launcherScript(logs)], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3); // main.py's exit status is the container's
    expect(r.stdout.trim()).toBe(`${32 * 2 ** 20} 3 True __main__ ['mishards/main.py']`);
    expect(readdirSync(logs)).toEqual(['logfile-new-info.log']);
  });
});

describe('pod hardening', () => {
  test('every container is hardened, has resources and a pinned image; probes differ', () => {
    const { objs } = build();
    const deploy = find(objs, 'Deployment', 'my-release-milvus-mishards');
    const pod = podSpecOf(deploy);
    expect(pod.securityContext).toEqual({ runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.enableServiceLinks).toBe(false);
    for (const c of containersOf(deploy)) {
      expect(c.securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
      expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
      expect(c.image).toMatch(/:[^:]+$/);
    }
    const main = pod.containers.find((c: any) => c.name === 'mishards');
    expect(main.readinessProbe.tcpSocket.port).toBe('mishards');
    expect(main.startupProbe.tcpSocket.port).toBe('mishards');
    expect(main.livenessProbe.exec.command[0]).toBe('python');
    expect(main.readinessProbe).not.toEqual(main.livenessProbe);
    expect(main.env).toEqual([{ name: 'PYTHONDONTWRITEBYTECODE', value: '1' }]);
    expect(main.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-dependencies', 'render-env']);
    // Root by default (the image has no other user), annotated as an accepted exception on workload and pod template.
    for (const annotations of [deploy.metadata.annotations, deploy.spec.template.metadata.annotations]) {
      expect(annotations['polaris.fairwinds.com/runAsRootAllowed-exempt']).toBe('true');
      expect(annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt']).toBe('true'); // pinned images, pulled IfNotPresent
    }
    // One replica (the default): the replica and PDB findings are exempted as the user's choice, on the
    // Deployment only: the pod template never depends on the replica count (scaling restarts no pod).
    expect(deploy.metadata.annotations['kube-score/ignore']).toBe('container-image-pull-policy,container-security-context-user-group-id,deployment-replicas');
    expect(deploy.metadata.annotations['polaris.fairwinds.com/missingPodDisruptionBudget-exempt']).toBe('true');
    expect(deploy.spec.template.metadata.annotations['kube-score/ignore']).toBe('container-image-pull-policy,container-security-context-user-group-id');
    expect(deploy.spec.template.metadata.annotations['polaris.fairwinds.com/missingPodDisruptionBudget-exempt']).toBeUndefined();
  });

  test('one replica: no PDB; two: a PDB; the same preferred anti-affinity for both (the pod template ignores the replica count)', () => {
    const one = build();
    expect(ofKind(one.objs, 'PodDisruptionBudget')).toEqual([]);
    expect(podSpecOf(find(one.objs, 'Deployment', 'my-release-milvus-mishards')).affinity)
      .toEqual(podSpecOf(find(build({ replicas: 2 }).objs, 'Deployment', 'my-release-milvus-mishards')).affinity);
    expect(one.mishards.podDisruptionBudget).toBeUndefined();
    const two = build({ replicas: 2 });
    expectSemanticallyValid(two.objs);
    expect(find(two.objs, 'PodDisruptionBudget', 'my-release-milvus-mishards').spec.maxUnavailable).toBe(1);
    expect(podSpecOf(find(two.objs, 'Deployment', 'my-release-milvus-mishards')).affinity.podAntiAffinity).toBeDefined();
  });

  test('ClusterIP Service carries no lint exception; public Services do', () => {
    expect(find(build().objs, 'Service', 'my-release-milvus').metadata.annotations).toBeUndefined();
    const lb = find(build({ exposure: Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }).objs, 'Service', 'my-release-milvus');
    expect(lb.metadata.annotations['ignore-check.kube-linter.io/exposed-services']).toBeDefined();
  });
});

describe('Exposure and MishardsDiscovery factories', () => {
  test('exposure values', () => {
    expect(Exposure.clusterIp().serviceType).toBe(ExposureType.CLUSTER_IP);
    expect(Exposure.clusterIp().isPublic).toBe(false);
    expect(Exposure.nodePort().fixedNodePort).toBeUndefined();
    expect(Exposure.nodePort({ nodePort: 30000 }).fixedNodePort).toBe(30000);
    expect(Exposure.nodePort({ nodePort: 20000, nodePortRange: { min: 20000, max: 22767 } }).fixedNodePort).toBe(20000);
    expect(Exposure.loadBalancer({ sourceRanges: ['fd00::/8'] }).loadBalancerSourceRanges).toEqual(['fd00::/8']);
    expect(Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }).isPublic).toBe(true);
  });

  test('discovery values', () => {
    const k = MishardsDiscovery.kubernetes();
    expect([k.discoveryType, k.pollIntervalSeconds, k.port, k.needsApiServer]).toEqual([MishardsDiscoveryType.KUBERNETES, 10, 19530, true]);
    const s = MishardsDiscovery.staticHosts(['a', '10.0.0.1'], 19531);
    expect([s.discoveryType, s.hosts, s.port, s.needsApiServer]).toEqual([MishardsDiscoveryType.STATIC, ['a', '10.0.0.1'], 19531, false]);
  });
});

describe('bad input is rejected with a ValidationError naming the prop', () => {
  test.each([
    ['replicas', () => build({ replicas: 0 })],
    ['replicas', () => build({ replicas: 1.5 })],
    ['hosts', () => MishardsDiscovery.staticHosts([])],
    ['hosts[1]', () => MishardsDiscovery.staticHosts(['ok-host', 'bad_host'])],
    ['hosts[0]', () => MishardsDiscovery.staticHosts(['fd00::1'])],
    ['hosts[1]', () => MishardsDiscovery.staticHosts(['a', 'a'])],
    ['hosts[0]', () => MishardsDiscovery.staticHosts(['a;rm -rf /'])],
    ['port', () => MishardsDiscovery.staticHosts(['a'], 70000)],
    ['pollIntervalSeconds', () => MishardsDiscovery.kubernetes({ pollIntervalSeconds: 0 })],
    ['nodePort', () => Exposure.nodePort({ nodePort: 29999 })],
    ['nodePort', () => Exposure.nodePort({ nodePort: 99999 })],
    ['nodePort', () => Exposure.nodePort({ nodePort: 19530 })],
    ['nodePortRange', () => Exposure.nodePort({ nodePortRange: { min: 32000, max: 31000 } })],
    ['nodePortRange.min', () => Exposure.nodePort({ nodePortRange: { min: 0, max: 31000 } })],
    ['sourceRanges', () => Exposure.loadBalancer({ sourceRanges: [] })],
    ['sourceRanges', () => Exposure.loadBalancer(undefined as any)],
    ['sourceRanges[0]', () => Exposure.loadBalancer({ sourceRanges: ['10.0.0.0'] })],
    ['loadBalancerIp', () => Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'], loadBalancerIp: 'lb.example.com' })],
    ['annotations key', () => Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'], annotations: { 'bad key': 'x' } })],
    ['releaseName', () => build({ releaseName: 'My_Release' })],
    ['releaseName', () => build({ releaseName: '1release' })],
    ['releaseName', () => build({ releaseName: 'r'.repeat(60) })],
    ['version', () => build({ version: '0.10.0' as any })],
    ['writableHost', () => build({ writableHost: 'bad host' })],
    ['writablePort', () => build({ writablePort: 0 })],
    ['readonlyPodSelector', () => build({ readonlyPodSelector: { component: 'readonly' } })],
    ['readonlyPodSelector', () => build({ readonlyPodSelector: undefined })],
    ['readonlyPodSelector.component', () => build({ readonlyPodSelector: { [INSTANCE]: 'my-release', component: '-bad' } })],
    ['readonlyPodNamePrefix', () => build({ readonlyPodNamePrefix: 'Bad Prefix' })],
    ['image', () => build({ image: 'milvusdb/mishards' })],
    ['image', () => build({ image: 'milvusdb/mishards:latest' })],
    ['initImage', () => build({ initImage: 'busybox' })],
    ['imagePullPolicy', () => build({ imagePullPolicy: 'Sometimes' as any })],
    ['maxWorkers', () => build({ maxWorkers: 0 })],
    ['debug', () => build({ debug: 'yes' as any })],
    ['timezone', () => build({ timezone: 'UTC+8 ; rm' })],
    ['runAsNonRoot', () => build({ runAsNonRoot: 'true' as any })],
    ['resources.memoryRequest', () => build({ resources: { memoryRequest: '8Gi' } })],
    ['resources.cpuLimit', () => build({ resources: { cpuLimit: 'two' } })],
    ['nodeSelector key', () => build({ nodeSelector: { 'bad key': 'x' } })],
    ['tolerations[0].operator', () => build({ tolerations: [{ key: 'dedicated', operator: 'In', value: 'search' }] })],
    ['priorityClassName', () => build({ priorityClassName: 'Bad' })],
    ['serviceAnnotations key', () => build({ serviceAnnotations: { '': 'x' } })],
    ['metaStore', () => build({ metaStore: undefined as any })],
    ['metaStore.host', () => build({ metaStore: Object.assign(new FakeMetaStore(), { host: 'mysql;reboot' }) })],
    ['metaStore.port', () => build({ metaStore: Object.assign(new FakeMetaStore(), { port: 0 }) })],
    ['metaStore.database', () => build({ metaStore: Object.assign(new FakeMetaStore(), { database: 'mil/vus' }) })],
    ['metaStore.user', () => build({ metaStore: Object.assign(new FakeMetaStore(), { user: '' }) })],
    ['metaStore.passwordSecret.secretName', () => build({ metaStore: Object.assign(new FakeMetaStore(), { passwordSecret: { secretName: 'Bad', key: 'k' } }) })],
    ['metaStore.passwordSecret.key', () => build({ metaStore: Object.assign(new FakeMetaStore(), { passwordSecret: { secretName: 's', key: 'a/b' } }) })],
  ])('%s', (prop, fn) => rejects(fn, prop));

  test('a chart without a namespace is rejected', () => {
    rejects(() => new Mishards(new Chart(Testing.app(), 'test'), 'mishards', baseProps()), 'namespace');
  });

  test('messages name the value and what is allowed', () => {
    rejects(() => Exposure.nodePort({ nodePort: 32768 }), 'nodePort', 'got 32768; a port must be an integer from 30000 to 32767');
    rejects(() => Exposure.loadBalancer({ sourceRanges: [] }), 'sourceRanges', 'at least one client CIDR');
    rejects(() => build({ readonlyPodSelector: { component: 'readonly' } }), 'readonlyPodSelector', INSTANCE);
  });
});

describe('externalTrafficPolicy', () => {
  test.each([
    ['NodePort', () => Exposure.nodePort({ nodePort: 32227, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL })],
    ['LoadBalancer', () => Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: ExternalTrafficPolicy.LOCAL })],
  ])('%s with Local keeps client addresses on the public Service', (_type, exposure) => {
    const { mishards, objs } = build({ exposure: exposure() });
    expect(find(objs, 'Service', mishards.serviceName).spec.externalTrafficPolicy).toBe('Local');
  });

  test('unset by default, and an unknown value is rejected', () => {
    const { mishards, objs } = build({ exposure: Exposure.nodePort() });
    expect(find(objs, 'Service', mishards.serviceName).spec.externalTrafficPolicy).toBeUndefined();
    expect(() => Exposure.nodePort({ externalTrafficPolicy: 'Nearest' as any })).toThrow('invalid externalTrafficPolicy:');
  });
});

describe('the config shapes convert beside their classes', () => {
  test('Exposure.fromConfig: each type from its plain shape; misplaced keys named by their own key, all at once', () => {
    expect(Exposure.fromConfig({}).serviceType).toBe(ExposureType.CLUSTER_IP);
    expect(Exposure.fromConfig({ type: 'NodePort', nodePort: 32227 }).fixedNodePort).toBe(32227);
    expect(Exposure.fromConfig({ type: 'LoadBalancer', sourceRanges: ['10.0.0.0/8'] }).loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
    let e: any;
    try { Exposure.fromConfig({ type: 'NodePort', sourceRanges: ['10.0.0.0/8'], loadBalancerIp: '10.0.0.1' }); } catch (x) { e = x; }
    expect(e.problems.map((p: any) => p.prop)).toEqual(['sourceRanges', 'loadBalancerIp']);
    expect(() => Exposure.fromConfig({ type: 'Ingress' })).toThrow('invalid type:');
  });

  test('MishardsDiscovery.fromConfig: kubernetes by default, static with hosts, keys of the other type refused', () => {
    expect(MishardsDiscovery.fromConfig({}).discoveryType).toBe(MishardsDiscoveryType.KUBERNETES);
    expect(MishardsDiscovery.fromConfig({ type: 'static', hosts: ['a'] }).hosts).toEqual(['a']);
    expect(() => MishardsDiscovery.fromConfig({ hosts: ['a'] })).toThrow('invalid hosts:');
    expect(() => MishardsDiscovery.fromConfig({ type: 'static', hosts: ['a'], pollIntervalSeconds: 5 })).toThrow('invalid pollIntervalSeconds:');
  });
});
