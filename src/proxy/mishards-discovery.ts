import { ProblemCollector } from '../common/_config-paths';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';

/** How Mishards finds the readonly nodes it spreads searches over. */
export enum MishardsDiscoveryType {
  /** Watch readonly pods through the Kubernetes API (`DISCOVERY_CLASS_NAME=kubernetes`). */
  KUBERNETES = 'kubernetes',
  /** A fixed list of hosts resolved once at start-up (`DISCOVERY_CLASS_NAME=static`). */
  STATIC = 'static',
}

/** Options for Kubernetes discovery. */
export interface KubernetesDiscoveryOptions {
  /**
   * Seconds between two polls of the readonly pods (`DISCOVERY_KUBERNETES_POLL_INTERVAL`).
   * A pod joins after three consecutive ready polls.
   * @default 10
   */
  readonly pollIntervalSeconds?: number;
  /**
   * Port Mishards dials on each discovered readonly pod (`DISCOVERY_KUBERNETES_PORT`).
   * @default 19530
   */
  readonly port?: number;
}

/** How Mishards finds the readonly nodes, as plain data (the config file's `mishards.discovery`). */
export interface ClusterDiscoveryConfig {
  /**
   * `kubernetes` (watch readonly pods through the API) or `static` (fixed hosts).
   * @default 'kubernetes'
   */
  readonly type?: string;
  /**
   * Hosts of readonly nodes (static only).
   * @default - none
   */
  readonly hosts?: string[];
  /**
   * Port of the readonly nodes.
   * @default 19530
   */
  readonly port?: number;
  /**
   * Seconds between polls of the readonly pods (kubernetes only).
   * @default 10
   */
  readonly pollIntervalSeconds?: number;
}

/**
 * How Mishards discovers readonly Milvus nodes.
 *
 * Kubernetes discovery (the default) dials each readonly pod directly, so searches
 * spread over all replicas; it needs a ServiceAccount token and a namespaced Role.
 * Static discovery resolves host names once at start-up: through a ClusterIP
 * Service it sees one virtual IP, so one readonly pod does the work
 * (milvus-io/milvus-helm#113), but it needs no Kubernetes API access.
 */
export class MishardsDiscovery {
  /**
   * The discovery a plain `ClusterDiscoveryConfig` describes (the config file's `mishards.discovery`).
   * Errors name its keys (`type`, `hosts`, ...); settings of the other type are refused.
   */
  public static fromConfig(config: ClusterDiscoveryConfig): MishardsDiscovery {
    const type = check.oneOf('type', config.type ?? MishardsDiscoveryType.KUBERNETES, Object.values(MishardsDiscoveryType));
    if (type === MishardsDiscoveryType.STATIC) {
      if (config.pollIntervalSeconds !== undefined) {
        throw new ValidationError('pollIntervalSeconds', config.pollIntervalSeconds, `only applies to kubernetes discovery (${propRef('type')} is static)`);
      }
      return MishardsDiscovery.staticHosts(config.hosts!, config.port);
    }
    if (config.hosts !== undefined) {
      throw new ValidationError('hosts', config.hosts, 'only applies to static discovery (kubernetes discovery finds the readonly pods itself)');
    }
    return MishardsDiscovery.kubernetes({ pollIntervalSeconds: config.pollIntervalSeconds, port: config.port });
  }

  /** Watch readonly pods through the Kubernetes API (namespaced Role, dedicated ServiceAccount). */
  public static kubernetes(options: KubernetesDiscoveryOptions = {}): MishardsDiscovery {
    const problems = new ProblemCollector();
    const poll = problems.check(() => check.integer('pollIntervalSeconds', options.pollIntervalSeconds ?? 10, 1, 3600));
    const port = problems.check(() => check.port('port', options.port ?? 19530));
    problems.throwIfAny();
    return new MishardsDiscovery(MishardsDiscoveryType.KUBERNETES, poll, [], port);
  }

  /**
   * A fixed list of readonly hosts (IPv4 addresses or DNS names), resolved once when Mishards starts.
   * @param hosts readonly hosts, e.g. `["my-release-milvus-readonly"]`
   * @param port the port Mishards dials on every host; default 19530
   */
  public static staticHosts(hosts: string[], port?: number): MishardsDiscovery {
    const problems = new ProblemCollector();
    if (!Array.isArray(hosts) || hosts.length === 0) {
      problems.add(new ValidationError('hosts', hosts, 'static discovery needs at least one readonly host; Mishards refuses to start with an empty list'));
    }
    const seen = new Set<string>();
    (Array.isArray(hosts) ? hosts : []).forEach((h, i) => problems.check(() => {
      const prop = `hosts[${i}]`;
      check.host(prop, h);
      // Mishards resolves every host with gethostbyname (IPv4 only) and builds `tcp://host:port`.
      if (check.ipFamily(h) === 6) {
        throw new ValidationError(prop, h, 'Mishards resolves static hosts as IPv4 only; use an IPv4 address or a DNS name');
      }
      if (seen.has(h)) {
        throw new ValidationError(prop, h, 'hosts must be unique');
      }
      seen.add(h);
    }));
    const p = problems.check(() => check.port('port', port ?? 19530));
    problems.throwIfAny();
    return new MishardsDiscovery(MishardsDiscoveryType.STATIC, undefined, [...hosts], p);
  }

  private constructor(
    /** Which discovery plugin Mishards loads. */
    public readonly discoveryType: MishardsDiscoveryType,
    /** Poll interval in seconds (Kubernetes discovery only). */
    public readonly pollIntervalSeconds: number | undefined,
    /** The static hosts (static discovery only; empty otherwise). */
    public readonly hosts: string[],
    /** The port Mishards dials on each readonly node. */
    public readonly port: number,
  ) {}

  /** Whether the Mishards pod calls the Kubernetes API (needs a token, a Role and API-server egress). */
  public get needsApiServer(): boolean {
    return this.discoveryType === MishardsDiscoveryType.KUBERNETES;
  }
}
