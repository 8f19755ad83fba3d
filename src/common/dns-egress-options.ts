/**
 * Where the release's pods send DNS queries: the destinations of the NetworkPolicies' DNS egress.
 * The default reaches both cluster DNS (kube-dns / CoreDNS pods) and NodeLocal DNSCache, whose
 * per-node cache runs with `hostNetwork` on a link-local address that no pod selector can match
 * (kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/; kubernetes/kubernetes#70555,
 * projectcalico/calico#3795, gardener/gardener#2745).
 */
export interface DnsEgressOptions {
  /**
   * Labels of the namespace that runs the cluster DNS pods.
   * @default { 'kubernetes.io/metadata.name': 'kube-system' }
   */
  readonly namespaceLabels?: Record<string, string>;
  /**
   * Labels of the cluster DNS pods (CoreDNS deployments keep kube-dns's label).
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly podLabels?: Record<string, string>;
  /**
   * DNS servers outside the pod network, as CIDR blocks: NodeLocal DNSCache's listen address, the
   * kube-dns Service IP where the node-local cache answers on it (kube-proxy iptables mode), or a
   * resolver outside the cluster.
   * @default ['169.254.20.10/32'] - NodeLocal DNSCache's default address
   */
  readonly cidrs?: string[];
}
