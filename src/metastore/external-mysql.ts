import { databaseName, secretKeyRef, userName } from './_mysql-checks';
import { IMetaStore, SecretKeyRef } from './meta-store';
import { ProblemCollector } from '../common/_config-paths';
import * as check from '../common/_validators';
import { ValidationError } from '../common/validation-error';

/** Connection details of a MySQL that already exists outside this library. */
export interface ExternalMySqlProps {
  /** DNS name or IP address Milvus and Mishards connect to, e.g. `mysql.db.svc.cluster.local` or `10.0.0.12`. */
  readonly host: string;
  /**
   * TCP port.
   * @default 3306
   */
  readonly port?: number;
  /**
   * Database that holds Milvus's tables; it must exist and the user must have all rights on it.
   * @default 'milvus'
   */
  readonly database?: string;
  /** The user Milvus and Mishards connect as (not `root`). */
  readonly user: string;
  /**
   * The Secret key (in the cluster's namespace) holding that user's password. The password
   * may only contain `A-Z a-z 0-9 . _ ~ ! * + = , ^ -` (what Milvus's `meta_uri` carries unchanged);
   * the nodes refuse to start with any other.
   */
  readonly passwordSecret: SecretKeyRef;
}

/**
 * A MySQL metadata store that this library does not create (a managed database, or
 * one shared with other systems). Nothing is synthesized for it: it only tells the
 * Milvus and Mishards constructs where to connect.
 *
 * Restricting who may reach it is up to that database's own firewall; in-cluster
 * NetworkPolicies cannot select it, so `allowClients` does nothing.
 */
export class ExternalMySql implements IMetaStore {
  public readonly host: string;
  public readonly port: number;
  public readonly database: string;
  public readonly user: string;
  public readonly passwordSecret: SecretKeyRef;
  /** Always `undefined`: the store's pods are not in this cluster. */
  public readonly podSelector?: Record<string, string>;

  public constructor(props: ExternalMySqlProps) {
    if (props === null || typeof props !== 'object') {
      throw new ValidationError('props', props, 'an ExternalMySqlProps object { host, user, passwordSecret } is required');
    }
    // Every prop is checked, so one error lists every problem.
    const problems = new ProblemCollector();
    this.host = problems.check(() => check.host('host', props.host));
    this.port = problems.check(() => check.port('port', props.port ?? 3306));
    this.database = problems.check(() => check.orDefault('database', props.database, 'milvus', databaseName));
    this.user = problems.check(() => userName('user', props.user));
    this.passwordSecret = problems.check(() => secretKeyRef('passwordSecret', props.passwordSecret));
    this.podSelector = undefined;
    problems.throwIfAny();
  }

  /** No effect: an external store is not governed by this cluster's NetworkPolicies. */
  public allowClients(_podLabels: Record<string, string>): void {
    // Intentionally empty; see the class documentation.
  }
}
