import { dnsPath, dnsPeers } from '../../src/common/_network';
import { expectInvalid } from '../support';

const PORTS = [{ protocol: 'UDP', port: { value: 53 } }, { protocol: 'TCP', port: { value: 53 } }];
const json = (x: unknown) => JSON.parse(JSON.stringify(x));
/** The DNS half of a policy: where it goes and on which ports. */
function dnsEgressRule(prop: string, options: any) {
  const path = dnsPath('resolves names', {}, dnsPeers(prop, options));
  return { to: path.to.peers, ports: path.ports };
}

describe('DNS egress', () => {
  test('default: kube-dns / CoreDNS pods in kube-system and NodeLocal DNSCache\'s 169.254.20.10', () => {
    expect(json(dnsEgressRule('networkPolicies.dns', undefined))).toEqual({
      to: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        { ipBlock: { cidr: '169.254.20.10/32' } },
      ],
      ports: PORTS,
    });
  });
  test('other setups: the DNS pods\' labels, the kube-dns Service IP (node-local cache in iptables mode), no CIDR at all', () => {
    expect(json(dnsEgressRule('dns', { namespaceLabels: { name: 'dns' }, podLabels: { app: 'coredns' }, cidrs: ['169.254.20.10/32', '10.96.0.10/32'] })).to).toEqual([
      { namespaceSelector: { matchLabels: { name: 'dns' } }, podSelector: { matchLabels: { app: 'coredns' } } },
      { ipBlock: { cidr: '169.254.20.10/32' } },
      { ipBlock: { cidr: '10.96.0.10/32' } },
    ]);
    expect(json(dnsEgressRule('dns', { cidrs: [] })).to).toHaveLength(1);
  });
  test('bad input names the key', () => {
    expectInvalid(() => dnsEgressRule('networkPolicies.dns', { cidrs: ['169.254.20.10'] }), 'networkPolicies.dns.cidrs[0]');
    expectInvalid(() => dnsEgressRule('networkPolicies.dns', { cidrs: '10.96.0.10/32' as any }), 'networkPolicies.dns.cidrs');
    expectInvalid(() => dnsEgressRule('networkPolicies.dns', { podLabels: { 'k8s app': 'x' } }), 'networkPolicies.dns.podLabels key');
    expectInvalid(() => dnsEgressRule('networkPolicies.dns', { namespaceLabels: {}, podLabels: {} }), 'networkPolicies.dns.podLabels', 'every pod of the cluster');
    expectInvalid(() => dnsEgressRule('networkPolicies.dns', 'kube-dns' as any), 'networkPolicies.dns');
  });
});
