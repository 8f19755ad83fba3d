import { ProblemCollector } from '../common/_config-paths';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';

/** The Kubernetes Service type of the public Mishards Service. */
export enum ExposureType {
  /** Reachable only inside the cluster (the default). */
  CLUSTER_IP = 'ClusterIP',
  /** Also reachable on a port of every node (the tutorial's choice). */
  NODE_PORT = 'NodePort',
  /** Also reachable through a cloud load balancer, limited to source ranges. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * Where node-port and load-balancer traffic may go (`spec.externalTrafficPolicy`).
 * @see https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
 */
export enum ExternalTrafficPolicy {
  /** Any node forwards to any Mishards pod; the pod sees the node's address, not the client's (Kubernetes' default). */
  CLUSTER = 'Cluster',
  /**
   * Only nodes running a Mishards pod answer, and the pod sees the client's address, so
   * NetworkPolicy client CIDRs (`networkPolicies.clients.cidrs`) can restrict real clients.
   */
  LOCAL = 'Local',
}

/** The API server's `--service-node-port-range`. */
export interface NodePortRange {
  /** Lowest node port the API server allocates. */
  readonly min: number;
  /** Highest node port the API server allocates. */
  readonly max: number;
}

/** Options for NodePort exposure. */
export interface NodePortOptions {
  /**
   * Fixed node port for the `shards` port, e.g. `32227`.
   * @default - the API server picks a free port in its range
   */
  readonly nodePort?: number;
  /**
   * The cluster's node-port range (`--service-node-port-range`), used to validate `nodePort`.
   * @default - 30000-32767, the Kubernetes default
   */
  readonly nodePortRange?: NodePortRange;
  /**
   * `Local` keeps clients' source addresses (for NetworkPolicy client CIDRs) but only nodes
   * running a Mishards pod answer on the node port.
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/** Options for LoadBalancer exposure. */
export interface LoadBalancerOptions {
  /**
   * Client CIDR blocks the load balancer admits (`loadBalancerSourceRanges`). Required:
   * an unrestricted public gRPC endpoint without authentication is never a default.
   */
  readonly sourceRanges: string[];
  /**
   * Cloud-provider annotations for the Service (e.g. an internal load balancer).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Requested load balancer IP (`spec.loadBalancerIP`; honoured by some providers only).
   * @default - the provider assigns one
   */
  readonly loadBalancerIp?: string;
  /**
   * `Local` keeps clients' source addresses (for NetworkPolicy client CIDRs); the load balancer's
   * health checks then steer traffic to nodes running a Mishards pod.
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/** How the public Service `<release>-milvus` is reachable, as plain data (the config file's `mishards.exposure`). */
export interface ClusterExposureConfig {
  /**
   * `ClusterIP`, `NodePort` or `LoadBalancer`.
   * @default 'ClusterIP'
   */
  readonly type?: string;
  /**
   * Fixed node port (NodePort only).
   * @default - assigned by the cluster
   */
  readonly nodePort?: number;
  /**
   * The API server's `--service-node-port-range` (NodePort only).
   * @default - 30000-32767
   */
  readonly nodePortRange?: NodePortRange;
  /**
   * Client CIDR blocks allowed through the load balancer (required for LoadBalancer).
   * @default - none
   */
  readonly sourceRanges?: string[];
  /**
   * Cloud load-balancer annotations (LoadBalancer only).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Requested load-balancer IP (LoadBalancer only).
   * @default - assigned by the cloud
   */
  readonly loadBalancerIp?: string;
  /**
   * `Local` keeps clients' source addresses, so `networkPolicies.clients.cidrs` can name real clients (NodePort or LoadBalancer only).
   * @default 'Cluster'
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

const DEFAULT_NODE_PORT_RANGE: NodePortRange = { min: 30000, max: 32767 };

/**
 * How the public Mishards Service (`<release>-milvus`) is reachable: inside the
 * cluster only, on a node port, or through a load balancer.
 *
 * Only this Service is ever exposed; the writable, readonly and MySQL Services
 * stay ClusterIP (checklist row 29, test/verification/checklist.ts).
 */
export class Exposure {
  /**
   * The exposure a plain `ClusterExposureConfig` describes (the config file's `mishards.exposure`).
   * Errors name its keys (`type`, `nodePort`, ...); settings of another type are refused.
   */
  public static fromConfig(config: ClusterExposureConfig): Exposure {
    const type = check.oneOf('type', config.type ?? ExposureType.CLUSTER_IP, Object.values(ExposureType));
    const onlyFor: Record<string, ExposureType[]> = {
      nodePort: [ExposureType.NODE_PORT],
      nodePortRange: [ExposureType.NODE_PORT],
      sourceRanges: [ExposureType.LOAD_BALANCER],
      annotations: [ExposureType.LOAD_BALANCER],
      loadBalancerIp: [ExposureType.LOAD_BALANCER],
      externalTrafficPolicy: [ExposureType.NODE_PORT, ExposureType.LOAD_BALANCER],
    };
    const problems = new ProblemCollector();
    for (const [key, types] of Object.entries(onlyFor)) {
      const value = (config as Record<string, unknown>)[key];
      if (value !== undefined && !types.includes(type)) {
        problems.add(new ValidationError(key, value, `only applies to ${types.join(' or ')} exposure (${propRef('type')} is ${type})`));
      }
    }
    problems.throwIfAny();
    switch (type) {
      case ExposureType.NODE_PORT:
        return Exposure.nodePort({
          nodePort: config.nodePort,
          nodePortRange: config.nodePortRange,
          externalTrafficPolicy: config.externalTrafficPolicy,
        });
      case ExposureType.LOAD_BALANCER:
        return Exposure.loadBalancer({
          sourceRanges: config.sourceRanges!,
          annotations: config.annotations,
          loadBalancerIp: config.loadBalancerIp,
          externalTrafficPolicy: config.externalTrafficPolicy,
        });
      default:
        return Exposure.clusterIp();
    }
  }

  /** Inside the cluster only (ClusterIP). */
  public static clusterIp(): Exposure {
    return new Exposure(ExposureType.CLUSTER_IP, undefined, [], {}, undefined, undefined);
  }

  /**
   * On a port of every node (NodePort), as in the tutorial's step "修改服务方式".
   * A fixed `nodePort` is checked against the node-port range.
   */
  public static nodePort(options: NodePortOptions = {}): Exposure {
    const problems = new ProblemCollector();
    const range = options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
    const min = problems.check(() => check.port('nodePortRange.min', range.min));
    const max = problems.check(() => check.port('nodePortRange.max', range.max));
    if (min > max) {
      problems.add(new ValidationError('nodePortRange', range, 'min must not exceed max (the Kubernetes default is 30000-32767)'));
    }
    const nodePort = options.nodePort === undefined || problems.any ? undefined
      : problems.check(() => check.port('nodePort', options.nodePort, min, max));
    const policy = problems.check(() => trafficPolicy(options.externalTrafficPolicy));
    problems.throwIfAny();
    return new Exposure(ExposureType.NODE_PORT, nodePort, [], {}, undefined, policy);
  }

  /** Through a cloud load balancer (LoadBalancer), admitting only `sourceRanges`. */
  public static loadBalancer(options: LoadBalancerOptions): Exposure {
    const problems = new ProblemCollector();
    const ranges = options?.sourceRanges;
    if (!Array.isArray(ranges) || ranges.length === 0) {
      problems.add(new ValidationError('sourceRanges', ranges, 'a LoadBalancer needs at least one client CIDR block, e.g. ["203.0.113.0/24"]; use "0.0.0.0/0" only on purpose'));
    }
    const sourceRanges = (Array.isArray(ranges) ? ranges : []).map((r, i) => problems.check(() => check.cidr(`sourceRanges[${i}]`, r)));
    const annotations = problems.check(() => check.annotations('annotations', options?.annotations));
    const ip = options?.loadBalancerIp;
    if (ip !== undefined && (typeof ip !== 'string' || check.ipFamily(ip) === 0)) {
      problems.add(new ValidationError('loadBalancerIp', ip, 'must be an IPv4 or IPv6 address'));
    }
    const policy = problems.check(() => trafficPolicy(options?.externalTrafficPolicy));
    problems.throwIfAny();
    return new Exposure(ExposureType.LOAD_BALANCER, undefined, [...new Set(sourceRanges)], annotations, ip, policy);
  }

  private constructor(
    /** The Service type. */
    public readonly serviceType: ExposureType,
    /** The fixed node port, if one was chosen (NodePort only). */
    public readonly fixedNodePort: number | undefined,
    /** `loadBalancerSourceRanges` (LoadBalancer only; empty otherwise). */
    public readonly loadBalancerSourceRanges: string[],
    /** Annotations this exposure adds to the Service (LoadBalancer only; empty otherwise). */
    public readonly serviceAnnotations: Record<string, string>,
    /** Requested load balancer IP (LoadBalancer only). */
    public readonly loadBalancerIp: string | undefined,
    /** `externalTrafficPolicy` of the Service, when chosen (NodePort and LoadBalancer only). */
    public readonly externalTrafficPolicy: ExternalTrafficPolicy | undefined,
  ) {}

  /** Whether the Service is reachable from outside the cluster (NodePort or LoadBalancer). */
  public get isPublic(): boolean {
    return this.serviceType !== ExposureType.CLUSTER_IP;
  }
}

function trafficPolicy(value: ExternalTrafficPolicy | undefined): ExternalTrafficPolicy | undefined {
  return value === undefined ? undefined : check.oneOf('externalTrafficPolicy', value, Object.values(ExternalTrafficPolicy));
}
