/**
 * Policy suite: every control of the merged checklist (checklist.ts) over every object of
 * every scenario. Findings are accepted only where the object carries the ignore
 * annotations of an exemption from LINT_EXEMPTIONS, and every ignore annotation must be
 * justified by a real finding (no stale exemptions).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { LINT_EXEMPTIONS, LintExemption, LintExemptionId } from '../../src/common/_exemptions';
import { K8sObject, podSpecOf } from '../support';
import { carries, checksOf, CONTROLS, evaluate, PolicyContext } from './checklist';
import { FC_SEED, INVALID_CLI_CONFIGS, INVALID_INPUTS, INVALID_RUNS, VALID_RUNS } from './invalid-inputs';
import { allScenarios, matrixScenarios, Scenario, seedScenario, allOptionsScenario, synthScenario } from './scenarios';

const scenarios = allScenarios();
const totals = { checks: 0, objects: 0, excused: 0 };


function context(s: Scenario): PolicyContext {
  return { objects: synthScenario(s), scenario: s };
}

test.each(scenarios.map(s => [s.name, s] as const))('%s: every control holds or is excused by an annotated exemption, and no exemption is stale', (_n, s) => {
  const ctx = context(s);
  const result = evaluate(ctx);
  totals.checks += result.checks;
  totals.objects += ctx.objects.length;
  result.excused.forEach(n => { totals.excused += n; });
  expect(result.unexcused).toEqual([]);
  expect(result.stale).toEqual([]);
});

describe('every control can fail', () => {
  // The seed has a Role, a RoleBinding and 1-replica Deployments; all-options runs non-root with 2+ replicas and PDBs.
  const bases = [seedScenario(), allOptionsScenario()];
  test.each(CONTROLS.map(c => [c.id, c] as const))('%s: a broken copy of the manifests fails it', (_id, control) => {
    const newlyFailing = bases.flatMap(base => {
      const objects: K8sObject[] = JSON.parse(JSON.stringify(synthScenario(base)));
      const before = evaluate({ objects, scenario: base }, [control]).failures;
      try { control.breakIt(objects); } catch { return []; }
      const after = evaluate({ objects, scenario: base }, [control]);
      return [...after.failures].filter(([label, ids]) => ids.has(control.id) && !before.get(label)?.has(control.id)).map(([label]) => `${base.name}: ${label}`);
    });
    expect(newlyFailing.length).toBeGreaterThan(0);
  });
});

describe('the exemption list', () => {
  const ids = Object.keys(LINT_EXEMPTIONS) as LintExemptionId[];

  test.each(ids.map(id => [id] as const))('%s: every linter check it silences belongs to a control of a row it names, and it has a reason', id => {
    const e: LintExemption = LINT_EXEMPTIONS[id];
    expect(e.reason.length).toBeGreaterThan(20);
    for (const check of checksOf(e)) {
      const owners = CONTROLS.filter(c => c.linters.includes(check));
      expect({ check, rows: owners.map(c => c.checklist).filter(n => e.controls.includes(n)).length > 0 }).toEqual({ check, rows: true });
    }
  });

  test('an object that drops an annotation of its exemption is reported (the matching is strict)', () => {
    const s = seedScenario();
    const objects: K8sObject[] = JSON.parse(JSON.stringify(synthScenario(s)));
    const nfs = objects.find(o => o.kind === 'Deployment' && o.metadata.name.includes('nfs-client-provisioner'))!;
    expect(carries(nfs, 'no-health-endpoint')).toBe(true);
    delete nfs.metadata.annotations['polaris.fairwinds.com/livenessProbeMissing-exempt'];
    expect(carries(nfs, 'no-health-endpoint')).toBe(false);
    expect(evaluate({ objects, scenario: s }).unexcused.join('\n')).toContain('probes-present-and-different');
  });

  test('an annotation with nothing to excuse is reported as stale', () => {
    const s = seedScenario();
    const objects: K8sObject[] = JSON.parse(JSON.stringify(synthScenario(s)));
    const svc = objects.find(o => o.kind === 'Service' && o.spec.type !== 'NodePort')!;
    svc.metadata.annotations = { 'kube-score/ignore': 'service-type', 'polaris.fairwinds.com/madeUp-exempt': 'true' };
    const stale = evaluate({ objects, scenario: s }).stale.join('\n');
    expect(stale).toContain(`Service/${svc.metadata.name}: ignores kube-score:service-type, but no control`);
    expect(stale).toContain('ignores polaris:madeUp, which no exemption');
  });
});

describe('tokens and cluster-wide RBAC only where the exemption list says', () => {
  test.each(scenarios.map(s => [s.name, s] as const))('%s: only Mishards with kubernetes discovery and the NFS provisioner mount a token', (_n, s) => {
    const objects = synthScenario(s);
    const mounting = objects.filter(o => podSpecOf(o) && podSpecOf(o).automountServiceAccountToken !== false).map(o => o.metadata.name).sort();
    const expected = [
      ...(s.props.storage.nfs ? [objects.find(o => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/name'] === 'nfs-client-provisioner')!.metadata.name] : []),
      ...((s.props.mishards?.discovery?.type ?? 'kubernetes') === 'kubernetes' ? [`${s.props.releaseName}-milvus-mishards`] : []),
    ].sort();
    expect(mounting).toEqual(expected);
    for (const name of mounting) { expect(carries(objects.find(o => o.metadata.name === name && podSpecOf(o))!, 'api-client-token')).toBe(true); }
    // ClusterRoles (cluster-scoped RBAC) come from the NFS provisioner only.
    const clusterRbac = objects.filter(o => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding');
    expect(clusterRbac.every(o => o.metadata.labels?.['app.kubernetes.io/name'] === 'nfs-client-provisioner')).toBe(true);
    expect(clusterRbac.length).toBe(s.props.storage.nfs ? 2 : 0);
  });
});

/** The numbers the README's quality section quotes; regenerated with UPDATE_GOLDEN=1, otherwise checked. */
function countsMarkdown(): string {
  let objects = 0;
  let checks = 0;
  let excused = 0;
  for (const s of scenarios) {
    const r = evaluate(context(s));
    objects += synthScenario(s).length;
    checks += r.checks;
    r.excused.forEach(n => { excused += n; });
  }
  const rows = [...new Set(CONTROLS.map(c => c.checklist))].sort((a, b) => a - b);
  const generated = matrixScenarios().length;
  const named = scenarios.slice(0, scenarios.length - generated).map(sc => sc.name);
  return [
    '# Verification counts',
    '',
    'Generated by `test/verification/policy.test.ts` (`UPDATE_GOLDEN=1 npx jest test/verification`); the test fails when',
    'these numbers drift from what the suites really run.',
    '',
    '| What | Count |',
    '|---|---|',
    `| Policy controls (checklist rows ${rows.join(', ')} of test/verification/checklist.ts) | ${CONTROLS.length} |`,
    `| Accepted exemptions in \`LINT_EXEMPTIONS\` | ${Object.keys(LINT_EXEMPTIONS).length} |`,
    `| Scenarios (${named.join(', ')} + ${generated} pairwise-generated) | ${scenarios.length} |`,
    `| Objects validated (schema + semantic checks + every control) | ${objects} |`,
    `| Control checks (control x applicable object) | ${checks} |`,
    `| Findings excused by annotated exemptions | ${excused} |`,
    `| Invalid inputs tried (hand-written table + CLI configs + random, seed ${FC_SEED}) | ${INVALID_INPUTS.length + INVALID_CLI_CONFIGS.length + INVALID_RUNS} |`,
    `| Random valid configurations synthesized | ${VALID_RUNS} |`,
    '',
  ].join('\n');
}

test('COUNTS.md is current', () => {
  const file = join(__dirname, 'COUNTS.md');
  const actual = countsMarkdown();
  if (process.env.UPDATE_GOLDEN === '1') { writeFileSync(file, actual); }
  expect(existsSync(file) ? readFileSync(file, 'utf8') : 'missing: run UPDATE_GOLDEN=1 npx jest test/verification').toEqual(actual);
});

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`policy: ${CONTROLS.length} controls, ${scenarios.length} scenarios, ${totals.objects} objects, ${totals.checks} control checks, ${totals.excused} findings excused by annotated exemptions`);
});
