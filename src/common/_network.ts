/**
 * The ends of network paths that lie outside the release: the cluster DNS and the Kubernetes
 * API server. Every policy of the library reaches them through these, so a setting for
 * either (e.g. a cluster whose DNS runs elsewhere) changes one place.
 */
import { k8s } from 'cdk8s-plus-28';
import { outside, tcpPort, TrafficEnd, TrafficPath } from './_traffic';

/** kube-dns / CoreDNS in kube-system, selected by the labels every distribution keeps. */
export const DNS_PEER: k8s.NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

/** DNS over UDP and TCP (large answers fall back to TCP). */
export const DNS_PORTS: k8s.NetworkPolicyPort[] = [
  { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
  { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
];

/** `from` resolves names through the cluster DNS. */
export function dnsPath(what: string, from: TrafficEnd): TrafficPath {
  return { what, from, to: outside([DNS_PEER]), ports: DNS_PORTS };
}

/** `from` calls the Kubernetes API server: at the given CIDRs, or any address on its ports (its IPs are cluster-specific). */
export function apiServerPath(what: string, from: TrafficEnd, cidrs: string[] | undefined, ports: number[]): TrafficPath {
  return { what, from, to: outside(cidrs?.map(cidr => ({ ipBlock: { cidr } }))), ports: ports.map(tcpPort) };
}

/** The API server's usual ports: 443 behind the `kubernetes` Service, 6443 on the control-plane nodes. */
export const DEFAULT_API_SERVER_PORTS = [443, 6443];
