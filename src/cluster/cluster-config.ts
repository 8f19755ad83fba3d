/**
 * The plain-data pieces of `MilvusClusterChartProps`: the shape of the CLI's config
 * file. Where a construct already has a plain-data options struct (`NfsProvisionerProps`,
 * `MySqlOptions`, `MilvusNodeOptions`, `MishardsOptions`, `ExternalMySqlProps`,
 * `CustomMilvusVersionOptions`) it is reused as is; these structs only add what the
 * typed API expresses with classes (credentials, storage refs). The plain shapes of exposure
 * and discovery live beside the classes they convert to (`Exposure.fromConfig`,
 * `MishardsDiscovery.fromConfig`).
 */
import { MySqlOptions } from '../metastore/mysql';
import { ClusterExposureConfig } from '../proxy/exposure';
import { MishardsOptions } from '../proxy/mishards';
import { ClusterDiscoveryConfig } from '../proxy/mishards-discovery';
import { NfsProvisionerProps } from '../storage/nfs-provisioner';

/** Where the shared ReadWriteMany data volume lives. Set `nfs` or `storageClassName`. */
export interface ClusterStorageConfig {
  /**
   * Create an NFS provisioner and its StorageClass (the tutorial's step one).
   * @default - none; `storageClassName` must name an existing ReadWriteMany class
   */
  readonly nfs?: NfsProvisionerProps;
  /**
   * An existing StorageClass for the shared data volume, instead of `nfs`.
   * @default - the NFS provisioner's class
   */
  readonly storageClassName?: string;
  /**
   * Declare that the existing `storageClassName` provisions ReadWriteMany volumes (required for it to be accepted).
   * @default false
   */
  readonly readWriteMany?: boolean;
  /**
   * Size of the shared data volume `<release>-milvus`.
   * @default '50Gi'
   */
  readonly size?: string;
  /**
   * An existing ReadWriteMany claim in `namespace` to use as the shared data volume, e.g. the
   * tutorial install's `my-release-milvus` or a restored copy. The release mounts it and never
   * creates, owns or deletes it (then leave out `storageClassName` and `size`; `nfs` stays optional).
   * @default - a new claim `<release>-milvus` of the NFS or `storageClassName` class
   */
  readonly existingClaim?: string;
}

/** The in-cluster MySQL: its options plus where its passwords come from. */
export interface ClusterMySqlConfig extends MySqlOptions {
  /**
   * An existing Secret holding the passwords (create it with `kubectl create secret generic`; see the README).
   * @default - `<release>-mysql` unless `rootPassword` and `password` are given
   */
  readonly existingSecret?: string;
  /**
   * Key of the root password in `existingSecret`.
   * @default 'mysql-root-password'
   */
  readonly rootPasswordKey?: string;
  /**
   * Key of the Milvus user's password in `existingSecret`.
   * @default 'mysql-password'
   */
  readonly passwordKey?: string;
  /**
   * Root password, rendered into a Secret (then the manifest contains it: keep the file private).
   * @default - read from `existingSecret`
   */
  readonly rootPassword?: string;
  /**
   * The Milvus user's password, rendered into a Secret together with `rootPassword`.
   * @default - read from `existingSecret`
   */
  readonly password?: string;
  /**
   * StorageClass of MySQL's volume. NFS is a poor home for a database: prefer block storage.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/** The Mishards proxy: its options plus exposure and discovery. */
export interface ClusterMishardsConfig extends MishardsOptions {
  /**
   * How the public Service is reachable.
   * @default - ClusterIP
   */
  readonly exposure?: ClusterExposureConfig;
  /**
   * How Mishards finds the readonly nodes.
   * @default - kubernetes discovery
   */
  readonly discovery?: ClusterDiscoveryConfig;
}
