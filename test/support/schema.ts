/**
 * Validates synthesized objects against the Kubernetes OpenAPI schema shipped in
 * `kubernetes-models` (offline: no API server is available). Schema validation
 * misses names, port ranges and cross-object consistency; `semantic-checks.ts`
 * covers those.
 */
import type { K8sObject } from './manifests';

const modelCache = new Map<string, any>();

function modelFor(apiVersion: string, kind: string): any {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    // core group lives at "kubernetes-models/v1", others at "kubernetes-models/<group>/<version>".
    const modulePath = `kubernetes-models/${apiVersion}`;
    let mod: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(modulePath);
    } catch {
      mod = undefined;
    }
    modelCache.set(key, mod?.[kind]);
  }
  return modelCache.get(key);
}

/** Returns one message per invalid object: `<Kind>/<name>: <schema message>`. */
export function schemaErrors(objects: K8sObject[]): string[] {
  const errors: string[] = [];
  for (const obj of objects) {
    const label = `${obj.kind}/${obj.metadata?.name}`;
    const Model = modelFor(obj.apiVersion, obj.kind);
    if (!Model) {
      errors.push(`${label}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e: any) {
      errors.push(`${label}: ${e.message}`);
    }
  }
  return errors;
}

/** Jest helper: every object must be schema-valid. */
export function expectSchemaValid(objects: K8sObject[]): void {
  expect(schemaErrors(objects)).toEqual([]);
}
