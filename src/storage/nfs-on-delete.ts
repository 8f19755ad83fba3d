/**
 * What the NFS provisioner does with a volume's directory when it deletes the
 * volume (StorageClass parameter `onDelete`; overrides `archiveOnDelete`).
 * Only used with `NfsReclaimPolicy.DELETE`.
 */
export enum NfsOnDelete {
  /** Leave the directory as it is. */
  RETAIN = 'retain',
  /** Remove the directory and everything in it (data loss: needs `allowDataLoss`). */
  DELETE = 'delete',
}
