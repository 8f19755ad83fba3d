/**
 * CPU, memory and ephemeral-storage requests and limits of one container.
 *
 * Every field is a Kubernetes quantity string. Fields left out take the
 * component's documented default, so a container never runs without requests
 * and limits (linters treat a missing limit as critical).
 */
export interface ContainerResources {
  /**
   * CPU request, e.g. `500m`.
   * @default - the component's default
   */
  readonly cpuRequest?: string;
  /**
   * CPU limit, e.g. `2`.
   * @default - the component's default
   */
  readonly cpuLimit?: string;
  /**
   * Memory request, e.g. `4Gi`.
   * @default - the component's default
   */
  readonly memoryRequest?: string;
  /**
   * Memory limit, e.g. `6Gi`.
   * @default - the component's default
   */
  readonly memoryLimit?: string;
  /**
   * Ephemeral-storage request, e.g. `100Mi`.
   * @default - the component's default
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Ephemeral-storage limit, e.g. `2Gi`.
   * @default - the component's default
   */
  readonly ephemeralStorageLimit?: string;
}
