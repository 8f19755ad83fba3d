import { Chart } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * cdk8s-plus-28's L2 classes are loaded on first use only, from the same package the caller uses:
 * only a cdk8s-plus workload or NetworkPolicy calls these methods, never a synth of this library,
 * so the CLI bundle (which holds only the generated `k8s` classes) does not carry them.
 */
const CDK8S_PLUS = 'cdk8s-plus-28';

/**
 * A construct of this library that runs pods (the writable and readonly nodes, Mishards), usable
 * wherever cdk8s-plus-28 expects a pod selector or a network-policy peer: a user's
 * `deployment.connections.allowTo(cluster.mishards)`, `new kplus.NetworkPolicy(..., { selector: cluster.readonly })`
 * or `kplus.NetworkPolicyPeer` lists name exactly these pods, in their own namespace.
 */
export abstract class SelectablePods extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** Labels that select this construct's pods (and no pods of another component or release). */
  public abstract readonly podSelector: Record<string, string>;

  /** The pods as a cdk8s-plus pod selector: these labels, in this construct's namespace only. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabelSelector } = require(CDK8S_PLUS) as typeof kplus;
    const namespace = Chart.of(this).namespace;
    return {
      labelSelector: LabelSelector.of({ labels: { ...this.podSelector } }),
      namespaces: namespace === undefined ? undefined : { names: [namespace] },
    };
  }

  /** The pods as a cdk8s-plus network-policy peer. */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** Itself: cdk8s-plus may create the opposite policy (ingress on these pods) for a connection. */
  public toPodSelector(): kplus.IPodSelector | undefined {
    return this;
  }
}
