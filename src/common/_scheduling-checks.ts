/**
 * Checks of a pod's scheduling fields a config file sets (tolerations, affinity), after the API
 * server's own (`ValidateTolerations`, `ValidateAffinity` in kubernetes
 * `pkg/apis/core/validation/validation.go`), so a config read from JSON or YAML cannot render a
 * pod the API server rejects.
 */
import { dnsLabel, integer, labelKey, labels, labelValue, oneOf } from './_validators';
import { ValidationError } from './validation-error';

const TOLERATION_KEYS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/**
 * Pod tolerations (core/v1 `Toleration`), checked as `ValidateTolerations` in
 * `pkg/apis/core/validation/validation.go` does, so a config read from JSON or YAML
 * cannot render a pod the API server rejects. Entries are `prop[i]`; fields are
 * `prop[i].key` and so on. An empty `operator` or `effect` counts as unset, as in
 * Kubernetes. Returns copies of the entries, keys in the order given.
 */
export function tolerations(prop: string, value: unknown): Array<{
  key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number;
}> {
  if (!Array.isArray(value)) {
    throw new ValidationError(prop, value, 'must be a list of tolerations ({ key, operator, value, effect, tolerationSeconds })');
  }
  return value.map((entry: unknown, i) => {
    const at = `${prop}[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ValidationError(at, entry, 'a toleration is an object with the keys key, operator, value, effect and tolerationSeconds');
    }
    const t = entry as Record<string, unknown>;
    for (const k of Object.keys(t)) {
      if (!TOLERATION_KEYS.includes(k)) {
        throw new ValidationError(`${at}.${k}`, t[k], 'a toleration has only the keys key, operator, value, effect and tolerationSeconds');
      }
    }
    const operator = t.operator === undefined || t.operator === ''
      ? 'Equal'
      : oneOf(`${at}.operator`, t.operator, TOLERATION_OPERATORS);
    if (t.effect !== undefined && t.effect !== '') {
      oneOf(`${at}.effect`, t.effect, TAINT_EFFECTS);
    }
    if (t.key === undefined || t.key === '') {
      if (operator !== 'Exists') {
        throw new ValidationError(`${at}.key`, t.key, 'a toleration without a key matches every taint and needs operator "Exists"');
      }
    } else {
      labelKey(`${at}.key`, t.key);
    }
    if (operator === 'Exists') {
      if (t.value !== undefined && t.value !== '') {
        throw new ValidationError(`${at}.value`, t.value, 'must be empty when operator is "Exists" (it matches any value)');
      }
    } else if (t.value !== undefined) {
      labelValue(`${at}.value`, t.value);
    }
    if (t.tolerationSeconds !== undefined) {
      if (typeof t.tolerationSeconds !== 'number' || !Number.isSafeInteger(t.tolerationSeconds)) {
        throw new ValidationError(`${at}.tolerationSeconds`, t.tolerationSeconds, 'must be a whole number of seconds (zero or negative evicts at once)');
      }
      if (t.effect !== 'NoExecute') {
        throw new ValidationError(`${at}.tolerationSeconds`, t.tolerationSeconds, 'only tolerations with effect "NoExecute" may set tolerationSeconds');
      }
    }
    return { ...t };
  });
}

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

function plainObject(prop: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(prop, value, `must be a mapping with the keys ${keys.join(', ')}`);
  }
  for (const k of Object.keys(value)) {
    if (!keys.includes(k)) { throw new ValidationError(`${prop}.${k}`, (value as any)[k], `is not a key here; allowed: ${keys.join(', ')}`); }
  }
  return value as Record<string, unknown>;
}

function list(prop: string, value: unknown, each: (p: string, v: unknown) => void, nonEmpty = false): void {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    throw new ValidationError(prop, value, nonEmpty ? 'must be a non-empty list' : 'must be a list');
  }
  value.forEach((v, i) => each(`${prop}[${i}]`, v));
}

/**
 * A `matchExpressions` requirement: In/NotIn need values, Exists/DoesNotExist none, Gt/Lt one
 * integer. Label selectors' values are label values; node selectors' are free strings.
 */
function requirement(prop: string, value: unknown, operators: readonly string[], labelValues: boolean): void {
  const r = plainObject(prop, value, ['key', 'operator', 'values']);
  labelKey(`${prop}.key`, r.key);
  const op = oneOf(`${prop}.operator`, r.operator, operators);
  const values = r.values;
  if (values !== undefined) {
    list(`${prop}.values`, values, (p, v) => {
      if (typeof v !== 'string') { throw new ValidationError(p, v, 'must be a string'); }
      if (labelValues) { labelValue(p, v); }
    });
  }
  const n = Array.isArray(values) ? values.length : 0;
  if ((op === 'In' || op === 'NotIn') && n === 0) { throw new ValidationError(`${prop}.values`, values, `operator ${op} needs at least one value`); }
  if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) { throw new ValidationError(`${prop}.values`, values, `operator ${op} takes no values`); }
  if ((op === 'Gt' || op === 'Lt') && (n !== 1 || !/^[+-]?[0-9]+$/.test((values as string[])[0]))) {
    throw new ValidationError(`${prop}.values`, values, `operator ${op} takes exactly one integer value`);
  }
}

function nodeSelectorTerm(prop: string, value: unknown): void {
  const t = plainObject(prop, value, ['matchExpressions', 'matchFields']);
  if (t.matchExpressions !== undefined) { list(`${prop}.matchExpressions`, t.matchExpressions, (p, v) => requirement(p, v, NODE_OPERATORS, false)); }
  if (t.matchFields !== undefined) {
    // The API server supports one field, metadata.name, with exactly one value.
    list(`${prop}.matchFields`, t.matchFields, (p, v) => {
      requirement(p, v, ['In', 'NotIn'], false);
      const f = v as { key: string; values: string[] };
      if (f.key !== 'metadata.name') { throw new ValidationError(`${p}.key`, f.key, 'the only supported field is "metadata.name"'); }
      if (f.values.length !== 1) { throw new ValidationError(`${p}.values`, f.values, 'a field selector takes exactly one value'); }
    });
  }
}

function labelSelector(prop: string, value: unknown): void {
  const s = plainObject(prop, value, ['matchLabels', 'matchExpressions']);
  if (s.matchLabels !== undefined) { labels(`${prop}.matchLabels`, s.matchLabels as Record<string, string>); }
  if (s.matchExpressions !== undefined) { list(`${prop}.matchExpressions`, s.matchExpressions, (p, v) => requirement(p, v, LABEL_OPERATORS, true)); }
}

function podAffinityTerm(prop: string, value: unknown): void {
  const t = plainObject(prop, value, ['topologyKey', 'labelSelector', 'namespaces', 'namespaceSelector', 'matchLabelKeys', 'mismatchLabelKeys']);
  labelKey(`${prop}.topologyKey`, t.topologyKey);
  if (t.labelSelector !== undefined) { labelSelector(`${prop}.labelSelector`, t.labelSelector); }
  if (t.namespaceSelector !== undefined) { labelSelector(`${prop}.namespaceSelector`, t.namespaceSelector); }
  if (t.namespaces !== undefined) { list(`${prop}.namespaces`, t.namespaces, (p, v) => dnsLabel(p, v)); }
  for (const k of ['matchLabelKeys', 'mismatchLabelKeys']) {
    if (t[k] !== undefined) { list(`${prop}.${k}`, t[k], (p, v) => labelKey(p, v)); }
  }
}

function weighted(prop: string, value: unknown, termKey: string, term: (p: string, v: unknown) => void): void {
  const w = plainObject(prop, value, ['weight', termKey]);
  integer(`${prop}.weight`, w.weight, 1, 100);
  term(`${prop}.${termKey}`, w[termKey]);
}

/**
 * A pod's `affinity` (node affinity, pod affinity and anti-affinity), checked for what a config
 * file most often gets wrong, after the API server's `ValidateAffinity`: known keys only,
 * operators and their values, field selectors, weights 1-100, topology keys, label keys and
 * values. Not every server-side rule is repeated.
 */
export function affinity<T>(prop: string, value: T): T {
  const a = plainObject(prop, value, ['nodeAffinity', 'podAffinity', 'podAntiAffinity']);
  const scheduling = ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'];
  if (a.nodeAffinity !== undefined) {
    const n = plainObject(`${prop}.nodeAffinity`, a.nodeAffinity, scheduling);
    const required = n.requiredDuringSchedulingIgnoredDuringExecution;
    if (required !== undefined) {
      const r = plainObject(`${prop}.nodeAffinity.${scheduling[0]}`, required, ['nodeSelectorTerms']);
      list(`${prop}.nodeAffinity.${scheduling[0]}.nodeSelectorTerms`, r.nodeSelectorTerms, nodeSelectorTerm, true);
    }
    if (n.preferredDuringSchedulingIgnoredDuringExecution !== undefined) {
      list(`${prop}.nodeAffinity.${scheduling[1]}`, n.preferredDuringSchedulingIgnoredDuringExecution,
        (p, v) => weighted(p, v, 'preference', nodeSelectorTerm));
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    if (a[kind] === undefined) { continue; }
    const k = plainObject(`${prop}.${kind}`, a[kind], scheduling);
    if (k.requiredDuringSchedulingIgnoredDuringExecution !== undefined) {
      list(`${prop}.${kind}.${scheduling[0]}`, k.requiredDuringSchedulingIgnoredDuringExecution, podAffinityTerm);
    }
    if (k.preferredDuringSchedulingIgnoredDuringExecution !== undefined) {
      list(`${prop}.${kind}.${scheduling[1]}`, k.preferredDuringSchedulingIgnoredDuringExecution,
        (p, v) => weighted(p, v, 'podAffinityTerm', podAffinityTerm));
    }
  }
  return value;
}
