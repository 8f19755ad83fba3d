/**
 * Input checks shared by every construct. Each one throws a `ValidationError` that
 * names the property, the bad value and what is allowed, and returns the value
 * (narrowed or parsed) when it is fine, so callers can write
 * `const port = check.port('service.port', props.port ?? 19530)`.
 *
 * Rules follow Kubernetes apimachinery (`pkg/util/validation/validation.go`) and
 * `pkg/apis/core/validation/validation.go`.
 */
import { ValidationError } from './validation-error';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Record<string, number> = { 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };

/** The longest StatefulSet name whose pods' `controller-revision-hash` label still fits 63 characters. */
export const MAX_STATEFUL_SET_NAME = 52;

/**
 * `checker(prop, value ?? fallback)`; when the fallback is rejected, the error says it is the
 * default that `prop` sets (the user never wrote that value).
 */
export function orDefault<V, T>(prop: string, value: V | undefined, fallback: V, checker: (prop: string, value: V) => T): T {
  if (value !== undefined) { return checker(prop, value); }
  try {
    return checker(prop, fallback);
  } catch (e) {
    if (ValidationError.isValidationError(e) && e.prop === prop) { throw e._relocated(p => p, { defaultSetBy: prop }); }
    throw e;
  }
}

export function requiredString(prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(prop, value, 'a non-empty string is required');
  }
  return value;
}

/** DNS-1123 label: namespaces, container, volume and most object names. */
export function dnsLabel(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  if (s.length > 63 || !DNS1123_LABEL.test(s)) {
    throw new ValidationError(prop, value, 'must be a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit');
  }
  return s;
}

/** DNS-1123 subdomain: Secrets, ConfigMaps, PVCs, StorageClasses, ServiceAccounts, policies. */
export function dnsSubdomain(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  // As apimachinery's IsDNS1123Subdomain: 253 characters in all; the parts have no length limit of their own.
  if (s.length > 253 || !s.split('.').every(part => DNS1123_LABEL.test(part))) {
    throw new ValidationError(prop, value, 'must be a DNS-1123 subdomain: at most 253 characters, dot-separated labels of lower-case letters, digits and "-"');
  }
  return s;
}

/**
 * A Secret or ConfigMap data key, as apimachinery's `IsConfigMapKey`: at most 253 letters, digits,
 * "-", "_" and ".", and not ".", ".." or anything starting with ".." (a key becomes a file name).
 */
export function secretKey(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  if (s.length > 253 || !CONFIG_MAP_KEY.test(s) || s === '.' || s.startsWith('..')) {
    throw new ValidationError(prop, value, 'a Secret key must be at most 253 characters of letters, digits, "-", "_" and ".", and not "." or start with ".."');
  }
  return s;
}

/** DNS-1035 label: Service names (must start with a letter). */
export function serviceName(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  if (s.length > 63 || !DNS1035_LABEL.test(s)) {
    throw new ValidationError(prop, value, 'a Service name must be a DNS-1035 label: at most 63 characters of lower-case letters, digits and "-", starting with a letter and ending with a letter or digit');
  }
  return s;
}

/** StatefulSet names: a DNS label of at most 52 characters (kubernetes/kubernetes#64023). */
export function statefulSetName(prop: string, value: unknown): string {
  const s = dnsLabel(prop, value);
  if (s.length > MAX_STATEFUL_SET_NAME) {
    throw new ValidationError(prop, value, `a StatefulSet name must be at most ${MAX_STATEFUL_SET_NAME} characters so that its pods' controller-revision-hash label fits 63`);
  }
  return s;
}

export function labelValue(prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new ValidationError(prop, value, 'a label value must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
  }
  return value;
}

/** Label and annotation keys: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export function labelKey(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  const slash = s.lastIndexOf('/');
  const prefix = slash >= 0 ? s.slice(0, slash) : undefined;
  const name = slash >= 0 ? s.slice(slash + 1) : s;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && prefix.split('.').every(p => DNS1123_LABEL.test(p)));
  if (!prefixOk || name.length > 63 || !LABEL_NAME.test(name)) {
    throw new ValidationError(prop, value, 'a label or annotation key is an optional DNS subdomain prefix and "/", then at most 63 characters of letters, digits, "-", "_" and "."');
  }
  return s;
}

export function labels(prop: string, value: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value ?? {})) {
    labelKey(`${prop} key`, k);
    out[k] = labelValue(`${prop}.${k}`, v);
  }
  return out;
}

export function annotations(prop: string, value: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value ?? {})) {
    labelKey(`${prop} key`, k);
    if (typeof v !== 'string') { throw new ValidationError(`${prop}.${k}`, v, 'annotation values must be strings'); }
    out[k] = v;
  }
  return out;
}

/** An integer within [min, max]; `what` names it in the message ("a port", "an integer"). */
function wholeNumber(prop: string, value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(prop, value, `${what} from ${min} to ${max}`);
  }
  return value;
}

/** An integer within [min, max]. */
export function integer(prop: string, value: unknown, min: number, max: number): number {
  return wholeNumber(prop, value, min, max, 'must be an integer');
}

/** A TCP/UDP port number, 1-65535, or a narrower range. */
export function port(prop: string, value: unknown, min = 1, max = 65535): number {
  return wholeNumber(prop, value, min, max, 'a port must be an integer');
}

/** IANA_SVC_NAME: container and Service port names. */
export function portName(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  if (s.length > 15 || !IANA_SVC_NAME.test(s) || s.includes('--') || !/[a-z]/.test(s)) {
    throw new ValidationError(prop, value, 'a port name must be an IANA service name: at most 15 lower-case letters, digits and "-", with at least one letter, no "--" and no "-" at either end');
  }
  return s;
}

export function oneOf<T extends string>(prop: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(prop, value, `must be one of ${allowed.map(a => JSON.stringify(a)).join(', ')}`);
  }
  return value as T;
}

export function bool(prop: string, value: unknown): boolean {
  if (typeof value !== 'boolean') { throw new ValidationError(prop, value, 'must be true or false'); }
  return value;
}

/** node's own IPv4 pattern (lib/internal/net.js): dotted quad, no leading zeros. */
const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])$/;

/**
 * `net.isIP` (0, 4 or 6) without its cost in the common case: node compiles its large IPv6
 * pattern on first use (≈ 5 ms, a twentieth of a whole `synth` run) and `net` itself takes ≈ 1 ms
 * to load, while a string without ":" can never be an IPv6 address. Checked against `net.isIP`
 * in test/common/validators.test.ts.
 */
export function ipFamily(s: string): 0 | 4 | 6 {
  if (s.includes(':')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('net') as typeof import('net')).isIPv6(s) ? 6 : 0;
  }
  return IPV4.test(s) ? 4 : 0;
}

/** A host: IPv4, IPv6 or a DNS-1123 subdomain. */
export function host(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  // A zone suffix (fe80::1%eth0) means one interface of one machine: useless to pods, invalid in a CIDR.
  if (ipFamily(s) !== 0 && !s.includes('%')) { return s; }
  const looksNumeric = /^[0-9.]+$/.test(s);
  if (looksNumeric || s.length > 253 || !s.split('.').every(p => p.length <= 63 && DNS1123_LABEL.test(p))) {
    throw new ValidationError(prop, value, 'must be an IPv4 or IPv6 address or a DNS name (lower-case letters, digits, "-" and ".")');
  }
  return s;
}

/** An absolute POSIX path without ".." segments or NUL bytes. */
export function absolutePath(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  if (!s.startsWith('/') || s.includes('\0') || s.split('/').includes('..')) {
    throw new ValidationError(prop, value, 'must be an absolute path starting with "/" and without ".." segments');
  }
  return s;
}

/** An IPv4 or IPv6 CIDR block, e.g. `10.0.0.0/8`. */
export function cidr(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  const [addr, bits, ...rest] = s.split('/');
  const family = ipFamily(addr ?? '');
  const max = family === 4 ? 32 : 128;
  if (rest.length > 0 || family === 0 || bits === undefined || !/^[0-9]{1,3}$/.test(bits) || Number(bits) > max) {
    throw new ValidationError(prop, value, 'must be a CIDR block such as "10.0.0.0/8" or "fd00::/8"');
  }
  return s;
}

/**
 * A Kubernetes quantity (apimachinery `resource.Quantity`), returned with its numeric value
 * in base units (cores or bytes) for comparisons.
 */
export function quantity(prop: string, value: unknown, opts: { positive?: boolean; integerBytes?: boolean } = {}): { text: string; value: number } {
  const s = requiredString(prop, value);
  const m = QUANTITY.exec(s);
  const allowedText = 'must be a Kubernetes quantity such as "500m", "2", "512Mi" or "50Gi"';
  if (!m) { throw new ValidationError(prop, value, allowedText); }
  const [, sign, digits, suffix = ''] = m;
  const multiplier = BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix] ?? 10 ** Number(suffix.slice(1));
  const amount = Number(digits) * multiplier * (sign === '-' ? -1 : 1);
  if (opts.positive && !(amount > 0)) {
    throw new ValidationError(prop, value, `${allowedText}, greater than zero`);
  }
  if (opts.integerBytes && (suffix === 'm' || !Number.isInteger(amount))) {
    throw new ValidationError(prop, value, `${allowedText}, a whole number of bytes (no "m" suffix)`);
  }
  return { text: s, value: amount };
}

/** A storage size: a positive whole-byte quantity such as "50Gi". */
export function storageSize(prop: string, value: unknown): string {
  return quantity(prop, value, { positive: true, integerBytes: true }).text;
}

const IMAGE_REGISTRY = '(?:[a-zA-Z0-9][a-zA-Z0-9.-]*(?::[0-9]+)?/)?';
const IMAGE_PATH = '[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*';
const IMAGE = new RegExp(`^${IMAGE_REGISTRY}${IMAGE_PATH}(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

/** A container image reference pinned to a tag other than `latest`, or to a digest. */
export function pinnedImage(prop: string, value: unknown): string {
  const s = requiredString(prop, value);
  const m = IMAGE.exec(s);
  const allowed = 'must be an image reference pinned to a tag other than "latest" or to a sha256 digest, e.g. "milvusdb/milvus:0.10.0-cpu-d061620-5f3c00"';
  if (!m) { throw new ValidationError(prop, value, allowed); }
  const [, tag, digest] = m;
  if (!digest && (!tag || tag === 'latest')) { throw new ValidationError(prop, value, allowed); }
  return s;
}

/** The longest `metadata.name` of a kind (DNS labels 63, StatefulSets 52, the rest DNS subdomains). */
function maxNameLength(kind: string): number {
  switch (kind) {
    case 'StatefulSet': return MAX_STATEFUL_SET_NAME;
    case 'Service': case 'Deployment': case 'Namespace': return 63;
    default: return 253;
  }
}

/** Kubernetes `metadata.name` checks per kind, for names this library derives. */
export function objectName(kind: string, prop: string, value: string): string {
  switch (kind) {
    case 'Service': return serviceName(prop, value);
    case 'StatefulSet': return statefulSetName(prop, value);
    case 'Deployment':
    case 'Namespace': return dnsLabel(prop, value);
    default: return dnsSubdomain(prop, value);
  }
}

/**
 * The one check of names a construct derives from one of its props (the release name): each
 * `[kind, name]` must be a valid `metadata.name` of its kind. The error names the prop, the
 * first invalid name and, when it is too long, how long the prop may be.
 */
export function derivedNames(prop: string, value: string, names: ReadonlyArray<readonly [string, string]>): void {
  for (const [kind, name] of names) {
    try {
      objectName(kind, prop, name);
    } catch (e) {
      if (!ValidationError.isValidationError(e)) { throw e; }
      const excess = name.length - maxNameLength(kind);
      const advice = excess > 0
        ? `use at most ${value.length - excess} characters`
        : 'use lower-case letters, digits and "-", starting with a letter';
      throw new ValidationError(prop, value, `the derived ${kind} name "${name}" is invalid (${e.allowed}); ${advice}`);
    }
  }
}
