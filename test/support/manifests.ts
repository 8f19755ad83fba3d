import { Chart, Testing, Yaml } from 'cdk8s';

/** A synthesized Kubernetes object, as plain JSON. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** Synthesizes a chart (running every validation) into plain objects. */
export function synth(chart: Chart): K8sObject[] {
  return Testing.synth(chart) as K8sObject[];
}

/** The one object of a kind and name; fails the test with the list of what exists otherwise. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const hits = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (hits.length !== 1) {
    const have = objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ');
    throw new Error(`expected exactly one ${kind}/${name}, found ${hits.length}; objects: ${have}`);
  }
  return hits[0];
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter(o => o.kind === kind);
}

/** Multi-document YAML, as `kubectl apply -f` reads it. */
export function toYaml(objects: K8sObject[]): string {
  return Yaml.stringify(...objects);
}

/** Every container and init container of a pod-bearing object. */
export function containersOf(obj: K8sObject): any[] {
  const spec = podSpecOf(obj);
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}

export function podSpecOf(obj: K8sObject): any | undefined {
  if (obj.kind === 'Pod') { return obj.spec; }
  if (obj.kind === 'CronJob') { return obj.spec?.jobTemplate?.spec?.template?.spec; }
  return obj.spec?.template?.spec;
}
