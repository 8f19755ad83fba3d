import { k8s } from 'cdk8s-plus-28';

/**
 * Where a part's pods may be scheduled: the fields every workload of the library takes, checked
 * the same way for each (labels, tolerations and the class name as the API server checks them).
 */
export interface PodPlacementOptions {
  /**
   * Node labels the pods must run on (e.g. nodes with local SSDs for MySQL, GPU nodes for Milvus).
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations of the pods (e.g. for dedicated or GPU node taints).
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
}
