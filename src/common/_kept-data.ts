/**
 * Objects that hold data or credentials a release must not lose when its workloads are deleted,
 * re-created or pruned: the shared vector-data claim, the Secrets this library renders, the
 * Namespace (deleting it deletes everything in it). The CLI writes them to
 * `<release>.data.k8s.yaml`, applied once and never with `--prune`; everything else goes to
 * `<release>.k8s.yaml`. The construct that renders such an object marks it here, so the decision
 * lives with the object.
 */
import { ApiObject } from 'cdk8s';

const kept = new WeakSet<ApiObject>();

/** Marks `obj` as kept data; returns it. */
export function markKeptData<T extends ApiObject>(obj: T): T {
  kept.add(obj);
  return obj;
}

/** Whether `obj` was marked as kept data. */
export function isKeptData(obj: ApiObject): boolean {
  return kept.has(obj);
}
