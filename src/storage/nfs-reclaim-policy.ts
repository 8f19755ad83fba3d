/**
 * What Kubernetes does with a provisioned NFS volume when its claim is deleted
 * (StorageClass `reclaimPolicy`).
 */
export enum NfsReclaimPolicy {
  /**
   * Keep the PersistentVolume and its directory (the PV goes `Released`); the
   * provisioner is never called, so nothing is deleted or archived. The safe default.
   */
  RETAIN = 'Retain',
  /**
   * Delete the PersistentVolume and call the provisioner, which archives, keeps or
   * removes the directory according to `onDelete` / `archiveOnDelete`.
   */
  DELETE = 'Delete',
}
