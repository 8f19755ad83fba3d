/**
 * Network paths as data: each path (who connects, to whom, on which ports) is written once,
 * and both halves come from it — the egress rule of the pods that connect and the ingress
 * rule of the pods they reach. A construct lists the paths of its pods and renders one
 * NetworkPolicy per pod group; `renderPolicies` never decides a path itself.
 *
 * NetworkPolicies only take effect with a CNI that enforces them. Kubelet probes and the
 * kubelet's NFS mounts come from the node and are never blocked.
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Pods that one NetworkPolicy (named `<base>-<key>`, or `<base>` for key `''`) selects. */
export interface PodGroup {
  readonly key: string;
  readonly selector: Record<string, string>;
  /** Which directions the group's policy governs: a governed direction without paths is denied. */
  readonly governs: { readonly ingress: boolean; readonly egress: boolean };
}

/** One end of a path: pods of a group this table renders, or a place outside it. */
export interface TrafficEnd {
  /** Groups whose policies render this end's half. */
  readonly groups?: PodGroup[];
  /** How the other end's rule names this end; `undefined` means any address. */
  readonly peers?: k8s.NetworkPolicyPeer[];
  /** For an end that renders its own policy (an in-cluster MySQL): admit the connecting pods there. */
  readonly admit?: (podLabels: Record<string, string>) => void;
}

export interface TrafficPath {
  /** Why the path exists, for readers of the table. */
  readonly what: string;
  readonly from: TrafficEnd;
  readonly to: TrafficEnd;
  readonly ports: k8s.NetworkPolicyPort[];
}

const podPeer = (selector: Record<string, string>): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: { ...selector } } });

/** The pods of these groups, as a path end. */
export function pods(...groups: PodGroup[]): TrafficEnd {
  return { groups, peers: groups.map(g => podPeer(g.selector)) };
}

/** Places outside the table, named by peers (`undefined`: any address). */
export function outside(peers: k8s.NetworkPolicyPeer[] | undefined): TrafficEnd {
  return { peers };
}

/** Pods that are not in a group of the table (e.g. the clients a MySQL admits). */
export function podsWithLabels(selectors: Array<Record<string, string>>): TrafficEnd {
  return { peers: selectors.map(podPeer) };
}

/** An in-cluster MySQL (or any store) that renders its own ingress: the table only admits the pods that connect. */
export function selfGoverned(selector: Record<string, string> | undefined, admit: (podLabels: Record<string, string>) => void): TrafficEnd {
  return { peers: selector ? [podPeer(selector)] : undefined, admit };
}

export function tcpPort(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/**
 * Admits, at every self-governed end (`admit`), the groups that connect to it. Run whether or
 * not the table's own policies are rendered: the MySQL's policy is its own setting.
 */
export function admitAtSelfGovernedEnds(paths: TrafficPath[]): void {
  for (const path of paths) {
    if (!path.to.admit) { continue; }
    for (const group of path.from.groups ?? []) { path.to.admit(group.selector); }
  }
}

export interface PolicyMetadata {
  /** `<base>-<key>` names each group's policy (`<base>` alone for key `''`). */
  readonly base: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/**
 * One NetworkPolicy per group, in the groups' order: its ingress rules are the paths that end
 * at the group, its egress rules the paths that start there, in the paths' order. Rules of the
 * same direction and ports are merged into one (their peers are alternatives either way).
 * `paths` may be a function, read at synthesis (for ends admitted after construction).
 */
export function renderPolicies(scope: Construct, meta: PolicyMetadata, groups: PodGroup[],
  paths: TrafficPath[] | (() => TrafficPath[])): k8s.KubeNetworkPolicy[] {
  const read = typeof paths === 'function' ? paths : () => paths;
  return groups.map(group => new k8s.KubeNetworkPolicy(scope, group.key || 'NetworkPolicy', {
    metadata: { name: group.key ? `${meta.base}-${group.key}` : meta.base, namespace: meta.namespace, labels: meta.labels },
    spec: lazySpec(group, read, typeof paths === 'function'),
  }));
}

function lazySpec(group: PodGroup, read: () => TrafficPath[], lazy: boolean): k8s.NetworkPolicySpec {
  const spec = (): k8s.NetworkPolicySpec => {
    const all = read();
    const ingress = merge(all.filter(p => p.to.groups?.includes(group)).map(p => ({ from: p.from.peers, ports: p.ports })), 'from');
    const egress = merge(all.filter(p => p.from.groups?.includes(group)).map(p => ({ to: p.to.peers, ports: p.ports })), 'to');
    return {
      podSelector: { matchLabels: { ...group.selector } },
      policyTypes: [...(group.governs.ingress ? ['Ingress'] : []), ...(group.governs.egress ? ['Egress'] : [])],
      ingress: group.governs.ingress ? ingress : undefined,
      egress: group.governs.egress ? egress : undefined,
    };
  };
  return lazy ? Lazy.any({ produce: spec }) : spec();
}

type Rule = { from?: k8s.NetworkPolicyPeer[]; to?: k8s.NetworkPolicyPeer[]; ports: k8s.NetworkPolicyPort[] };

/** Rules with the same ports and named peers become one; a rule open to any address stays alone. */
function merge<R extends Rule>(rules: R[], side: 'from' | 'to'): R[] {
  const out: R[] = [];
  for (const rule of rules) {
    const same = rule[side] && out.find(o => o[side] && JSON.stringify(o.ports) === JSON.stringify(rule.ports));
    if (!same) { out.push({ ...rule, [side]: rule[side] && [...rule[side]!] }); continue; }
    for (const peer of rule[side]!) {
      if (!same[side]!.some(p => JSON.stringify(p) === JSON.stringify(peer))) { same[side]!.push(peer); }
    }
  }
  return out;
}
