/**
 * kubectl ApplySet pruning (KEP-3659, kubernetes/enhancements
 * keps/sig-cli/3659-kubectl-apply-prune/README.md, "Design Details: ApplySet Specification";
 * implemented in kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/apply/applyset.go).
 *
 * `KUBECTL_APPLYSET=true kubectl apply -n <ns> --prune --applyset=configmaps/<parent> -f <file>`
 * makes kubectl itself manage the set: it creates the parent ConfigMap when missing (ConfigMap and
 * Secret are the built-in parent kinds, `builtinApplySetParentGVRs`), labels it
 * `applyset.kubernetes.io/id`, annotates it with `applyset.kubernetes.io/tooling: kubectl/<version>`,
 * `contains-group-kinds` and `additional-namespaces`, adds `applyset.kubernetes.io/part-of` to every
 * object it applies, and prunes the labelled objects the file no longer contains. So the output must
 * NOT carry those labels itself: kubectl refuses input that has them ("ApplySet label ... already set
 * in input data", `AddLabels`), as the KEP says tooling should. What the output must satisfy, and
 * what this module checks and tests, is listed at `applySetProblems`.
 *
 * (The KEP's prose still writes the older prefix `applyset.k8s.io/`; kubectl uses `applyset.kubernetes.io/`.)
 *
 * A ConfigMap, not kubectl's default Secret, is the parent: reading it needs no right on Secrets, and
 * it holds no secret.
 */
import { createHash } from 'crypto';
import { isClusterScopedKind as isClusterScoped } from '../common/_names';

export const APPLYSET_ID_LABEL = 'applyset.kubernetes.io/id';
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
export const APPLYSET_TOOLING_ANNOTATION = 'applyset.kubernetes.io/tooling';
export const APPLYSET_GROUP_KINDS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';
export const APPLYSET_NAMESPACES_ANNOTATION = 'applyset.kubernetes.io/additional-namespaces';
/** Every ApplySet key starts so; a user's labels or annotations may not use it. */
export const APPLYSET_PREFIX = 'applyset.kubernetes.io/';

/** A manifest as synthesized (`chart.toJson()`), as far as these checks read it. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly ownerReferences?: unknown[];
  };
}

/** The parent object of one release's ApplySet and the set kubectl will record on it. */
export interface ApplySetPlan {
  /** The parent ConfigMap's name: `<release fullname>-applyset`. */
  readonly parentName: string;
  /** The parent's namespace (the release's). */
  readonly namespace: string;
  /** `--applyset=` value: `configmaps/<parentName>` (kubectl's `<resource>[.<group>]/<name>`). */
  readonly parentRef: string;
  /** The id kubectl writes to `applyset.kubernetes.io/id` and to every member's `part-of` label. */
  readonly id: string;
  /** `contains-group-kinds` after the apply: `<Kind>` for the core group, else `<Kind>.<group>`; sorted. */
  readonly groupKinds: string[];
  /** `additional-namespaces` after the apply: namespaces of members other than the parent's; sorted. */
  readonly additionalNamespaces: string[];
}

/** The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → the core group `""`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The ApplySet id of a parent: `applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1`,
 * unpadded (KEP-3659 "ApplySet Identification"; kubectl `ApplySet.ID`, `base64.RawURLEncoding`).
 */
export function applySetId(parent: { name: string; namespace: string; kind: string; group: string }): string {
  const digest = createHash('sha256').update([parent.name, parent.namespace, parent.kind, parent.group].join('.')).digest('base64url');
  return `applyset-${digest}-v1`;
}

/** The parent ConfigMap's name for a release whose objects are named `<fullname>-...`. */
export function applySetParentName(fullname: string): string {
  return `${fullname}-applyset`;
}

/** What kubectl records on the parent after applying `members` (the same sets kubectl builds in `addResource`). */
export function applySetPlan(parentName: string, namespace: string, members: Manifest[]): ApplySetPlan {
  const groupKinds = new Set<string>();
  const namespaces = new Set<string>();
  for (const m of members) {
    const group = groupOf(m.apiVersion);
    groupKinds.add(group === '' ? m.kind : `${m.kind}.${group}`);
    if (!isClusterScoped(m.kind)) { namespaces.add(m.metadata.namespace ?? namespace); }
  }
  namespaces.delete(namespace);
  return {
    parentName,
    namespace,
    parentRef: `configmaps/${parentName}`,
    id: applySetId({ name: parentName, namespace, kind: 'ConfigMap', group: '' }),
    groupKinds: [...groupKinds].sort(),
    additionalNamespaces: [...namespaces].sort(),
  };
}

/**
 * Why kubectl's ApplySet apply would refuse `members` or prune the wrong objects, one line each:
 * - a member already carries an `applyset.kubernetes.io/` label (kubectl refuses the input; the KEP:
 *   "tooling SHOULD treat this manifest as invalid");
 * - a member has owner references (the KEP: tooling should treat references to anything but the
 *   parent as an ownership conflict);
 * - a member is the parent itself (kubectl would label and later prune its own parent);
 * - a namespaced member has no namespace or another one than the parent's (`kubectl apply -n`
 *   rejects a mismatch, and members outside the parent's namespace widen the set's scope);
 * - a cluster-scoped member has a namespace;
 * - the id is not a valid label value (at most 63 characters, alphanumeric at both ends).
 */
export function applySetProblems(plan: ApplySetPlan, members: Manifest[]): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/.test(plan.id)) { problems.push(`the ApplySet id ${plan.id} is not a valid label value`); }
  for (const m of members) {
    const what = `${m.kind} "${m.metadata.name}"`;
    const reserved = Object.keys(m.metadata.labels ?? {}).filter(k => k.startsWith(APPLYSET_PREFIX));
    if (reserved.length > 0) { problems.push(`${what} already carries ${reserved.join(', ')}: kubectl sets the ApplySet labels itself and refuses such input`); }
    if ((m.metadata.ownerReferences ?? []).length > 0) { problems.push(`${what} has ownerReferences: kubectl's ApplySet prune treats them as an ownership conflict`); }
    if (m.kind === 'ConfigMap' && m.metadata.name === plan.parentName) { problems.push(`${what} is the ApplySet parent's name: kubectl would prune its own parent`); }
    if (isClusterScoped(m.kind)) {
      if (m.metadata.namespace !== undefined) { problems.push(`${what} is cluster-scoped but has namespace "${m.metadata.namespace}"`); }
    } else if (m.metadata.namespace !== plan.namespace) {
      problems.push(`${what} is in namespace "${m.metadata.namespace ?? ''}", not the ApplySet's "${plan.namespace}"`);
    }
  }
  return problems;
}

/** The command that applies `file` as the release's ApplySet and prunes what it no longer contains. */
export function applySetCommand(plan: ApplySetPlan, file: string): string {
  return `KUBECTL_APPLYSET=true kubectl apply -n ${plan.namespace} --prune --applyset=${plan.parentRef} -f ${file}`;
}
