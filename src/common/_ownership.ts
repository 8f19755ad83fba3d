/**
 * One identity, one writer, across a whole cdk8s app (every chart of it), checked once at synth:
 *
 * - no two API objects with one identity (group, kind, namespace, name; cluster-scoped kinds
 *   across namespaces): `kubectl apply` of the second would silently rewrite the first;
 * - no two claims on one exclusive resource (`claimExclusive`): two writable Milvus nodes on one
 *   metastore database or on one data claim corrupt each other's data (milvus-io/milvus#5089).
 *
 * The check is one validation on the app root, registered by the first construct that needs it
 * (cdk8s `App.synth` and `Chart.toJson` validate every construct of the app). Messages name both
 * owners in their user's words: construct paths, unless a composition (MilvusClusterChart) describes
 * its parts by config key with `describeOwnersWith`.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isClusterScopedKind } from './_names';

/** How an owner is named in a conflict, and how its user shares the resource instead. */
export interface OwnerDescription {
  /** e.g. `a.yaml (storage.nfs)` or `App/first/Nfs/StorageClass`. */
  readonly owner: string;
  /** What this owner's user does instead, e.g. `set storage.storageClassName: nfs-client in the other release`. */
  readonly share?: string;
}

/**
 * Describes a construct inside the describer's scope; `prop` is the prop (of the construct) that
 * made the claim, e.g. `metaStore`; `undefined` for an API object's identity.
 */
export type OwnerDescriber = (construct: IConstruct, prop: string | undefined) => OwnerDescription | undefined;

interface Claim {
  readonly key: string;
  readonly resource: string;
  readonly owner: IConstruct;
  readonly prop: string;
  readonly share: string;
}

const describers = new WeakMap<IConstruct, OwnerDescriber>();
const claimsByRoot = new WeakMap<IConstruct, Claim[]>();

/** Names the constructs under `scope` with `describer` in conflict messages (the nearest describer wins). */
export function describeOwnersWith(scope: IConstruct, describer: OwnerDescriber): void {
  describers.set(scope, describer);
  ensureChecked(scope);
}

/**
 * Claims `key` for `owner` alone: a second claim anywhere in the app is an error at synth.
 * @param resource what the key stands for, for the message (e.g. `metastore database "milvus" on db:3306`)
 * @param prop the owner's prop that names the resource (e.g. `metaStore`)
 * @param share how a construct user avoids the conflict
 */
export function claimExclusive(owner: IConstruct, claim: { key: string; resource: string; prop: string; share: string }): void {
  const root = ensureChecked(owner);
  claimsByRoot.get(root)!.push({ ...claim, owner });
}

/** Registers the app-wide check once per app; returns the app root. */
export function ensureChecked(scope: IConstruct): IConstruct {
  const root = scope.node.root;
  if (!claimsByRoot.has(root)) {
    claimsByRoot.set(root, []);
    root.node.addValidation({ validate: () => ownershipProblems(root) });
  }
  return root;
}

/** Every identity and exclusive-resource conflict in the app of `scope`, one message each. */
export function ownershipProblems(scope: IConstruct): string[] {
  const root = scope.node.root;
  const problems: string[] = [];
  const objects = new Map<string, ApiObject[]>();
  for (const obj of root.node.findAll()) {
    if (!(obj instanceof ApiObject)) { continue; }
    const key = identityOf(obj);
    objects.set(key, [...(objects.get(key) ?? []), obj]);
  }
  for (const owners of objects.values()) {
    if (owners.length < 2) { continue; }
    const first = owners[0];
    const scopeText = isClusterScopedKind(first.kind) ? 'cluster-scoped' : `namespace "${first.metadata.namespace}"`;
    problems.push(conflict(`${first.kind} "${first.name}" (${scopeText}) is rendered more than once`,
      'applying the output would let the last one silently replace the others',
      owners.map(o => describe(o, undefined, 'create the shared part once and pass it to every cluster (e.g. one NfsProvisioner\'s storageClass), or give each release its own releaseName or namespace'))));
  }
  const claims = new Map<string, Claim[]>();
  // A part removed from the tree (a chart that failed its own checks removes itself) claims nothing.
  for (const c of (claimsByRoot.get(root) ?? []).filter(x => attached(x.owner))) { claims.set(c.key, [...(claims.get(c.key) ?? []), c]); }
  for (const owners of claims.values()) {
    if (owners.length < 2) { continue; }
    problems.push(conflict(`${owners[0].resource} has more than one writer`,
      'two writable Milvus nodes on one metadata database or data directory each see the other\'s collections without their files, and corrupt both',
      owners.map(c => describe(c.owner, c.prop, c.share))));
  }
  return problems;
}

function attached(construct: IConstruct): boolean {
  for (let c = construct; c.node.scope; c = c.node.scope) {
    if (c.node.scope.node.tryFindChild(c.node.id) !== c) { return false; }
  }
  return true;
}

/** What identifies an object: an `ApiObject` or its synthesized manifest. */
interface ObjectHead {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
}

/**
 * `<group>/<kind>/<namespace>/<name>` of an object or of its synthesized manifest (the same key
 * for both); cluster-scoped kinds have no namespace, whatever their metadata says.
 */
export function identityOf(obj: ObjectHead): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const namespace = isClusterScopedKind(obj.kind) ? '' : obj.metadata.namespace ?? '';
  return `${group}/${obj.kind}/${namespace}/${obj.metadata.name}`;
}

function describe(construct: IConstruct, prop: string | undefined, share: string): OwnerDescription {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    const found = describers.get(c)?.(construct, prop);
    if (found) { return found; }
  }
  return { owner: prop ? `${construct.node.path} (${prop})` : construct.node.path, share };
}

function conflict(what: string, why: string, owners: OwnerDescription[]): string {
  const shares = owners.map(o => o.share).filter((s, i, all): s is string => s !== undefined && all.indexOf(s) === i);
  return `${what}: by ${owners.map(o => o.owner).join(' and by ')}; ${why}. To share instead: ${shares.join('; ')}`;
}

const ownerLabels = new WeakMap<IConstruct, string>();

/** Names a composition in conflict messages, e.g. by the config file it was built from (the CLI). */
export function setOwnerLabel(scope: IConstruct, label: string): void {
  ownerLabels.set(scope, label);
}

/** The label `setOwnerLabel` gave `scope`, else `fallback`. */
export function ownerLabel(scope: IConstruct, fallback: string): string {
  return ownerLabels.get(scope) ?? fallback;
}
