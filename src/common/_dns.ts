/** The DNS egress rule of every NetworkPolicy this library renders, from `DnsEgressOptions`. */
import { k8s } from 'cdk8s-plus-28';
import * as check from './_validators';
import { DnsEgressOptions } from './dns-egress-options';
import { ValidationError } from './validation-error';

export const DEFAULT_DNS_NAMESPACE_LABELS = { 'kubernetes.io/metadata.name': 'kube-system' };
export const DEFAULT_DNS_POD_LABELS = { 'k8s-app': 'kube-dns' };
/** NodeLocal DNSCache's default listen address (`__PILLAR__LOCAL__DNS__` in nodelocaldns.yaml). */
export const NODE_LOCAL_DNS_CIDR = '169.254.20.10/32';

/** DNS over UDP and TCP (large answers fall back to TCP). */
const DNS_PORTS: k8s.NetworkPolicyPort[] = [
  { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
  { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
];

/** Checks the options (reported under `prop`, e.g. `networkPolicies.dns`) and builds the rule. */
export function dnsEgressRule(prop: string, options: DnsEgressOptions | undefined): k8s.NetworkPolicyEgressRule {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new ValidationError(prop, options, 'must be an object with namespaceLabels, podLabels and/or cidrs');
  }
  const o = options ?? {};
  const namespaceLabels = check.labels(`${prop}.namespaceLabels`, o.namespaceLabels ?? DEFAULT_DNS_NAMESPACE_LABELS);
  const podLabels = check.labels(`${prop}.podLabels`, o.podLabels ?? DEFAULT_DNS_POD_LABELS);
  if (Object.keys(namespaceLabels).length === 0 && Object.keys(podLabels).length === 0) {
    throw new ValidationError(`${prop}.podLabels`, o.podLabels, 'with empty namespaceLabels too, this would admit port 53 on every pod of the cluster: name the DNS pods\' labels');
  }
  if (o.cidrs !== undefined && !Array.isArray(o.cidrs)) {
    throw new ValidationError(`${prop}.cidrs`, o.cidrs, `must be a list of CIDR blocks, e.g. ["${NODE_LOCAL_DNS_CIDR}", "10.96.0.10/32"]`);
  }
  const cidrs = (o.cidrs ?? [NODE_LOCAL_DNS_CIDR]).map((c, i) => check.cidr(`${prop}.cidrs[${i}]`, c));
  return {
    to: [
      { namespaceSelector: { matchLabels: namespaceLabels }, podSelector: { matchLabels: podLabels } },
      ...cidrs.map(cidr => ({ ipBlock: { cidr } })),
    ],
    ports: DNS_PORTS,
  };
}
