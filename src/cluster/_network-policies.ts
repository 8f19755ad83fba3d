/**
 * The release's NetworkPolicies (`security-reliability.md` §6): deny everything by
 * default, then open exactly the paths the cluster uses. Policies are additive, so
 * each path is its own small, named policy that reads like the table in §6.
 *
 * Only enforced by a CNI that implements NetworkPolicy. Kubelet probes and the
 * kubelet's NFS mounts come from the node and are never blocked.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LABEL_INSTANCE } from '../common/_labels';
import { apiServerEgress, DNS_EGRESS, tcpPort } from '../common/_network';

export interface PolicyPeers {
  /** CIDR blocks, e.g. the nodes' range for NodePort traffic. */
  readonly cidrs?: string[];
  /** Pod labels (same namespace). */
  readonly podLabels?: Record<string, string>;
  /** Namespace labels (pods of any namespace matching them). */
  readonly namespaceLabels?: Record<string, string>;
}

export interface ClusterNetworkPoliciesProps {
  readonly namespace: string;
  readonly releaseName: string;
  readonly fullname: string;
  readonly labels: Record<string, string>;
  readonly nodeSelectors: Array<Record<string, string>>;
  /** Extra egress of each node (same order as `nodeSelectors`), e.g. the metrics push to a Pushgateway. */
  readonly nodeExtraEgress?: k8s.NetworkPolicyEgressRule[][];
  /** Extra egress of Mishards, e.g. statically configured readonly hosts outside the release. */
  readonly mishardsExtraEgress?: k8s.NetworkPolicyEgressRule[];
  readonly enginePort: number;
  readonly mishardsSelector: Record<string, string>;
  readonly mishardsPort: number;
  /** In-cluster MySQL pods; `undefined` for an external store (egress by port only). */
  readonly metaStoreSelector?: Record<string, string>;
  readonly metaStorePort: number;
  /** Mishards calls the Kubernetes API (kubernetes discovery). */
  readonly mishardsUsesApi: boolean;
  /** Where the API server is; `undefined` allows its ports to any address (cluster-specific IPs). */
  readonly apiServerCidrs?: string[];
  readonly apiServerPorts: number[];
  /** Who may reach Mishards; `undefined` = any source (NodePort/LoadBalancer traffic is often SNATed). */
  readonly clients?: PolicyPeers;
}

interface PolicyRules {
  /** Ingress rules; `[]` denies all ingress, `undefined` leaves ingress out of this policy. */
  readonly ingress?: k8s.NetworkPolicyIngressRule[];
  /** Egress rules; `[]` denies all egress, `undefined` leaves egress out of this policy. */
  readonly egress?: k8s.NetworkPolicyEgressRule[];
}

const podPeer = (labels: Record<string, string>): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: labels } });

export class ClusterNetworkPolicies extends Construct {
  public readonly policyNames: string[] = [];

  public constructor(scope: Construct, id: string, private readonly props: ClusterNetworkPoliciesProps) {
    super(scope, id);
    const release = { [LABEL_INSTANCE]: props.releaseName };

    // Every pod of the release: nothing in, nothing out, unless a policy below allows it.
    this.policy('default-deny', { matchLabels: release }, { ingress: [], egress: [] });
    // Every pod of the release resolves names (Services, the MySQL host).
    this.policy('allow-dns', { matchLabels: release }, { egress: [DNS_EGRESS] });

    const metaStorePeer = props.metaStoreSelector ? [podPeer(props.metaStoreSelector)] : undefined;
    const toMetaStore: k8s.NetworkPolicyEgressRule = { to: metaStorePeer, ports: [tcpPort(props.metaStorePort)] };

    // Milvus nodes: the engine port from Mishards only (it dials discovered pod IPs); out to MySQL.
    props.nodeSelectors.forEach((selector, i) => {
      this.policy(selector.component, { matchLabels: selector }, {
        ingress: [{ from: [podPeer(props.mishardsSelector)], ports: [tcpPort(props.enginePort)] }],
        egress: [toMetaStore, ...(props.nodeExtraEgress?.[i] ?? [])],
      });
    });

    // Mishards: its port from the clients; out to the nodes, MySQL and (for discovery) the API server.
    const egress: k8s.NetworkPolicyEgressRule[] = [
      { to: props.nodeSelectors.map(podPeer), ports: [tcpPort(props.enginePort)] },
      toMetaStore,
      ...(props.mishardsExtraEgress ?? []),
    ];
    if (props.mishardsUsesApi) {
      egress.push(apiServerEgress(props.apiServerCidrs, props.apiServerPorts));
    }
    this.policy('mishards', { matchLabels: props.mishardsSelector }, {
      ingress: [{ from: this.clientPeers(), ports: [tcpPort(props.mishardsPort)] }],
      egress,
    });
  }

  private clientPeers(): k8s.NetworkPolicyPeer[] | undefined {
    const c = this.props.clients;
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

  private policy(suffix: string, podSelector: k8s.LabelSelector, rules: PolicyRules) {
    const name = `${this.props.fullname}-${suffix}`;
    const policyTypes = [...(rules.ingress ? ['Ingress'] : []), ...(rules.egress ? ['Egress'] : [])];
    new k8s.KubeNetworkPolicy(this, suffix, {
      metadata: { name, namespace: this.props.namespace, labels: this.props.labels },
      spec: { podSelector, policyTypes, ingress: rules.ingress, egress: rules.egress },
    });
    this.policyNames.push(name);
  }
}
