/**
 * Image references: the release-wide registry prefix, pull secrets and pull policy. A part's
 * own values win over the release's (`inheritImages`, in the compositions); the pod skeleton
 * applies the resolved settings to every container and pod (`resolveImages`).
 *
 * Names are split as distribution/reference does (`normalize.go`, `splitDockerDomain`): the
 * first path component is a registry host when it contains "." or ":" or is "localhost";
 * otherwise the image is on Docker Hub, whose single-component names live under `library/`.
 */
import { ProblemCollector } from './_config-paths';
import * as check from './_validators';
import { ImageOptions } from './image-options';
import { ImagePullPolicy } from './image-pull-policy';
import { ValidationError } from './validation-error';

const HOST = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** The default pull policy of every container (see `ImageOptions.imagePullPolicy`). */
export const DEFAULT_PULL_POLICY = ImagePullPolicy.IF_NOT_PRESENT;

/** A registry prefix: a host (with "." or ":", or localhost) and optional path components. */
export function registryPrefix(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  const [host, ...path] = s.split('/');
  const isHost = HOST.test(host) && (host.includes('.') || host.includes(':') || host === 'localhost');
  if (!isHost || !path.every(p => PATH_COMPONENT.test(p))) {
    throw new ValidationError(prop, value, 'must be a registry host with a "." or a port, optionally followed by a path, '
      + 'e.g. "harbor.example.com/dockerhub" or "registry.local:5000" (no scheme, no trailing "/")');
  }
  return s;
}

/** `image` with its registry host replaced by `registry` (repository path, tag and digest kept). */
export function withRegistry(image: string, registry: string | undefined): string {
  if (registry === undefined) { return image; }
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const onDockerHub = slash === -1 || !(first.includes('.') || first.includes(':') || first === 'localhost');
  const path = !onDockerHub ? image.slice(slash + 1)
    : first === '' ? `library/${image}`
      : image;
  return `${registry}/${path}`;
}

/** A part's image settings, resolved: what the pod skeleton applies to every container. */
export interface ResolvedImages {
  readonly pullPolicy: ImagePullPolicy;
  /** The pods' `imagePullSecrets`; `undefined` when there are none. */
  readonly pullSecrets?: Array<{ name: string }>;
  /** The registry prefix for every image; `undefined` keeps the images' own registries. */
  readonly registry?: string;
}

/** Checks image settings (reported under `prefix`, e.g. `mysql`, or `''` for the release's) and fills in the defaults. */
export function resolveImages(prefix: string, options: ImageOptions): ResolvedImages {
  const p = prefix ? `${prefix}.` : '';
  const problems = new ProblemCollector();
  const pullPolicy = problems.check(() => check.oneOf(`${p}imagePullPolicy`, options.imagePullPolicy ?? DEFAULT_PULL_POLICY, Object.values(ImagePullPolicy)));
  const registry = options.imageRegistry === undefined ? undefined : problems.check(() => registryPrefix(`${p}imageRegistry`, options.imageRegistry));
  const pullSecrets = options.imagePullSecrets === undefined ? undefined : problems.check(() => pullSecretRefs(`${p}imagePullSecrets`, options.imagePullSecrets));
  problems.throwIfAny();
  return { pullPolicy: pullPolicy as ImagePullPolicy, pullSecrets, registry };
}

/**
 * The release's image settings, checked once under the release's own keys: what its parts inherit.
 * Parts then only ever report their own keys (an inherited value is already valid).
 */
export function releaseImages(options: ImageOptions): ImageOptions {
  resolveImages('', options);
  return { imagePullSecrets: options.imagePullSecrets, imageRegistry: options.imageRegistry, imagePullPolicy: options.imagePullPolicy };
}

/** A part's image settings over the release's: each key the part sets wins. */
export function inheritImages(part: ImageOptions | undefined, release: ImageOptions): ImageOptions {
  return {
    imagePullSecrets: part?.imagePullSecrets ?? release.imagePullSecrets,
    imageRegistry: part?.imageRegistry ?? release.imageRegistry,
    imagePullPolicy: part?.imagePullPolicy ?? release.imagePullPolicy,
  };
}

function pullSecretRefs(prop: string, names: unknown): Array<{ name: string }> | undefined {
  if (!Array.isArray(names)) {
    throw new ValidationError(prop, names, 'must be a list of Secret names, e.g. ["registry-credentials"]');
  }
  names.forEach((n, i) => check.dnsSubdomain(`${prop}[${i}]`, n));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) { throw new ValidationError(prop, names, `names each Secret once ("${dup}" is listed twice)`); }
  return names.length === 0 ? undefined : names.map(name => ({ name }));
}
