import { databaseName, secretKeyRef, userName } from './_mysql-checks';
import { IMetaStore, SecretKeyRef } from './meta-store';
import * as check from '../common/_validators';

/** Prefix of every property path `ExternalMySql` reports in errors. */
const PROP = 'externalMySql';

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
   * may only contain `A-Z a-z 0-9 . _ ~ -`, or the connection URIs break.
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
    this.host = check.host(`${PROP}.host`, props.host);
    this.port = check.port(`${PROP}.port`, props.port ?? 3306);
    this.database = databaseName(`${PROP}.database`, props.database ?? 'milvus');
    this.user = userName(`${PROP}.user`, props.user);
    this.passwordSecret = secretKeyRef(`${PROP}.passwordSecret`, props.passwordSecret);
    this.podSelector = undefined;
  }

  /** No effect: an external store is not governed by this cluster's NetworkPolicies. */
  public allowClients(_podLabels: Record<string, string>): void {
    // Intentionally empty; see the class documentation.
  }
}
