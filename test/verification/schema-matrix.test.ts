/**
 * Schema matrix: every object of every scenario (seed, minimal, all-options and a
 * pairwise matrix of >= 50 configurations) against the Kubernetes OpenAPI schema
 * (kubernetes-models) and the checks the schema misses (test/support/semantic-checks.ts).
 */
import { K8sObject, podSpecOf, schemaErrors, semanticErrors } from '../support';
import { allScenarios, DIMENSIONS, matrixScenarios, MIN_MATRIX_ROWS, pairwiseRows, Scenario, synthScenario } from './scenarios';

const scenarios = allScenarios();
let objectsValidated = 0;

/** What kubernetes-models and semanticErrors do not already check: port ranges everywhere, selector consistency. */
function extraErrors(objects: K8sObject[]): string[] {
  const errors: string[] = [];
  const inRange = (label: string, what: string, p: unknown, min = 1, max = 65535) => {
    if (typeof p === 'number' && (!Number.isInteger(p) || p < min || p > max)) { errors.push(`${label}: ${what} ${p} outside ${min}-${max}`); }
  };
  for (const o of objects) {
    const label = `${o.kind}/${o.metadata.name}`;
    const spec = podSpecOf(o);
    for (const c of spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : []) {
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
        inRange(`${label} container ${c.name}`, 'probe port', probe?.httpGet?.port ?? probe?.tcpSocket?.port);
      }
    }
    if (o.kind === 'Service') {
      for (const p of o.spec?.ports ?? []) { inRange(label, 'targetPort', p.targetPort); }
    }
    if (o.kind === 'NetworkPolicy') {
      const rules = [...(o.spec?.ingress ?? []), ...(o.spec?.egress ?? [])];
      for (const r of rules) { for (const p of r.ports ?? []) { inRange(label, 'policy port', p.port); } }
      const types: string[] = o.spec?.policyTypes ?? [];
      if (o.spec?.egress !== undefined && !types.includes('Egress')) { errors.push(`${label}: egress rules without policyType Egress`); }
      if (o.spec?.ingress !== undefined && !types.includes('Ingress')) { errors.push(`${label}: ingress rules without policyType Ingress`); }
    }
    if (o.kind === 'StatefulSet' || o.kind === 'Deployment') {
      // Selectors are immutable: they may only use labels that never change (no version).
      const sel = o.spec?.selector?.matchLabels ?? {};
      if ('app.kubernetes.io/version' in sel) { errors.push(`${label}: selector uses the mutable version label`); }
      const anti = o.spec?.template?.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      for (const term of anti) {
        const ml = term.podAffinityTerm?.labelSelector?.matchLabels ?? {};
        const own = o.spec?.template?.metadata?.labels ?? {};
        if (!Object.entries(ml).every(([k, v]) => own[k] === v)) { errors.push(`${label}: anti-affinity selector does not match its own pods`); }
      }
    }
    if (o.kind === 'PersistentVolumeClaim' && o.spec?.volumeName) {
      if (!objects.some(pv => pv.kind === 'PersistentVolume' && pv.metadata.name === o.spec.volumeName)) { errors.push(`${label}: volumeName ${o.spec.volumeName} not rendered`); }
    }
  }
  return errors;
}

function errorsOf(s: Scenario): string[] {
  const objects = synthScenario(s);
  objectsValidated += objects.length;
  return [...schemaErrors(objects), ...semanticErrors(objects), ...extraErrors(objects)].map(e => `${s.name}: ${e}`);
}

test(`the matrix has at least ${MIN_MATRIX_ROWS} configurations and covers every pair of dimension values`, () => {
  const rows = pairwiseRows();
  expect(rows.length).toBeGreaterThanOrEqual(MIN_MATRIX_ROWS);
  const missing: string[] = [];
  DIMENSIONS.forEach((a, ai) => DIMENSIONS.forEach((b, bi) => {
    if (bi <= ai) { return; }
    a.values.forEach((_va, va) => b.values.forEach((_vb, vb) => {
      if (!rows.some(r => r[ai] === va && r[bi] === vb)) { missing.push(`${a.name}=${a.values[va]} with ${b.name}=${b.values[vb]}`); }
    }));
  }));
  expect(missing).toEqual([]);
  // Names are unique, so failures point at one configuration.
  const names = matrixScenarios().map(s => s.name);
  expect(new Set(names).size).toBe(names.length);
});

test.each(scenarios.map(s => [s.name, s] as const))('%s: every object is schema-valid and semantically valid', (_name, s) => {
  expect(errorsOf(s)).toEqual([]);
});

test('the extra checks catch what they claim (broken copies fail)', () => {
  const objects: K8sObject[] = JSON.parse(JSON.stringify(synthScenario(scenarios[0])));
  const np = objects.find(o => o.kind === 'NetworkPolicy' && o.spec.egress)!;
  np.spec.policyTypes = ['Ingress'];
  np.spec.egress[0].ports = [{ port: 70000, protocol: 'TCP' }];
  const sts = objects.find(o => o.kind === 'StatefulSet')!;
  sts.spec.selector.matchLabels['app.kubernetes.io/version'] = 'x';
  const errors = extraErrors(objects);
  expect(errors).toEqual(expect.arrayContaining([
    expect.stringContaining('policy port 70000'),
    expect.stringContaining('egress rules without policyType Egress'),
    expect.stringContaining('mutable version label'),
  ]));
  // ...and the shared semantic checks see a duplicate and a dangling Service.
  const svc = objects.find(o => o.kind === 'Service')!;
  objects.push(JSON.parse(JSON.stringify(svc)));
  svc.spec.selector = { nothing: 'here' };
  const semantic = semanticErrors(objects).join('\n');
  expect(semantic).toContain('duplicate name');
  expect(semantic).toContain('matches no pod template');
});

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`schema matrix: ${scenarios.length} scenarios (${scenarios.length - 3} generated), ${objectsValidated} objects validated`);
});
