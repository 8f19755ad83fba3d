'use strict';
// Stand-in for MilvusClusterChart: ~30 L1 objects (k8s.* re-exported by cdk8s-plus-28)
// shaped like the tutorial's Milvus 1.1 cluster (NFS provisioner, MySQL, writable /
// readonly Milvus, Mishards) plus the hardening objects the library adds
// (NetworkPolicies, PDBs, ServiceAccounts, Roles).
// It deliberately uses the same imports the library does: `cdk8s` and `cdk8s-plus-28`.
const { Chart } = require('cdk8s');
const { k8s } = require('cdk8s-plus-28');

function labels(release, component) {
  return {
    'app.kubernetes.io/name': 'milvus',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

function secCtx() {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: false,
    runAsNonRoot: true,
    runAsUser: 1000,
    capabilities: { drop: ['ALL'] },
  };
}

function res(cpu, mem) {
  return {
    requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(mem) },
    limits: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(mem) },
  };
}

function milvusConfig(o, readonly) {
  const lines = [
    'version: 0.5',
    'cluster:',
    '  enable: true',
    `  role: ${readonly ? 'ro' : 'rw'}`,
    'general:',
    '  timezone: UTC+8',
    `  meta_uri: mysql://${o.dbUser}:\${MYSQL_PASSWORD}@${o.name}-mysql:3306/milvus`,
    'network:',
    '  bind.address: 0.0.0.0',
    '  bind.port: 19530',
    '  http.enable: true',
    '  http.port: 19121',
    'storage:',
    '  path: /var/lib/milvus',
    '  auto_flush_interval: 1',
    'wal:',
    '  enable: true',
    '  recovery_error_ignore: false',
    '  buffer_size: 256MB',
    '  path: /var/lib/milvus/db/wal',
    'cache:',
    `  cache_size: ${o.cacheSize}`,
    '  insert_buffer_size: 1GB',
    '  preload_collection:',
    'gpu:',
    '  enable: false',
    'logs:',
    '  level: debug',
    '  trace.enable: true',
    '  path: /var/lib/milvus/logs',
    '  max_log_file_size: 1024MB',
    '  log_rotate_num: 0',
    'metric:',
    '  enable: false',
  ];
  for (let i = 0; i < 40; i++) lines.push(`# padding line ${i} to approximate the real server_config.yaml size`);
  return lines.join('\n') + '\n';
}

function milvusDeployment(scope, o, role, replicas) {
  const name = `${o.name}-milvus-${role}`;
  const l = labels(o.name, role);
  new k8s.KubeConfigMap(scope, `${role}-config`, {
    metadata: { name, namespace: o.namespace, labels: l },
    data: { 'server_config.yaml': milvusConfig(o, role === 'readonly') },
  });
  const Kind = role === 'writable' ? k8s.KubeStatefulSet : k8s.KubeDeployment;
  const spec = {
    replicas,
    selector: { matchLabels: l },
    template: {
      metadata: { labels: l, annotations: { 'checksum/config': 'a'.repeat(64) } },
      spec: {
        serviceAccountName: `${o.name}-milvus`,
        automountServiceAccountToken: false,
        securityContext: { fsGroup: 1000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        initContainers: [{
          name: 'wait-for-mysql',
          image: 'busybox:1.36',
          command: ['sh', '-c', `until nc -z -w 2 ${o.name}-mysql 3306; do sleep 2; done`],
          securityContext: secCtx(),
          resources: res('10m', '16Mi'),
        }],
        containers: [{
          name: 'milvus',
          image: `milvusdb/milvus:${o.version}`,
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'milvus', containerPort: 19530 }, { name: 'http', containerPort: 19121 }],
          env: [
            { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: `${o.name}-mysql`, key: 'mysql-password' } } },
            { name: 'TZ', value: 'UTC' },
          ],
          securityContext: secCtx(),
          resources: res(o.cpu, o.memory),
          livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('milvus') }, initialDelaySeconds: 30, periodSeconds: 15 },
          readinessProbe: { httpGet: { path: '/api/v1/state', port: k8s.IntOrString.fromNumber(19121) }, periodSeconds: 10 },
          volumeMounts: [
            { name: 'config', mountPath: '/var/lib/milvus/conf/server_config.yaml', subPath: 'server_config.yaml' },
            { name: 'data', mountPath: '/var/lib/milvus/db' },
            { name: 'logs', mountPath: '/var/lib/milvus/logs' },
          ],
        }],
        volumes: [
          { name: 'config', configMap: { name } },
          { name: 'data', persistentVolumeClaim: { claimName: `${o.name}-milvus` } },
          { name: 'logs', emptyDir: {} },
        ],
      },
    },
  };
  if (role === 'writable') spec.serviceName = name;
  new Kind(scope, `${role}-workload`, { metadata: { name, namespace: o.namespace, labels: l }, spec });
  new k8s.KubeService(scope, `${role}-svc`, {
    metadata: { name, namespace: o.namespace, labels: l },
    spec: {
      type: 'ClusterIP',
      selector: l,
      ports: [
        { name: 'milvus', port: 19530, targetPort: k8s.IntOrString.fromNumber(19530), protocol: 'TCP' },
        { name: 'http', port: 19121, targetPort: k8s.IntOrString.fromNumber(19121), protocol: 'TCP' },
      ],
    },
  });
  new k8s.KubeNetworkPolicy(scope, `${role}-netpol`, {
    metadata: { name, namespace: o.namespace, labels: l },
    spec: {
      podSelector: { matchLabels: l },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: labels(o.name, 'mishards') } }], ports: [{ port: k8s.IntOrString.fromNumber(19530), protocol: 'TCP' }] }],
      egress: [
        { to: [{ podSelector: { matchLabels: labels(o.name, 'mysql') } }], ports: [{ port: k8s.IntOrString.fromNumber(3306), protocol: 'TCP' }] },
        { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }] },
      ],
    },
  });
  if (replicas > 1 || role !== 'writable') {
    new k8s.KubePodDisruptionBudget(scope, `${role}-pdb`, {
      metadata: { name, namespace: o.namespace, labels: l },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: l } },
    });
  }
}

/**
 * Adds one Milvus release (~30 objects) to `app`.
 * @param {import('cdk8s').App} app
 * @param {{name:string,namespace:string,version?:string,readonlyReplicas?:number,cacheSize?:string,cpu?:string,memory?:string,dbUser?:string,nfsServer?:string}} opts
 */
function addRelease(app, opts) {
  const o = Object.assign({
    version: '1.1.1-cpu-d061621-330cc6', readonlyReplicas: 2, cacheSize: '4GB', cpu: '1', memory: '4Gi',
    dbUser: 'milvus', nfsServer: '10.0.0.4', nfsPath: '/srv/nfs/milvus',
  }, opts);
  const chart = new Chart(app, o.name, { namespace: o.namespace, labels: { 'app.kubernetes.io/part-of': o.name } });
  const ns = o.namespace;

  // --- NFS provisioner (7) ---
  const nfsL = labels(o.name, 'nfs-provisioner');
  const nfsName = `${o.name}-nfs-provisioner`;
  new k8s.KubeServiceAccount(chart, 'nfs-sa', { metadata: { name: nfsName, namespace: ns, labels: nfsL }, automountServiceAccountToken: true });
  new k8s.KubeClusterRole(chart, 'nfs-cr', {
    metadata: { name: `${ns}-${nfsName}`, labels: nfsL },
    rules: [
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
    ],
  });
  new k8s.KubeClusterRoleBinding(chart, 'nfs-crb', {
    metadata: { name: `${ns}-${nfsName}`, labels: nfsL },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${ns}-${nfsName}` },
    subjects: [{ kind: 'ServiceAccount', name: nfsName, namespace: ns }],
  });
  new k8s.KubeRole(chart, 'nfs-role', {
    metadata: { name: nfsName, namespace: ns, labels: nfsL },
    rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }],
  });
  new k8s.KubeRoleBinding(chart, 'nfs-rb', {
    metadata: { name: nfsName, namespace: ns, labels: nfsL },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: nfsName },
    subjects: [{ kind: 'ServiceAccount', name: nfsName, namespace: ns }],
  });
  new k8s.KubeStorageClass(chart, 'nfs-sc', {
    metadata: { name: `${ns}-${o.name}-nfs`, labels: nfsL },
    provisioner: `cluster.local/${nfsName}`,
    reclaimPolicy: 'Retain', allowVolumeExpansion: true, volumeBindingMode: 'Immediate',
    parameters: { archiveOnDelete: 'true' },
  });
  new k8s.KubeDeployment(chart, 'nfs-deploy', {
    metadata: { name: nfsName, namespace: ns, labels: nfsL },
    spec: {
      replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: nfsL },
      template: {
        metadata: { labels: nfsL },
        spec: {
          serviceAccountName: nfsName,
          containers: [{
            name: 'nfs-client-provisioner', image: 'quay.io/external_storage/nfs-client-provisioner:v3.1.0-k8s1.11',
            env: [
              { name: 'PROVISIONER_NAME', value: `cluster.local/${nfsName}` },
              { name: 'NFS_SERVER', value: o.nfsServer }, { name: 'NFS_PATH', value: o.nfsPath },
            ],
            volumeMounts: [{ name: 'nfs-client-root', mountPath: '/persistentvolumes' }],
            resources: res('100m', '128Mi'), securityContext: secCtx(),
          }],
          volumes: [{ name: 'nfs-client-root', nfs: { server: o.nfsServer, path: o.nfsPath } }],
        },
      },
    },
  });

  // --- MySQL (7) ---
  const myL = labels(o.name, 'mysql');
  const my = `${o.name}-mysql`;
  new k8s.KubeSecret(chart, 'mysql-secret', {
    metadata: { name: my, namespace: ns, labels: myL }, type: 'Opaque',
    stringData: { 'mysql-root-password': 'placeholder-root', 'mysql-password': 'placeholder-user' },
  });
  new k8s.KubeConfigMap(chart, 'mysql-config', {
    metadata: { name: `${my}-configuration`, namespace: ns, labels: myL },
    data: { 'mysql.cnf': '[mysqld]\npid-file=/var/run/mysqld/mysqld.pid\nnice=0\nsecure_file_priv=\nlog_bin_trust_function_creators=1\nmax_connections=1000\n' },
  });
  new k8s.KubeConfigMap(chart, 'mysql-init', {
    metadata: { name: `${my}-initialization`, namespace: ns, labels: myL },
    data: { 'init.sql': 'CREATE DATABASE IF NOT EXISTS milvus;\n' },
  });
  new k8s.KubeStatefulSet(chart, 'mysql-sts', {
    metadata: { name: my, namespace: ns, labels: myL },
    spec: {
      serviceName: my, replicas: 1, selector: { matchLabels: myL },
      template: {
        metadata: { labels: myL },
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            name: 'mysql', image: 'mysql:5.7.30', imagePullPolicy: 'IfNotPresent',
            env: [
              { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: my, key: 'mysql-root-password' } } },
              { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: my, key: 'mysql-password' } } },
              { name: 'MYSQL_USER', value: o.dbUser }, { name: 'MYSQL_DATABASE', value: 'milvus' },
            ],
            ports: [{ name: 'mysql', containerPort: 3306 }],
            livenessProbe: { exec: { command: ['sh', '-c', 'mysqladmin ping -u root -p${MYSQL_ROOT_PASSWORD}'] }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5 },
            readinessProbe: { exec: { command: ['sh', '-c', 'mysqladmin ping -u root -p${MYSQL_ROOT_PASSWORD}'] }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1 },
            resources: res('500m', '1Gi'),
            volumeMounts: [
              { name: 'data', mountPath: '/var/lib/mysql' },
              { name: 'configurations', mountPath: '/etc/mysql/conf.d/mysql.cnf', subPath: 'mysql.cnf' },
              { name: 'migrations', mountPath: '/docker-entrypoint-initdb.d' },
            ],
          }],
          volumes: [
            { name: 'configurations', configMap: { name: `${my}-configuration` } },
            { name: 'migrations', configMap: { name: `${my}-initialization` } },
          ],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: `${ns}-${o.name}-nfs`, resources: { requests: { storage: k8s.Quantity.fromString('50Gi') } } },
      }],
    },
  });
  new k8s.KubeService(chart, 'mysql-svc', {
    metadata: { name: my, namespace: ns, labels: myL },
    spec: { clusterIp: 'None', selector: myL, ports: [{ name: 'mysql', port: 3306, targetPort: k8s.IntOrString.fromString('mysql') }] },
  });
  new k8s.KubeNetworkPolicy(chart, 'mysql-netpol', {
    metadata: { name: my, namespace: ns, labels: myL },
    spec: {
      podSelector: { matchLabels: myL }, policyTypes: ['Ingress'],
      ingress: ['writable', 'readonly', 'mishards'].map((c) => ({
        from: [{ podSelector: { matchLabels: labels(o.name, c) } }],
        ports: [{ port: k8s.IntOrString.fromNumber(3306), protocol: 'TCP' }],
      })),
    },
  });
  new k8s.KubePersistentVolumeClaim(chart, 'milvus-pvc', {
    metadata: { name: `${o.name}-milvus`, namespace: ns, labels: labels(o.name, 'milvus') },
    spec: { accessModes: ['ReadWriteMany'], storageClassName: `${ns}-${o.name}-nfs`, resources: { requests: { storage: k8s.Quantity.fromString('50Gi') } } },
  });

  // --- Milvus writable + readonly (4 + 5) ---
  new k8s.KubeServiceAccount(chart, 'milvus-sa', { metadata: { name: `${o.name}-milvus`, namespace: ns }, automountServiceAccountToken: false });
  milvusDeployment(chart, o, 'writable', 1);
  milvusDeployment(chart, o, 'readonly', o.readonlyReplicas);

  // --- Mishards (4) ---
  const shL = labels(o.name, 'mishards');
  const sh = `${o.name}-milvus-mishards`;
  new k8s.KubeRole(chart, 'mishards-role', {
    metadata: { name: sh, namespace: ns, labels: shL },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
  });
  new k8s.KubeRoleBinding(chart, 'mishards-rb', {
    metadata: { name: sh, namespace: ns, labels: shL },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sh },
    subjects: [{ kind: 'ServiceAccount', name: sh, namespace: ns }],
  });
  new k8s.KubeServiceAccount(chart, 'mishards-sa', { metadata: { name: sh, namespace: ns, labels: shL } });
  new k8s.KubeDeployment(chart, 'mishards', {
    metadata: { name: sh, namespace: ns, labels: shL },
    spec: {
      replicas: 1, selector: { matchLabels: shL },
      template: {
        metadata: { labels: shL },
        spec: {
          serviceAccountName: sh,
          containers: [{
            name: 'mishards', image: `milvusdb/mishards:${o.version}`,
            ports: [{ name: 'mishards', containerPort: 19530 }],
            env: [
              { name: 'SERVER_PORT', value: '19530' }, { name: 'WOSERVER', value: `tcp://${o.name}-milvus-writable:19530` },
              { name: 'DISCOVERY_PLUGIN_PATH', value: 'static' }, { name: 'DISCOVERY_STATIC_HOSTS', value: `${o.name}-milvus-readonly` },
              { name: 'SQLALCHEMY_DATABASE_URI', value: `mysql+pymysql://${o.dbUser}:$(MYSQL_PASSWORD)@${my}:3306/milvus?charset=utf8mb4` },
              { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: my, key: 'mysql-password' } } },
            ],
            resources: res('250m', '512Mi'), securityContext: secCtx(),
          }],
        },
      },
    },
  });
  new k8s.KubeService(chart, 'mishards-svc', {
    metadata: { name: `${o.name}-milvus`, namespace: ns, labels: shL },
    spec: { type: 'ClusterIP', selector: shL, ports: [{ name: 'milvus', port: 19530, targetPort: k8s.IntOrString.fromString('mishards') }] },
  });
  new k8s.KubePodDisruptionBudget(chart, 'mishards-pdb', {
    metadata: { name: sh, namespace: ns, labels: shL },
    spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: shL } },
  });
  return chart;
}

module.exports = { addRelease };
