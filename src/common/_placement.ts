/**
 * Where pods may run and how they survive node drains, decided the same way for every
 * workload of the library: validated scheduling fields, preferred spreading over nodes, and —
 * once a workload has two or more replicas — a PodDisruptionBudget; below that the
 * single-replica exemptions (a PDB on one pod would block every drain), on the workload only.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LintExemptionId } from './_exemptions';
import { tolerations } from './_scheduling-checks';
import * as check from './_validators';
import { PodPlacementOptions } from './pod-placement-options';

/** From this many replicas a workload is spread over nodes and gets a PodDisruptionBudget. */
export const SCALED_OUT = 2;

/** The validated scheduling fields of a pod spec; `prefix` is the props' path (`''`, `'mysql.'`, ...). */
export function placement(prefix: string, props: PodPlacementOptions): PodPlacementOptions {
  const nodeSelector = props.nodeSelector === undefined ? undefined : check.labels(`${prefix}nodeSelector`, props.nodeSelector);
  return {
    nodeSelector: nodeSelector && Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
    tolerations: props.tolerations === undefined ? undefined : tolerations(`${prefix}tolerations`, props.tolerations),
    priorityClassName: props.priorityClassName === undefined ? undefined : check.dnsSubdomain(`${prefix}priorityClassName`, props.priorityClassName),
  };
}

/**
 * `affinity` plus preferred anti-affinity on `kubernetes.io/hostname`, unless the user chose one.
 * Also for one replica, where it changes nothing: the pod template must not depend on the replica
 * count, or scaling out would restart every running pod.
 */
export function spreadOverNodes(podSelector: Record<string, string>, affinity?: k8s.Affinity): k8s.Affinity | undefined {
  if (affinity?.podAntiAffinity) { return affinity; }
  return {
    ...affinity,
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: podSelector } },
      }],
    },
  };
}

/** A PDB letting drains evict one pod at a time (never 0, never blocking unhealthy pods), once scaled out. */
export function disruptionBudget(scope: Construct, id: string, replicas: number, metadata: k8s.ObjectMeta,
  podSelector: Record<string, string>): k8s.KubePodDisruptionBudget | undefined {
  if (replicas < SCALED_OUT) { return undefined; }
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata,
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: podSelector },
    },
  });
}

const SINGLE_REPLICA: LintExemptionId[] = ['single-replica-by-choice', 'no-pdb-single-replica'];

/** The exemptions a single-replica Deployment carries instead of a PDB. */
export function singleReplicaExemptions(replicas: number): LintExemptionId[] {
  return replicas < SCALED_OUT ? [...SINGLE_REPLICA] : [];
}

/** The exemptions that may go on a pod template: none that depends on the replica count (scaling must not restart pods). */
export function podTemplateExemptions(ids: LintExemptionId[]): LintExemptionId[] {
  return ids.filter(id => !SINGLE_REPLICA.includes(id));
}
