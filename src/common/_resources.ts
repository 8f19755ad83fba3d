import { k8s } from 'cdk8s-plus-28';
import { orDefault, quantity } from './_validators';
import { ContainerResources } from './container-resources';
import { propRef, ValidationError } from './validation-error';

/** Fully specified resources: the shape of a component's defaults. */
export type ResolvedResources = Required<ContainerResources>;

/** Small, fixed resources for init containers that only wait or write a file. */
export const INIT_CONTAINER_RESOURCES: ResolvedResources = {
  cpuRequest: '10m',
  cpuLimit: '100m',
  memoryRequest: '16Mi',
  memoryLimit: '64Mi',
  ephemeralStorageRequest: '1Mi',
  ephemeralStorageLimit: '16Mi',
};

/**
 * Merges user resources over the defaults, validates every quantity and that no
 * request exceeds its limit, and renders the Kubernetes `resources` block.
 */
export function renderResources(prop: string, user: ContainerResources | undefined, defaults: ResolvedResources): k8s.ResourceRequirements {
  const given = stripUndefined(user ?? {});
  const pairs: Array<[string, keyof ResolvedResources, keyof ResolvedResources]> = [
    ['cpu', 'cpuRequest', 'cpuLimit'],
    ['memory', 'memoryRequest', 'memoryLimit'],
    ['ephemeral-storage', 'ephemeralStorageRequest', 'ephemeralStorageLimit'],
  ];
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  for (const [resource, reqKey, limKey] of pairs) {
    const reqProp = `${prop}.${reqKey}`;
    const limProp = `${prop}.${limKey}`;
    const positive = (p: string, v: string) => quantity(p, v, { positive: true });
    const req = orDefault(reqProp, given[reqKey], defaults[reqKey], positive);
    const lim = orDefault(limProp, given[limKey], defaults[limKey], positive);
    if (req.value > lim.value) {
      const limitText = `${propRef(limProp)} is ${JSON.stringify(lim.text)}${given[limKey] === undefined ? ', the default' : ''}`;
      throw new ValidationError(reqProp, req.text, `a request must not exceed its limit (${limitText})`,
        { defaultSetBy: given[reqKey] === undefined ? reqProp : undefined });
    }
    requests[resource] = k8s.Quantity.fromString(req.text);
    limits[resource] = k8s.Quantity.fromString(lim.text);
  }
  return { requests, limits };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
