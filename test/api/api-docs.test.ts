/**
 * The public API is documented: every exported type and member has a summary, and every
 * optional struct property says what happens when it is left out (`@default`). Read from
 * the jsii assembly the build writes, so it covers exactly what users of every language see.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ASSEMBLY = join(__dirname, '..', '..', '.jsii');

function assembly(): any {
  if (!existsSync(ASSEMBLY)) {
    throw new Error('.jsii is missing: run the compile first (npm test does)');
  }
  return JSON.parse(readFileSync(ASSEMBLY, 'utf8'));
}

const types = (): Array<[string, any]> => Object.entries(assembly().types);

test('the assembly exports the documented building blocks', () => {
  const names = types().map(([, t]) => t.name);
  for (const expected of ['NfsProvisioner', 'MySql', 'ExternalMySql', 'MilvusNode', 'MilvusDataVolume', 'Mishards', 'MilvusCluster', 'MilvusClusterChart', 'MilvusVersion', 'Exposure', 'MishardsDiscovery', 'StorageClassRef', 'Errors']) {
    expect(names).toContain(expected);
  }
});

test('every optional struct property documents its @default', () => {
  const missing: string[] = [];
  for (const [fqn, t] of types()) {
    if (!t.datatype) { continue; }
    for (const p of t.properties ?? []) {
      if (p.optional && !p.docs?.default) { missing.push(`${fqn}.${p.name}`); }
    }
  }
  expect(missing).toEqual([]);
});

test('every exported type, property and method has a summary', () => {
  const missing: string[] = [];
  for (const [fqn, t] of types()) {
    if (!t.docs?.summary) { missing.push(fqn); }
    for (const m of [...(t.properties ?? []), ...(t.methods ?? [])]) {
      if (!m.docs?.summary) { missing.push(`${fqn}.${m.name}`); }
    }
    for (const m of t.members ?? []) {
      if (!m.docs?.summary) { missing.push(`${fqn}.${m.name}`); }
    }
  }
  expect(missing).toEqual([]);
});

test('struct properties are readonly (immutable)', () => {
  const mutable: string[] = [];
  for (const [fqn, t] of types()) {
    if (!t.datatype) { continue; }
    for (const p of t.properties ?? []) {
      if (!p.immutable) { mutable.push(`${fqn}.${p.name}`); }
    }
  }
  expect(mutable).toEqual([]);
});
