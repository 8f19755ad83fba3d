/**
 * The release's traffic table: every network path between the parts of a Milvus cluster,
 * each written once with both halves (the egress of the pods that connect, the ingress of
 * the pods they reach). Everything else is denied: `default-deny` selects every pod of the
 * release. The MySQL half of "nodes → MySQL" is admitted at the MySQL construct, which
 * renders its own policy (it can also run without a cluster).
 *
 * A new path is one new row of `releaseTraffic`; a new part, one new group.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LABEL_INSTANCE } from '../common/_labels';
import { apiServerPath, dnsPath } from '../common/_network';
import {
  admitAtSelfGovernedEnds, outside, PodGroup, PolicyMetadata, pods, renderPolicies, selfGoverned, tcpPort, TrafficPath,
} from '../common/_traffic';

export interface PolicyPeers {
  /** CIDR blocks, e.g. the nodes' range for NodePort traffic. */
  readonly cidrs?: string[];
  /** Pod labels (same namespace). */
  readonly podLabels?: Record<string, string>;
  /** Namespace labels (pods of any namespace matching them). */
  readonly namespaceLabels?: Record<string, string>;
}

/** What the table needs to know about the parts. */
export interface ReleaseParts {
  readonly releaseName: string;
  readonly writable: PartPods;
  readonly readonly: PartPods;
  readonly enginePort: number;
  readonly mishards: PartPods & { readonly port: number; readonly usesApiServer: boolean; readonly staticHostsPort?: number };
  readonly metaStore: { readonly podSelector?: Record<string, string>; readonly port: number; allowClients(podLabels: Record<string, string>): void };
  /** The DNS servers (`dnsPeers`). */
  readonly dnsPeers: k8s.NetworkPolicyPeer[];
  /** The smoke test's pods (issue 14), when there is one: a client of Mishards and nothing else. */
  readonly smokeTest?: PartPods;
  /** Where the API server is; `undefined` allows its ports to any address (cluster-specific IPs). */
  readonly apiServerCidrs?: string[];
  readonly apiServerPorts: number[];
  /** Who may reach Mishards; `undefined` = any source (NodePort/LoadBalancer traffic is often SNATed). */
  readonly clients?: PolicyPeers;
}

export interface PartPods {
  readonly podSelector: Record<string, string>;
  /** Where a node pushes metrics (`metric.address`, `metric.port`): peers (`undefined`: any address) and port. */
  readonly metricsPush?: { readonly peers?: k8s.NetworkPolicyPeer[]; readonly port: number };
}

const both = { ingress: true, egress: true };

export function releaseTraffic(parts: ReleaseParts): { groups: PodGroup[]; paths: TrafficPath[] } {
  const release = { [LABEL_INSTANCE]: parts.releaseName };
  const everyPod: PodGroup = { key: 'default-deny', selector: release, governs: both };
  const resolving: PodGroup = { key: 'allow-dns', selector: release, governs: { ingress: false, egress: true } };
  const writable: PodGroup = { key: parts.writable.podSelector.component, selector: parts.writable.podSelector, governs: both };
  const readonly: PodGroup = { key: parts.readonly.podSelector.component, selector: parts.readonly.podSelector, governs: both };
  const mishards: PodGroup = { key: 'mishards', selector: parts.mishards.podSelector, governs: both };
  const smokeTest: PodGroup | undefined = parts.smokeTest && { key: 'smoke-test', selector: parts.smokeTest.podSelector, governs: both };
  const nodes = pods(writable, readonly);
  const metaStore = selfGoverned(parts.metaStore.podSelector, labels => parts.metaStore.allowClients(labels));
  const metrics = (from: PodGroup, push: PartPods['metricsPush']): TrafficPath[] => (push === undefined ? []
    : [{ what: `the ${from.key} node pushes metrics to its Pushgateway`, from: pods(from), to: outside(push.peers), ports: [tcpPort(push.port)] }]);

  const paths: TrafficPath[] = [
    dnsPath('every pod resolves names (Services, the MySQL host)', pods(resolving), parts.dnsPeers),
    { what: 'Mishards dials the nodes (discovered pod IPs, and the writable Service)', from: pods(mishards), to: nodes, ports: [tcpPort(parts.enginePort)] },
    { what: 'the nodes keep their metadata in MySQL', from: nodes, to: metaStore, ports: [tcpPort(parts.metaStore.port)] },
    { what: 'Mishards reads segment files from MySQL', from: pods(mishards), to: metaStore, ports: [tcpPort(parts.metaStore.port)] },
    ...metrics(writable, parts.writable.metricsPush),
    ...metrics(readonly, parts.readonly.metricsPush),
    // Static hosts may live outside the release (no pod selector reaches them): their port, any address.
    ...(parts.mishards.staticHostsPort === undefined ? [] : [{ what: 'Mishards dials static readonly hosts', from: pods(mishards), to: outside(undefined), ports: [tcpPort(parts.mishards.staticHostsPort)] }]),
    ...(parts.mishards.usesApiServer ? [apiServerPath('Mishards watches the readonly pods (kubernetes discovery)', pods(mishards), parts.apiServerCidrs, parts.apiServerPorts)] : []),
    { what: 'clients call Mishards', from: outside(clientPeers(parts.clients)), to: pods(mishards), ports: [tcpPort(parts.mishards.port)] },
    ...(smokeTest ? [{ what: 'the smoke test calls Mishards as a client does', from: pods(smokeTest), to: pods(mishards), ports: [tcpPort(parts.mishards.port)] }] : []),
  ];
  return { groups: [everyPod, resolving, writable, readonly, mishards, ...(smokeTest ? [smokeTest] : [])], paths };
}

/** Admits the release's pods where the paths end at a part with its own policy (an in-cluster MySQL). */
export function admitReleaseClients(parts: ReleaseParts): void {
  admitAtSelfGovernedEnds(releaseTraffic(parts).paths);
}

/** Renders the release's policies (`<release>-milvus-<group>`); returns their names. */
export function renderReleasePolicies(scope: Construct, parts: ReleaseParts, meta: PolicyMetadata): string[] {
  const { groups, paths } = releaseTraffic(parts);
  return renderPolicies(new Construct(scope, 'NetworkPolicies'), meta, groups, paths).map(p => p.name);
}

function clientPeers(c: PolicyPeers | undefined): k8s.NetworkPolicyPeer[] | undefined {
  if (!c) { return undefined; }
  const peers: k8s.NetworkPolicyPeer[] = (c.cidrs ?? []).map(cidr => ({ ipBlock: { cidr } }));
  if (c.podLabels || c.namespaceLabels) {
    peers.push({
      podSelector: c.podLabels ? { matchLabels: c.podLabels } : undefined,
      namespaceSelector: c.namespaceLabels ? { matchLabels: c.namespaceLabels } : undefined,
    });
  }
  return peers;
}
