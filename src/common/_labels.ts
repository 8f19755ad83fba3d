/**
 * The label sets every object of a release carries.
 *
 * Selectors use only labels that never change over an object's life (name,
 * instance, component), because Deployment and StatefulSet selectors are
 * immutable; `version` and `managed-by` go on metadata and pod templates only.
 */

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
/** The seed chart's selector label (`component: readonly`); kept for parity with the tutorial's kubectl commands. */
export const LABEL_SEED_COMPONENT = 'component';

export const MANAGED_BY = 'cdk8s-milvus';

export interface LabelSource {
  /** `app.kubernetes.io/name`, e.g. `milvus`, `mysql`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: the release. */
  readonly instance: string;
  /** `app.kubernetes.io/component`, e.g. `writable`. */
  readonly component: string;
  /** `app.kubernetes.io/version`, when known. */
  readonly version?: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf?: string;
}

/** Labels that select the pods of one component of one release. Stable for the object's lifetime. */
export function selectorLabels(src: LabelSource): Record<string, string> {
  return {
    [LABEL_NAME]: src.name,
    [LABEL_INSTANCE]: src.instance,
    [LABEL_SEED_COMPONENT]: src.component,
  };
}

/** All recommended labels for metadata and pod templates. */
export function standardLabels(src: LabelSource, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {
    ...extra,
    ...selectorLabels(src),
    [LABEL_COMPONENT]: src.component,
    [LABEL_PART_OF]: src.partOf ?? 'milvus',
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
  if (src.version) { out[LABEL_VERSION] = sanitizeLabelValue(src.version); }
  return out;
}

/** The tag of an image reference (`repo:tag` or `repo:tag@sha256:...`), if any, for the `version` label. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

/** Turns an arbitrary version string into a valid label value (at most 63 characters, safe characters). */
export function sanitizeLabelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}
