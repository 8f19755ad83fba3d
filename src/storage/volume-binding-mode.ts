/**
 * When a claim of a StorageClass gets its volume (StorageClass `volumeBindingMode`).
 */
export enum VolumeBindingMode {
  /** Provision and bind as soon as the claim exists (the Kubernetes default and the tutorial's). */
  IMMEDIATE = 'Immediate',
  /** Wait until a pod that uses the claim is scheduled. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}
