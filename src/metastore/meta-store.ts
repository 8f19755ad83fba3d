/**
 * A reference to one key of a Kubernetes Secret.
 */
export interface SecretKeyRef {
  /** The Secret's `metadata.name` (same namespace as the consumer). */
  readonly secretName: string;
  /** The key inside the Secret. */
  readonly key: string;
}

/**
 * What Milvus and Mishards need to reach their MySQL metadata store. The password
 * is never known at synth time: consumers read it from `passwordSecret` when the
 * pod starts.
 */
export interface IMetaStore {
  /** DNS name or IP that pods connect to, e.g. `my-release-mysql`. */
  readonly host: string;
  /** TCP port, usually 3306. */
  readonly port: number;
  /** Database that holds Milvus's tables, e.g. `milvus`. */
  readonly database: string;
  /** The user Milvus and Mishards connect as (never `root` for a store this library creates). */
  readonly user: string;
  /** Where that user's password lives. */
  readonly passwordSecret: SecretKeyRef;
  /**
   * Labels that select the MySQL pods, when the store runs in this cluster
   * (used for NetworkPolicy egress rules); `undefined` for an external MySQL.
   */
  readonly podSelector?: Record<string, string>;

  /**
   * Admit connections from pods with these labels (adds a NetworkPolicy ingress
   * rule on an in-cluster store; no effect on an external one).
   */
  allowClients(podLabels: Record<string, string>): void;
}
