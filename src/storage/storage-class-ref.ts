import * as check from '../common/_validators';

/**
 * A StorageClass that the Milvus constructs can put their volumes on: one created
 * by `NfsProvisioner`, or an existing one referenced by name.
 */
export interface IStorageClass {
  /** The StorageClass's `metadata.name`, written into PVCs' `storageClassName`. */
  readonly storageClassName: string;
  /**
   * Whether volumes of this class can be mounted read-write by many nodes at once
   * (`ReadWriteMany`). The shared Milvus data volume requires it.
   */
  readonly readWriteMany: boolean;
}

/** Options for referencing an existing StorageClass. */
export interface StorageClassRefOptions {
  /**
   * Declare that the class provisions `ReadWriteMany` volumes (NFS, CephFS, EFS, Azure Files...).
   * The shared Milvus data volume is rejected on a class that does not declare it.
   * @default false
   */
  readonly readWriteMany?: boolean;
}

/** References to StorageClasses this library does not create. */
export class StorageClassRef {
  /**
   * An existing StorageClass, by name.
   * @param storageClassName the class's `metadata.name`
   */
  public static fromName(storageClassName: string, options: StorageClassRefOptions = {}): IStorageClass {
    return {
      storageClassName: check.dnsSubdomain('storageClassName', storageClassName),
      readWriteMany: options.readWriteMany ?? false,
    };
  }

  private constructor() {}
}
