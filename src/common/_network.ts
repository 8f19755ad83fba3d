/** NetworkPolicy building blocks shared by every policy this library renders. */
import { k8s } from 'cdk8s-plus-28';

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

/** Egress to the cluster DNS only. */
export const DNS_EGRESS: k8s.NetworkPolicyEgressRule = { to: [DNS_PEER], ports: DNS_PORTS };

export function tcpPort(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/** Egress to the Kubernetes API server: the given CIDRs, or any address on its ports (the API server's IPs are cluster-specific). */
export function apiServerEgress(cidrs: string[] | undefined, ports: number[]): k8s.NetworkPolicyEgressRule {
  return { to: cidrs?.map(cidr => ({ ipBlock: { cidr } })), ports: ports.map(tcpPort) };
}

/** The API server's usual ports: 443 behind the `kubernetes` Service, 6443 on the control-plane nodes. */
export const DEFAULT_API_SERVER_PORTS = [443, 6443];
