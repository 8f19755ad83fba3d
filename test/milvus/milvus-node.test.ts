import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { PASSWORD_CHARACTERS } from '../../src/metastore/_mysql-checks';
import { MySqlCredentials } from '../../src/metastore/mysql-credentials';
import { MilvusDataVolume } from '../../src/milvus/milvus-data-volume';
import { MilvusNode } from '../../src/milvus/milvus-node';
import { MilvusRole } from '../../src/milvus/milvus-role';
import { MilvusLogLevel } from '../../src/milvus/milvus-server-config';
import { MilvusVersion } from '../../src/milvus/milvus-version';
import { StorageClassRef } from '../../src/storage/storage-class-ref';
import { containersOf, expectGolden, expectSchemaValid, expectSemanticallyValid, find, K8sObject, ofKind, podSpecOf, synth, toYaml } from '../support';
import { cluster, expectInvalid, FakeMetaStore, NFS_CLIENT, newChart } from './_fixtures';

function scenario(name: string, objs: K8sObject[]) {
  expectSchemaValid(objs);
  expectSemanticallyValid(objs);
  expectGolden(`milvus/${name}.k8s.yaml`, toYaml(objs));
}

function templateOf(objs: K8sObject[], role: string): any {
  return parse(find(objs, 'ConfigMap', `my-release-milvus-${role}-config`).data['server_config.yaml']);
}

describe('tutorial nodes (0.10.0)', () => {
  const metaStore = new FakeMetaStore();
  const { chart, writable, readonly } = cluster({ metaStore });
  const objs = synth(chart);

  test('golden, schema-valid, semantically valid', () => scenario('tutorial-0.10.0', objs));

  test('objects and names', () => {
    expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/my-release-milvus-readonly-config',
      'ConfigMap/my-release-milvus-writable-config',
      'Deployment/my-release-milvus-readonly',
      'PersistentVolumeClaim/my-release-milvus',
      'Service/my-release-milvus-readonly',
      'Service/my-release-milvus-writable',
      'Service/my-release-milvus-writable-headless',
      'ServiceAccount/my-release-milvus-readonly',
      'ServiceAccount/my-release-milvus-writable',
      'StatefulSet/my-release-milvus-writable',
    ]);
    expect(objs.every(o => o.metadata.namespace === 'milvus')).toBe(true);
  });

  test('public API', () => {
    expect(writable.role).toBe(MilvusRole.WRITABLE);
    expect(writable.serviceName).toBe('my-release-milvus-writable');
    expect(readonly.serviceName).toBe('my-release-milvus-readonly');
    expect([writable.enginePort, writable.webPort]).toEqual([19530, 19121]);
    expect(writable.podSelector).toEqual({ 'app.kubernetes.io/name': 'milvus', 'app.kubernetes.io/instance': 'my-release', 'component': 'writable' });
    expect(readonly.podSelector.component).toBe('readonly');
    expect(writable.workload.kind).toBe('StatefulSet');
    expect(readonly.workload.kind).toBe('Deployment');
    expect(writable.service.name).toBe('my-release-milvus-writable');
    expect(writable.headlessService?.name).toBe('my-release-milvus-writable-headless');
    expect(readonly.headlessService).toBeUndefined();
    expect(writable.podDisruptionBudget).toBeUndefined();
    // No side effect on the metastore: the composition's traffic table admits the nodes.
    expect(metaStore.clients).toEqual([]);
  });

  test('writable: one-replica StatefulSet governed by a headless Service', () => {
    const sts = find(objs, 'StatefulSet', 'my-release-milvus-writable');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('my-release-milvus-writable-headless');
    expect(find(objs, 'Service', 'my-release-milvus-writable-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    // Deployment-only and 2+-replica checks do not apply to a 1-replica StatefulSet: no singleton exemption.
    expect(sts.metadata.annotations['kube-score/ignore']).not.toContain('deployment-replicas');
  });

  test('readonly: RollingUpdate Deployment; no PDB at one replica (exempted as a choice); preferred spreading already', () => {
    const dep = find(objs, 'Deployment', 'my-release-milvus-readonly');
    expect(dep.spec.replicas).toBe(1);
    expect(dep.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    // Preferred anti-affinity changes nothing for one pod, and scaling out then changes no pod template.
    expect(dep.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(ofKind(objs, 'PodDisruptionBudget')).toEqual([]);
    expect(readonly.podDisruptionBudget).toBeUndefined();
    expect(dep.metadata.annotations['polaris.fairwinds.com/missingPodDisruptionBudget-exempt']).toBe('true');
  });

  test('ClusterIP Services with named ports engine and web', () => {
    for (const role of ['writable', 'readonly']) {
      const svc = find(objs, 'Service', `my-release-milvus-${role}`);
      expect(svc.spec.type).toBe('ClusterIP');
      expect(svc.spec.ports).toEqual([
        { name: 'engine', port: 19530, targetPort: 'engine', protocol: 'TCP' },
        { name: 'web', port: 19121, targetPort: 'web', protocol: 'TCP' },
      ]);
    }
  });

  test.each(['writable', 'readonly'])('%s: no password anywhere in the manifests; config rendered in the pod', role => {
    const yaml = toYaml(objs);
    expect(yaml).not.toMatch(/milvusroot/);
    const tpl = templateOf(objs, role);
    expect(tpl.general.meta_uri).toBe('mysql://milvus:__METASTORE_PASSWORD__@my-release-mysql:3306/milvus');
    const workload = objs.find(o => o.metadata.name === `my-release-milvus-${role}` && o.spec?.template)!;
    const spec = podSpecOf(workload);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual([
      'wait-for-mysql', role === 'writable' ? 'create-for-share-storage' : 'check-for-share-storage', 'render-config', 'ownership-guard',
    ]);
    const secretVol = spec.volumes.find((v: any) => v.secret);
    expect(secretVol.secret).toEqual({ secretName: 'my-release-mysql', items: [{ key: 'mysql-password', path: 'password' }], defaultMode: 0o440 });
    expect(spec.volumes.find((v: any) => v.name === 'config').emptyDir.medium).toBe('Memory');
    const milvus = spec.containers[0];
    expect(milvus.volumeMounts).toContainEqual({ name: 'config', mountPath: '/var/lib/milvus/conf/server_config.yaml', subPath: 'server_config.yaml', readOnly: true });
    expect(milvus.volumeMounts).toContainEqual({ name: 'milvus-data-disk', mountPath: '/var/lib/milvus/db', readOnly: false });
    expect(milvus.volumeMounts).toContainEqual({ name: 'milvus-logs-disk', mountPath: '/var/lib/milvus/logs' });
    expect(spec.volumes.find((v: any) => v.name === 'milvus-logs-disk').emptyDir).toEqual({ sizeLimit: '5125Mi' });
    for (const c of containersOf(workload)) {
      expect(JSON.stringify(c.env ?? [])).not.toMatch(/password/i);
    }
    const sha = createHash('sha256').update(find(objs, 'ConfigMap', `my-release-milvus-${role}-config`).data['server_config.yaml']).digest('hex');
    expect(workload.spec.template.metadata.annotations['checksum/config']).toBe(sha);
  });

  test('the render script substitutes the placeholder and refuses unsafe passwords', () => {
    const script = find(objs, 'StatefulSet', 'my-release-milvus-writable').spec.template.spec.initContainers[2].command[2];
    expect(script).toContain('sed "s|__METASTORE_PASSWORD__|$pw|" /etc/milvus/template/server_config.yaml > /run/milvus/server_config.yaml');
    expect(script).toContain("tr -d 'A-Za-z0-9._~!*+=,^-'");
  });

  test('marker handshake on the shared volume', () => {
    const w = find(objs, 'StatefulSet', 'my-release-milvus-writable').spec.template.spec.initContainers[1];
    const r = find(objs, 'Deployment', 'my-release-milvus-readonly').spec.template.spec.initContainers[1];
    const marker = '/var/lib/milvus/db/test/my-release-milvus.txt';
    expect(w.command[2]).toContain(`touch ${marker}`);
    expect(r.command[2]).toContain(`[ -f ${marker} ]`);
    expect(r.volumeMounts).toEqual([{ name: 'milvus-data-disk', mountPath: '/var/lib/milvus/db', readOnly: true }]);
  });

  test('hardening: every container', () => {
    for (const w of [...ofKind(objs, 'StatefulSet'), ...ofKind(objs, 'Deployment')]) {
      const spec = podSpecOf(w);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toBe(w.metadata.name);
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      for (const c of containersOf(w)) {
        // The Milvus server writes under /var/lib/milvus in its image (exempted below); every other container is read-only.
        const readOnlyRoot = c.name !== 'milvus';
        expect(c.securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: readOnlyRoot, capabilities: { drop: ['ALL'] } });
        expect(c.imagePullPolicy).toBe('IfNotPresent');
        expect(c.image).toMatch(/:[^:]+$/);
        for (const k of ['cpu', 'memory', 'ephemeral-storage']) {
          expect(c.resources.requests[k]).toBeDefined();
          expect(c.resources.limits[k]).toBeDefined();
        }
      }
      const milvus = spec.containers[0];
      expect(milvus.readinessProbe).not.toEqual(milvus.livenessProbe);
      expect(milvus.readinessProbe.httpGet).toEqual({ path: '/state', port: 'web', scheme: 'HTTP' });
      expect(milvus.livenessProbe.tcpSocket).toEqual({ port: 'engine' });
      expect(milvus.startupProbe.failureThreshold).toBeGreaterThanOrEqual(30);
      // Root by default, documented as an exemption on the workload and its pods.
      expect(spec.securityContext.runAsNonRoot).toBe(false);
      expect(w.metadata.annotations['polaris.fairwinds.com/runAsRootAllowed-exempt']).toBe('true');
      expect(w.spec.template.metadata.annotations['kube-score/ignore']).toContain('container-security-context-user-group-id');
      expect(w.spec.template.metadata.annotations['kube-score/ignore']).toContain('container-security-context-readonlyrootfilesystem');
      expect(milvus.volumeMounts.map((m: any) => m.mountPath)).not.toContain('/var/lib/milvus/lock');
      // Waiters never need root.
      expect(spec.initContainers[0].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    }
  });

  test('default resources as the chart (1 CPU / 4Gi requests, 2 CPUs / 6Gi limits)', () => {
    const c = find(objs, 'Deployment', 'my-release-milvus-readonly').spec.template.spec.containers[0];
    expect(c.resources).toEqual({
      requests: { 'cpu': '1', 'memory': '4Gi', 'ephemeral-storage': '1Gi' },
      limits: { 'cpu': '2', 'memory': '6Gi', 'ephemeral-storage': '8Gi' },
    });
  });
});

describe('Milvus 1.1', () => {
  const { chart } = cluster({ version: MilvusVersion.V1_1_1, readonly: { replicas: 2 } });
  const objs = synth(chart);
  test('golden, schema-valid, semantically valid', () => scenario('v1.1.1', objs));
  test('image and 1.1 log keys', () => {
    expect(find(objs, 'StatefulSet', 'my-release-milvus-writable').spec.template.spec.containers[0].image).toBe('milvusdb/milvus:1.1.1-cpu-d061621-330cc6');
    expect(templateOf(objs, 'readonly').logs).toMatchObject({ log_to_stdout: true, log_to_file: false });
  });
  test('readonly spreads over nodes and gets a PDB from 2 replicas', () => {
    const dep = find(objs, 'Deployment', 'my-release-milvus-readonly');
    expect(dep.spec.replicas).toBe(2);
    const pdb = find(objs, 'PodDisruptionBudget', 'my-release-milvus-readonly');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: dep.spec.selector.matchLabels } });
    expect(dep.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 100,
      podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'milvus', 'app.kubernetes.io/instance': 'my-release', 'component': 'readonly' } } },
    }]);
  });
});

describe('GPU variant', () => {
  const gpu = { count: 2, runtimeClassName: 'nvidia', searchDevices: ['gpu0', 'gpu1'], buildIndexDevices: ['gpu0'] };
  const tolerations: k8s.Toleration[] = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
  const { chart } = cluster({
    writable: { gpu, tolerations, nodeSelector: { 'nvidia.com/gpu.present': 'true' } },
    readonly: { gpu: { runtimeClassName: 'nvidia' }, tolerations },
  });
  const objs = synth(chart);
  test('golden, schema-valid, semantically valid', () => scenario('gpu', objs));
  test('GPU image, limit, runtime class and config section', () => {
    const spec = find(objs, 'StatefulSet', 'my-release-milvus-writable').spec.template.spec;
    expect(spec.containers[0].image).toBe('milvusdb/milvus:0.10.0-gpu-d061620-5f3c00');
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(2);
    expect(spec.runtimeClassName).toBe('nvidia');
    expect(spec.tolerations).toEqual(tolerations);
    expect(templateOf(objs, 'writable').gpu).toEqual({ enable: true, cache_size: '1GB', gpu_search_threshold: 1000, search_devices: ['gpu0', 'gpu1'], build_index_devices: ['gpu0'] });
    expect(find(objs, 'Deployment', 'my-release-milvus-readonly').spec.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
  });
});

describe('all options', () => {
  const version = MilvusVersion.custom('0.10.6', {
    milvusImage: 'registry.example.com/milvus:0.10.6-cpu-custom',
    mishardsImage: 'registry.example.com/mishards:0.10.6',
  });
  const common = {
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    initImage: 'registry.example.com/alpine:3.20.3',
    runAsNonRoot: true,
    nodeSelector: { 'node-role.example.com/milvus': 'true' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'milvus', effect: 'NoSchedule' }],
    priorityClassName: 'milvus-critical',
  };
  const { chart } = cluster({
    version,
    writable: {
      ...common,
      runAsNonRoot: false, // the writable node writes inside its image at start
      resources: { cpuRequest: '2', cpuLimit: '4', memoryRequest: '8Gi', memoryLimit: '12Gi', ephemeralStorageRequest: '2Gi', ephemeralStorageLimit: '10Gi' },
      config: {
        timezone: 'UTC+0',
        autoFlushInterval: 2,
        fileCleanupTimeout: 60,
        wal: { bufferSize: '512MB', recoveryErrorIgnore: false },
        cache: { cacheSize: '8GB', insertBufferSize: '2GB', preloadCollections: ['*'], cpuCacheThreshold: 0.85, cacheInsertData: true },
        // 4 files (warning, error, fatal, global) x 4 x 512MB + /tmp fit the 10Gi limit.
        logs: { level: MilvusLogLevel.WARNING, traceEnable: false, maxLogFileSize: '512MB', logRotateNum: 3 },
        metric: { enable: true, address: 'pushgateway.monitoring.svc', port: 9091 },
        extra: { engine_config: { use_blas_threshold: 1100, omp_thread_num: 0 } },
      },
    },
    readonly: {
      ...common,
      replicas: 3,
      image: 'registry.example.com/milvus:0.10.6-cpu-readonly',
      readOnlyRootFilesystem: true,
      resources: { memoryLimit: '16Gi', memoryRequest: '12Gi' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
      config: { timezone: 'UTC-3', cache: { cacheSize: '12GB', insertBufferSize: '256MB' }, logs: { level: MilvusLogLevel.ERROR } },
    },
  });
  const objs = synth(chart);
  test('golden, schema-valid, semantically valid', () => scenario('all-options', objs));
  test('non-root mode (readonly nodes only): UID/GID 10001 everywhere, no root exemption', () => {
    for (const w of [find(objs, 'Deployment', 'my-release-milvus-readonly')]) {
      const spec = podSpecOf(w);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
      for (const c of containersOf(w)) { expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 }); }
      expect(w.spec.template.metadata.annotations['polaris.fairwinds.com/runAsRootAllowed-exempt']).toBeUndefined();
      expect(spec.priorityClassName).toBe('milvus-critical');
      expect(containersOf(w).every(c => c.imagePullPolicy === 'IfNotPresent')).toBe(true);
    }
  });
  test('readonly: user affinity kept and anti-affinity added; image and read-only root opt-in', () => {
    const spec = find(objs, 'Deployment', 'my-release-milvus-readonly').spec.template.spec;
    expect(spec.affinity.nodeAffinity).toBeDefined();
    expect(spec.affinity.podAntiAffinity).toBeDefined();
    expect(spec.containers[0].image).toBe('registry.example.com/milvus:0.10.6-cpu-readonly');
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    // The lock file InstanceLockCheck opens is a writable mount then, and no root-fs exemption is carried.
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'config', mountPath: '/var/lib/milvus/lock', subPath: 'lock' });
    expect(find(objs, 'Deployment', 'my-release-milvus-readonly').spec.template.metadata.annotations['kube-score/ignore'] ?? '')
      .not.toContain('readonlyrootfilesystem');
    expect(templateOf(objs, 'readonly').general.timezone).toBe('UTC-3');
  });
  test('writable config from every section', () => {
    const tpl = templateOf(objs, 'writable');
    expect(tpl.storage.file_cleanup_timeout).toBe(60);
    expect(tpl.cache.preload_collection).toBe('*');
    expect(tpl.metric.enable).toBe(true);
    expect(tpl.engine_config.use_blas_threshold).toBe(1100);
  });
});

describe('bad input', () => {
  const base = () => {
    const chart = newChart();
    const dataVolume = new MilvusDataVolume(chart, 'Data', { releaseName: 'my-release', storageClass: NFS_CLIENT });
    return { chart, dataVolume, metaStore: new FakeMetaStore(), version: MilvusVersion.V0_10_0, releaseName: 'my-release' };
  };
  test('a writable node refuses a read-only root filesystem (it checks write access to storage.path in the image)', () => {
    const b = base();
    expectInvalid(() => new MilvusNode(b.chart, 'W', { ...b, role: MilvusRole.WRITABLE, readOnlyRootFilesystem: true }), 'readOnlyRootFilesystem', 'checks write access');
  });
  test.each([0, 2, 3])('writable replicas %d is rejected', replicas => {
    const b = base();
    expectInvalid(() => new MilvusNode(b.chart, 'W', { ...b, role: MilvusRole.WRITABLE, replicas }), 'replicas', 'exactly 1');
  });
  test('readonly replicas must be 1-100', () => {
    const b = base();
    expectInvalid(() => new MilvusNode(b.chart, 'R0', { ...b, role: MilvusRole.READONLY, replicas: 0 }), 'replicas');
    expectInvalid(() => new MilvusNode(b.chart, 'R1', { ...b, role: MilvusRole.READONLY, replicas: 1.5 }), 'replicas');
  });
  test('RWO shared volume is rejected', () => {
    expectInvalid(() => new MilvusDataVolume(newChart(), 'D', { releaseName: 'my-release', storageClass: StorageClassRef.fromName('gp2') }), 'storageClass.storageClassName', 'ReadWriteMany');
  });
  test('unknown version', () => {
    expectInvalid(() => MilvusVersion.of('0.9.1'), 'version');
    expectInvalid(() => MilvusVersion.of('2.0.0'), 'version');
    const b = base();
    expectInvalid(() => new MilvusNode(b.chart, 'W', { ...b, version: { version: '2.0.0' } as any, role: MilvusRole.WRITABLE }), 'version');
  });
  test('GPU on a version without a GPU image', () => {
    const b = base();
    const version = MilvusVersion.custom('0.10.6', { milvusImage: 'example.com/milvus:0.10.6-cpu', mishardsImage: 'example.com/mishards:0.10.6' });
    expectInvalid(() => new MilvusNode(b.chart, 'W', { ...b, version, role: MilvusRole.WRITABLE, gpu: {} }), 'gpu', 'no GPU image');
  });
  test('bad config values surface with the config. prefix', () => {
    const b = base();
    expectInvalid(() => new MilvusNode(b.chart, 'W1', { ...b, role: MilvusRole.WRITABLE, config: { timezone: 'CET' } }), 'config.timezone');
    expectInvalid(() => new MilvusNode(b.chart, 'W2', { ...b, role: MilvusRole.WRITABLE, config: { wal: { bufferSize: '8GB' } } }), 'config.wal.bufferSize');
    expectInvalid(() => new MilvusNode(b.chart, 'W3', { ...b, role: MilvusRole.WRITABLE, config: { logs: { maxLogFileSize: '100MB' } } }), 'config.logs.maxLogFileSize');
    expectInvalid(() => new MilvusNode(b.chart, 'W4', { ...b, role: MilvusRole.WRITABLE, config: { cache: { cacheSize: '6GB' } } }), 'config.cache.cacheSize', 'memory limit');
    expectInvalid(() => new MilvusNode(b.chart, 'R1', { ...b, role: MilvusRole.READONLY, config: { wal: {} } }), 'config.wal');
  });
  test('names, images and other props', () => {
    const b = base();
    expectInvalid(() => new MilvusNode(b.chart, 'A', { ...b, releaseName: 'My_Release', role: MilvusRole.WRITABLE }), 'releaseName');
    expectInvalid(() => new MilvusNode(b.chart, 'B', { ...b, releaseName: 'r'.repeat(40), role: MilvusRole.WRITABLE }), 'releaseName', 'at most 52');
    expectInvalid(() => new MilvusNode(b.chart, 'C', { ...b, role: MilvusRole.WRITABLE, image: 'milvusdb/milvus:latest' }), 'image');
    expectInvalid(() => new MilvusNode(b.chart, 'D', { ...b, role: MilvusRole.WRITABLE, initImage: 'alpine' }), 'initImage');
    expectInvalid(() => new MilvusNode(b.chart, 'E', { ...b, role: 'primary' as any }), 'role');
    expectInvalid(() => new MilvusNode(b.chart, 'F', { ...b, role: MilvusRole.WRITABLE, resources: { cpuRequest: '3' } }), 'resources.cpuRequest');
    expectInvalid(() => new MilvusNode(b.chart, 'G', { ...b, role: MilvusRole.WRITABLE, nodeSelector: { 'bad key!': 'x' } }), 'nodeSelector key');
    expectInvalid(() => new MilvusNode(b.chart, 'H', { ...b, role: MilvusRole.WRITABLE, gpu: { runtimeClassName: 'NVIDIA' } }), 'gpu.runtimeClassName');
    expectInvalid(() => new MilvusNode(b.chart, 'I', { ...b, role: MilvusRole.WRITABLE, imagePullPolicy: 'Sometimes' as any }), 'imagePullPolicy');
    const badStore = Object.assign(new FakeMetaStore(), { passwordSecret: { secretName: 'my-release-mysql', key: 'bad/key' } });
    expectInvalid(() => new MilvusNode(b.chart, 'J', { ...b, metaStore: badStore, role: MilvusRole.WRITABLE }), 'metaStore.passwordSecret.key');
  });
  test('tolerations are validated (a config file could carry any JSON)', () => {
    const b = base();
    const tolerations = [{ key: 'dedicated', effect: 'NoSchedule', tolerationSeconds: 'abc' }] as any;
    expectInvalid(() => new MilvusNode(b.chart, 'R', { ...b, role: MilvusRole.READONLY, tolerations }), 'tolerations[0].tolerationSeconds', 'whole number');
  });
  test('a chart without a namespace is rejected', () => {
    const chart = new Chart(Testing.app(), 'no-ns');
    expectInvalid(() => new MilvusDataVolume(chart, 'D', { releaseName: 'my-release', storageClass: NFS_CLIENT }), 'namespace');
  });
});

describe('render-config runs under sh', () => {
  // The init container's script, run for real with its paths moved into a temp dir.
  const { chart } = cluster();
  const objs = synth(chart);
  const sts = find(objs, 'StatefulSet', 'my-release-milvus-writable');
  const init = sts.spec.template.spec.initContainers.find((c: any) => c.name === 'render-config');
  const template = find(objs, 'ConfigMap', 'my-release-milvus-writable-config').data['server_config.yaml'];

  function render(password: string): { status: number | null; stderr: string; config?: string } {
    const dir = mkdtempSync(join(tmpdir(), 'render-config-'));
    for (const d of ['secret', 'template', 'run']) { mkdirSync(join(dir, d)); }
    writeFileSync(join(dir, 'secret', 'password'), password);
    writeFileSync(join(dir, 'template', 'server_config.yaml'), template);
    const script = (init.command[2] as string)
      .split('/etc/milvus/metastore').join(join(dir, 'secret'))
      .split('/etc/milvus/template').join(join(dir, 'template'))
      .split('/run/milvus').join(join(dir, 'run'));
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    const out = join(dir, 'run', 'server_config.yaml');
    return { status: r.status, stderr: r.stderr, config: existsSync(out) ? readFileSync(out, 'utf8') : undefined };
  }

  test('a password of the allowed characters lands in meta_uri, nowhere else changes', () => {
    const password = 'a!b*c+d=e,f^g~h-._0';
    const r = render(password);
    expect(r.status).toBe(0);
    expect(parse(r.config!).general.meta_uri).toBe(`mysql://milvus:${password}@my-release-mysql:3306/milvus`);
    expect(r.config!.replace(password, '__METASTORE_PASSWORD__')).toBe(template);
  });

  test.each(['with space', 'amp&ersand', 'pipe|d', 'back\\\\slash', 'at@sign', 'colon:x', 'per%cent', 'sl/ash', ''])('%j is refused without writing a config', password => {
    const r = render(password);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/render-config: the metastore password (is empty|contains characters)/);
    expect(r.config).toBeUndefined();
  });

  test('it accepts exactly the characters MySqlCredentials accepts (one password set)', () => {
    const accepts = (password: string) => {
      try { MySqlCredentials.fromPasswords({ rootPassword: `Root-${password}`, password }); return true; } catch { return false; }
    };
    for (const c of [...'._~!*+=,^-azAZ09', ...':@/%#&|\\\'" $`;<>?()[]{}']) {
      const password = `Pass-word-00${c}x`;
      expect([c, render(password).status === 0, accepts(password)]).toEqual([c, accepts(password), PASSWORD_CHARACTERS.test(password)]);
    }
  });
});

test('an invalid affinity from a config file is rejected before anything is rendered', () => {
  expectInvalid(() => cluster({ readonly: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } } as any } }),
    'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values', 'needs at least one value');
});

describe('the ownership guard init container (issue 11)', () => {
  test.each(['writable', 'readonly'])('%s: runs the guard script in the pinned MySQL image, data mounted %s', role => {
    const objs = synth(cluster({ metaStore: new FakeMetaStore() }).chart);
    const spec = podSpecOf(objs.find(o => o.metadata.name === `my-release-milvus-${role}` && o.spec?.template)!);
    const guard = spec.initContainers.find((c: any) => c.name === 'ownership-guard');
    expect(guard.image).toBe('mysql:5.7.30');
    expect(guard.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(guard.command[2]).toContain("me='milvus/my-release'");
    expect(guard.command[2]).toContain('--database=\'milvus\'');
    expect(guard.volumeMounts).toEqual([
      { name: 'milvus-data-disk', mountPath: '/var/lib/milvus/db', readOnly: role === 'readonly' },
      { name: 'metastore-password', mountPath: '/etc/milvus/metastore', readOnly: true },
      { name: 'config', mountPath: '/run/milvus' },
    ]);
    expect(guard.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });
});
