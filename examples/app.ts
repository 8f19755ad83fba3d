/**
 * A cdk8s app that builds a Milvus 1.1.1 cluster with the typed constructs: a new NFS
 * provisioner for the shared data volume, an in-cluster MySQL on block storage, three
 * readonly nodes and two Mishards behind a LoadBalancer.
 *
 * In your own project: `npm install cdk8s-milvus cdk8s cdk8s-plus-28 constructs`, then
 * `npx ts-node app.ts` writes dist/vectors.k8s.yaml. In this repository the test suite
 * type-checks and runs it against the library (test/cli/example-app.test.ts).
 */
import { App, Chart } from 'cdk8s';
import {
  Exposure, MilvusCluster, MilvusLogLevel, MilvusVersion, MySql, MySqlCredentials, NfsProvisioner, StorageClassRef,
} from 'cdk8s-milvus';
import { Construct } from 'constructs';

const RELEASE = 'vectors';

export class SearchChart extends Chart {
  public readonly cluster: MilvusCluster;
  public readonly nfs: NfsProvisioner;
  public readonly mysql: MySql;

  public constructor(scope: Construct, id: string) {
    // Every construct takes its namespace from the chart.
    super(scope, id, { namespace: 'search' });

    this.nfs = new NfsProvisioner(this, 'Nfs', {
      server: '10.20.0.5',
      path: '/exports/milvus',
      mountOptions: ['hard', 'nfsvers=4.1'],
    });

    // Create the Secret first: kubectl -n search create secret generic vectors-mysql
    //   --from-literal=mysql-root-password=... --from-literal=mysql-password=...
    this.mysql = new MySql(this, 'MySql', {
      releaseName: RELEASE,
      credentials: MySqlCredentials.fromExistingSecret(`${RELEASE}-mysql`),
      storageClass: StorageClassRef.fromName('gp3'), // block storage for InnoDB
      storageSize: '20Gi',
    });

    this.cluster = new MilvusCluster(this, 'Milvus', {
      releaseName: RELEASE,
      version: MilvusVersion.V1_1_1,
      storageClass: this.nfs.storageClass,
      dataVolumeSize: '500Gi',
      metaStore: this.mysql,
      writable: { config: { logs: { level: MilvusLogLevel.INFO, logToStdout: true } } },
      readonly: { replicas: 3, resources: { memoryRequest: '16Gi', memoryLimit: '24Gi' } },
      mishards: { replicas: 2 },
      exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }),
      networkPolicies: { clients: { cidrs: ['10.20.0.0/16'] } },
    });
  }
}

if (require.main === module) {
  const app = new App();
  const chart = new SearchChart(app, RELEASE);
  app.synth();
  process.stdout.write(`clients connect to ${chart.cluster.endpointHost}:${chart.cluster.endpointPort}\n`);
}
