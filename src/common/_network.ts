/**
 * The ends of network paths that lie outside the release: the cluster DNS and the Kubernetes
 * API server. Every policy of the library reaches them through these, so a setting for
 * either (e.g. a cluster whose DNS runs elsewhere) changes one place.
 */
import { k8s } from 'cdk8s-plus-28';
import { outside, tcpPort, TrafficEnd, TrafficPath } from './_traffic';
import * as check from './_validators';
import { DnsEgressOptions } from './dns-egress-options';
import { propRef, ValidationError } from './validation-error';

const DEFAULT_DNS_NAMESPACE_LABELS = { 'kubernetes.io/metadata.name': 'kube-system' };
/** CoreDNS deployments keep kube-dns's label. */
const DEFAULT_DNS_POD_LABELS = { 'k8s-app': 'kube-dns' };
/** NodeLocal DNSCache's default listen address (`__PILLAR__LOCAL__DNS__` in cluster/addons/dns/nodelocaldns). */
export const NODE_LOCAL_DNS_CIDR = '169.254.20.10/32';

/** DNS over UDP and TCP (large answers fall back to TCP). */
const DNS_PORTS: k8s.NetworkPolicyPort[] = [
  { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
  { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
];

/**
 * The DNS servers the policies allow, from `DnsEgressOptions` (checked, reported under `prop`):
 * the cluster DNS pods by labels, and servers outside the pod network by CIDR. The default CIDR
 * is NodeLocal DNSCache's: it runs with hostNetwork, so no pod selector matches it
 * (kubernetes/kubernetes#70555, projectcalico/calico#3795, gardener/gardener#2745).
 */
export function dnsPeers(prop: string, options: DnsEgressOptions | undefined): k8s.NetworkPolicyPeer[] {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new ValidationError(prop, options, 'must be an object with namespaceLabels, podLabels and/or cidrs');
  }
  const o = options ?? {};
  const namespaceLabels = check.labels(`${prop}.namespaceLabels`, o.namespaceLabels ?? DEFAULT_DNS_NAMESPACE_LABELS);
  const podLabels = check.labels(`${prop}.podLabels`, o.podLabels ?? DEFAULT_DNS_POD_LABELS);
  if (Object.keys(namespaceLabels).length === 0 && Object.keys(podLabels).length === 0) {
    throw new ValidationError(`${prop}.podLabels`, o.podLabels,
      `with empty ${propRef(`${prop}.namespaceLabels`)} too, this would admit port 53 on every pod of the cluster: name the DNS pods' labels`);
  }
  if (o.cidrs !== undefined && !Array.isArray(o.cidrs)) {
    throw new ValidationError(`${prop}.cidrs`, o.cidrs, `must be a list of CIDR blocks, e.g. ["${NODE_LOCAL_DNS_CIDR}", "10.96.0.10/32"]`);
  }
  const cidrs = (o.cidrs ?? [NODE_LOCAL_DNS_CIDR]).map((c, i) => check.cidr(`${prop}.cidrs[${i}]`, c));
  return [
    { namespaceSelector: { matchLabels: namespaceLabels }, podSelector: { matchLabels: podLabels } },
    ...cidrs.map(cidr => ({ ipBlock: { cidr } })),
  ];
}

/** `from` resolves names through the DNS servers `peers` (from `dnsPeers`). */
export function dnsPath(what: string, from: TrafficEnd, peers: k8s.NetworkPolicyPeer[]): TrafficPath {
  return { what, from, to: outside(peers), ports: DNS_PORTS };
}

/** `from` calls the Kubernetes API server: at the given CIDRs, or any address on its ports (its IPs are cluster-specific). */
export function apiServerPath(what: string, from: TrafficEnd, cidrs: string[] | undefined, ports: number[]): TrafficPath {
  return { what, from, to: outside(cidrs?.map(cidr => ({ ipBlock: { cidr } }))), ports: ports.map(tcpPort) };
}

/** The API server's usual ports: 443 behind the `kubernetes` Service, 6443 on the control-plane nodes. */
export const DEFAULT_API_SERVER_PORTS = [443, 6443];
