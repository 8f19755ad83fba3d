/**
 * Where pods may run and how they survive node drains, decided the same way for every
 * workload of the library: validated scheduling fields, and — once a workload has two or
 * more replicas — preferred spreading over nodes plus a PodDisruptionBudget; below that the
 * single-replica exemptions (a PDB on one pod would block every drain).
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

/** `affinity` plus preferred anti-affinity on `kubernetes.io/hostname` once scaled out, unless the user chose one. */
export function spreadOverNodes(replicas: number, podSelector: Record<string, string>, affinity?: k8s.Affinity): k8s.Affinity | undefined {
  if (replicas < SCALED_OUT || affinity?.podAntiAffinity) { return affinity; }
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

/** The exemptions a single-replica Deployment carries instead of a PDB and spreading. */
export function singleReplicaExemptions(replicas: number): LintExemptionId[] {
  return replicas < SCALED_OUT ? ['single-replica-by-choice', 'no-pdb-single-replica'] : [];
}
