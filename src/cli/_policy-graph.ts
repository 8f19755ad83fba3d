/**
 * The connections a set of synthesized NetworkPolicies allows, as the Kubernetes API defines them
 * (kubernetes.io/docs/concepts/services-networking/network-policies): a pod selected by a policy
 * of a direction accepts only what some such policy allows; policies add up; a connection between
 * two pods needs the source's egress and the destination's ingress. Read from plain manifests
 * (`chart.toJson()`), so the `diagram` command draws exactly what the YAML says.
 */

/** A pod template of a workload: what a policy or a Service selects. */
export interface PodGroup {
  readonly id: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Container port names → `PROTOCOL/number`, for named ports in policies. */
  readonly namedPorts: Record<string, string>;
}

/** Anything outside the synthesized workloads that a rule names. */
export interface OutsidePeer {
  readonly key: string;
  readonly label: string;
}

export interface Connection {
  readonly from: string;
  readonly to: string;
  /** `TCP/19530`, ... or `any port`. */
  readonly ports: string[];
}

const ANY = 'any port';

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined;

/** Whether a label selector selects these labels (an empty selector selects everything). */
export function selects(selector: Selector, labels: Record<string, string>): boolean {
  if (!selector) { return true; }
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) { return false; }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    const ok = e.operator === 'In' ? inValues
      : e.operator === 'NotIn' ? !inValues
        : e.operator === 'Exists' ? has
          : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) { return false; }
  }
  return true;
}

function describeSelector(selector: Selector): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) { parts.push(`${e.key} ${e.operator} ${(e.values ?? []).join(',')}`.trim()); }
  return parts.length ? parts.join(', ') : 'all';
}

/** The namespace a namespaceSelector names by its automatic `kubernetes.io/metadata.name` label, if only that. */
function namedNamespace(selector: Selector): string | undefined {
  const labels = selector?.matchLabels ?? {};
  const keys = Object.keys(labels);
  return keys.length === 1 && keys[0] === 'kubernetes.io/metadata.name' && !selector?.matchExpressions?.length ? labels[keys[0]] : undefined;
}

interface Rule { peers?: any[]; ports?: any[] }

interface Resolved {
  /** Workloads a rule's peers match. */
  readonly groups: PodGroup[];
  /** Peers outside the workloads. */
  readonly outside: OutsidePeer[];
}

/** Which workloads and outside peers a rule's `from` / `to` list names. */
function resolvePeers(peers: any[] | undefined, policyNamespace: string, groups: PodGroup[], anyLabel: string): Resolved {
  if (!peers || peers.length === 0) {
    return { groups, outside: [{ key: `any:${anyLabel}`, label: anyLabel }] };
  }
  const matched = new Set<PodGroup>();
  const outside: OutsidePeer[] = [];
  for (const peer of peers) {
    if (peer.ipBlock) {
      const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : '';
      outside.push({ key: `cidr:${peer.ipBlock.cidr}${except}`, label: `${peer.ipBlock.cidr}${except}` });
      continue;
    }
    const ns = peer.namespaceSelector === undefined ? policyNamespace : namedNamespace(peer.namespaceSelector);
    const inside = groups.filter(g => (ns === undefined ? false : g.namespace === ns) && selects(peer.podSelector, g.labels));
    inside.forEach(g => matched.add(g));
    // Pods this run did not synthesize may match too (other apps, other namespaces).
    const where = peer.namespaceSelector === undefined ? `namespace ${policyNamespace}`
      : ns !== undefined ? `namespace ${ns}` : `namespaces ${describeSelector(peer.namespaceSelector)}`;
    if (inside.length === 0 || peer.namespaceSelector !== undefined && ns === undefined) {
      const pods = peer.podSelector === undefined || describeSelector(peer.podSelector) === 'all' ? 'any pod' : `pods ${describeSelector(peer.podSelector)}`;
      outside.push({ key: `pods:${where}:${describeSelector(peer.podSelector)}`, label: `${pods} in ${where}` });
    }
  }
  return { groups: [...matched], outside };
}

/** A rule's ports as `PROTOCOL/number` (named ports resolved on the destination), or [ANY]. */
function portsOf(rule: Rule, destination: PodGroup | undefined): string[] {
  if (!rule.ports || rule.ports.length === 0) { return [ANY]; }
  return rule.ports.map((p: any) => {
    const protocol = p.protocol ?? 'TCP';
    if (p.port === undefined) { return `${protocol}/any`; }
    if (typeof p.port === 'string' && !/^\d+$/.test(p.port)) {
      return destination?.namedPorts[p.port] ?? `${protocol}/${p.port}`;
    }
    const end = p.endPort ? `-${p.endPort}` : '';
    return `${protocol}/${p.port}${end}`;
  });
}

function intersect(a: string[], b: string[]): string[] {
  if (a.includes(ANY)) { return b; }
  if (b.includes(ANY)) { return a; }
  return a.filter(p => b.includes(p));
}

function union(into: Map<string, Set<string>>, key: string, ports: string[]) {
  const set = into.get(key) ?? new Set<string>();
  ports.forEach(p => set.add(p));
  into.set(key, set);
}

/**
 * Every connection the policies allow between the workloads, and from or to the outside peers
 * their rules name. Pairs that no policy isolates are left out (nothing restricts them).
 */
export function allowedConnections(policies: any[], groups: PodGroup[]): { connections: Connection[]; outside: OutsidePeer[] } {
  const isolated = (g: PodGroup, type: 'Ingress' | 'Egress') => policies.some(p => p.metadata.namespace === g.namespace
    && selects(p.spec.podSelector, g.labels) && policyTypes(p).includes(type));
  const outside = new Map<string, OutsidePeer>();
  const ingress = new Map<string, Set<string>>(); // `${fromKey}|${toId}`
  const egress = new Map<string, Set<string>>(); // `${fromId}|${toKey}`

  for (const policy of policies) {
    const ns = policy.metadata.namespace;
    const targets = groups.filter(g => g.namespace === ns && selects(policy.spec.podSelector, g.labels));
    const types = policyTypes(policy);
    if (types.includes('Ingress')) {
      for (const rule of policy.spec.ingress ?? []) {
        const r = resolvePeers(rule.from, ns, groups, 'any source');
        for (const t of targets) {
          r.groups.forEach(g => union(ingress, `${g.id}|${t.id}`, portsOf(rule, t)));
          r.outside.forEach(o => { outside.set(o.key, o); union(ingress, `${o.key}|${t.id}`, portsOf(rule, t)); });
        }
      }
    }
    if (types.includes('Egress')) {
      for (const rule of policy.spec.egress ?? []) {
        const r = resolvePeers(rule.to, ns, groups, 'any address');
        for (const s of targets) {
          r.groups.forEach(g => union(egress, `${s.id}|${g.id}`, portsOf(rule, g)));
          r.outside.forEach(o => { outside.set(o.key, o); union(egress, `${s.id}|${o.key}`, portsOf(rule, undefined)); });
        }
      }
    }
  }

  const connections: Connection[] = [];
  const add = (from: string, to: string, ports: string[]) => {
    if (ports.length > 0) { connections.push({ from, to, ports: [...new Set(ports)].sort() }); }
  };
  const allow = (map: Map<string, Set<string>>, key: string, isIsolated: boolean) => (isIsolated ? [...map.get(key) ?? []] : [ANY]);
  for (const a of groups) {
    for (const b of groups) {
      if (a === b) { continue; }
      const out = isolated(a, 'Egress');
      const inn = isolated(b, 'Ingress');
      if (!out && !inn) { continue; }
      add(a.id, b.id, intersect(allow(egress, `${a.id}|${b.id}`, out), allow(ingress, `${a.id}|${b.id}`, inn)));
    }
  }
  // The outside is not governed by these policies: one side decides.
  for (const [key, ports] of ingress) {
    const [from, to] = key.split('|');
    if (outside.has(from)) { add(from, to, [...ports]); }
  }
  for (const [key, ports] of egress) {
    const [from, to] = key.split('|');
    if (outside.has(to)) { add(from, to, [...ports]); }
  }
  const used = new Set(connections.flatMap(c => [c.from, c.to]));
  return { connections, outside: [...outside.values()].filter(o => used.has(o.key)) };
}

function policyTypes(policy: any): string[] {
  // The API's default: Ingress always, Egress when the policy has egress rules.
  return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
}
