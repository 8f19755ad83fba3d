import { isIP } from 'net';
import * as fc from 'fast-check';
import * as scheduling from '../../src/common/_scheduling-checks';
import * as check from '../../src/common/_validators';
import { Errors, ValidationError } from '../../src/common/validation-error';

function rejects(fn: () => unknown, fragment: string) {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(ValidationError.isValidationError(thrown)).toBe(true);
  expect((thrown as Error).message).toContain(fragment);
}

describe('names', () => {
  test.each(['a', 'my-release', 'x1', 'a'.repeat(63)])('DNS-1123 label accepts %s', v => {
    expect(check.dnsLabel('name', v)).toBe(v);
  });
  test.each(['', 'A', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64)])('DNS-1123 label rejects %j', v => {
    rejects(() => check.dnsLabel('name', v), 'invalid name');
  });
  test('subdomain accepts dots, rejects long and bad labels', () => {
    expect(check.dnsSubdomain('n', 'nfs-client.example.com')).toBe('nfs-client.example.com');
    rejects(() => check.dnsSubdomain('n', 'a..b'), 'DNS-1123 subdomain');
    rejects(() => check.dnsSubdomain('n', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`), 'at most 253');
  });
  test('Service names must start with a letter (DNS-1035)', () => {
    expect(check.serviceName('s', 'my-release-milvus')).toBe('my-release-milvus');
    rejects(() => check.serviceName('release', '1-milvus'), 'DNS-1035');
  });
  test('StatefulSet names stop at 52 characters', () => {
    expect(check.statefulSetName('s', 'a'.repeat(52))).toHaveLength(52);
    rejects(() => check.statefulSetName('s', 'a'.repeat(53)), 'at most 52');
  });
  test('objectName picks the rule by kind', () => {
    rejects(() => check.objectName('Service', 'metadata.name', '9svc'), 'DNS-1035');
    expect(check.objectName('ConfigMap', 'metadata.name', '9.cm')).toBe('9.cm');
  });
  test('label keys and values', () => {
    expect(check.labels('labels', { 'app.kubernetes.io/name': 'milvus', 'team': 'search_1' })).toEqual({ 'app.kubernetes.io/name': 'milvus', 'team': 'search_1' });
    rejects(() => check.labels('labels', { 'Bad Key': 'x' }), 'invalid labels key');
    rejects(() => check.labels('labels', { ok: '-bad' }), 'invalid labels.ok');
  });
});

describe('numbers and ports', () => {
  test('ports are 1-65535 unless narrowed', () => {
    expect(check.port('p', 19530)).toBe(19530);
    rejects(() => check.port('p', 0), 'from 1 to 65535');
    rejects(() => check.port('p', 65536), 'from 1 to 65535');
    rejects(() => check.port('p', 1.5), 'integer');
    rejects(() => check.port('nodePort', 19530, 30000, 32767), 'from 30000 to 32767');
  });
  test.each(['engine', 'web', 'mysql', 'http-2'])('IANA port name %s', v => expect(check.portName('n', v)).toBe(v));
  test.each(['123', 'a--b', '-a', 'toolongportname1', 'Web'])('bad port name %j', v => rejects(() => check.portName('n', v), 'IANA'));
  test('integers in range', () => {
    expect(check.integer('replicas', 3, 0, 10)).toBe(3);
    rejects(() => check.integer('replicas', -1, 0, 10), 'from 0 to 10');
    rejects(() => check.integer('replicas', '3' as any, 0, 10), 'got "3"');
  });
});

describe('quantities', () => {
  test.each([['500m', 0.5], ['2', 2], ['1.5', 1.5], ['512Mi', 512 * 2 ** 20], ['50Gi', 50 * 2 ** 30], ['1e3', 1000], ['4G', 4e9]])('%s parses', (text, value) => {
    expect(check.quantity('q', text).value).toBeCloseTo(value as number);
  });
  test.each(['1.2.3', 'Gi', '5 Gi', '5gb', '50GB', '-'])('%j is not a quantity', v => rejects(() => check.quantity('q', v), 'Kubernetes quantity'));
  test('storage sizes are positive whole bytes', () => {
    expect(check.storageSize('size', '50Gi')).toBe('50Gi');
    rejects(() => check.storageSize('size', '0'), 'greater than zero');
    rejects(() => check.storageSize('size', '-1Gi'), 'greater than zero');
    rejects(() => check.storageSize('size', '100m'), 'whole number of bytes');
  });
});

describe('hosts, paths, CIDRs, images', () => {
  test.each(['192.168.1.31', 'fd00::1', 'nfs.example.com', 'nas'])('host %s', v => expect(check.host('nfs.server', v)).toBe(v));
  test.each(['', '192.168.1', '999.1.1.1', 'NAS!', 'a..b', 'http://nas', 'fe80::1%eth0'])('bad host %j', v => rejects(() => check.host('nfs.server', v), 'invalid nfs.server'));
  test.each(['192.168.1.31', '0.0.0.0', '::', '::1', 'fd00::1', '::ffff:10.0.0.1', 'fe80::1%eth0', '1.2.3', '01.2.3.4', '1:2', 'a:b', 'nas', ''])(
    'ipFamily(%j) = net.isIP', v => expect(check.ipFamily(v)).toBe(isIP(v)));
  test('ipFamily agrees with net.isIP on generated addresses and near-misses', () => {
    const part = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:%'), maxLength: 45 }));
    fc.assert(fc.property(part, v => check.ipFamily(v) === isIP(v)), { seed: 7, numRuns: 5000 });
  });
  test.each(['password', 'mysql-root-password', 'a.b_c-1', '.hidden', 'x'.repeat(253)])('Secret key %s', v => expect(check.secretKey('k', v)).toBe(v));
  test.each(['', '.', '..', '..data', 'a/b', 'a b', 'x'.repeat(254)])('bad Secret key %j (apimachinery IsConfigMapKey)', v => rejects(() => check.secretKey('k', v), 'invalid k'));
  test('absolute paths only', () => {
    expect(check.absolutePath('nfs.path', '/nfs')).toBe('/nfs');
    rejects(() => check.absolutePath('nfs.path', 'nfs'), 'absolute path');
    rejects(() => check.absolutePath('nfs.path', '/a/../b'), 'absolute path');
  });
  test('CIDR blocks', () => {
    expect(check.cidr('c', '10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(check.cidr('c', 'fd00::/8')).toBe('fd00::/8');
    rejects(() => check.cidr('c', '10.0.0.0/33'), 'CIDR');
    rejects(() => check.cidr('c', '10.0.0.0'), 'CIDR');
  });
  test('images must be pinned', () => {
    expect(check.pinnedImage('image', 'milvusdb/milvus:0.10.0-cpu-d061620-5f3c00')).toContain('0.10.0');
    expect(check.pinnedImage('image', 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2')).toContain('v4.0.2');
    expect(check.pinnedImage('image', `busybox@sha256:${'a'.repeat(64)}`)).toContain('sha256');
    rejects(() => check.pinnedImage('image', 'mysql'), 'pinned');
    rejects(() => check.pinnedImage('image', 'mysql:latest'), 'pinned');
    rejects(() => check.pinnedImage('image', 'My Image:1'), 'pinned');
  });
});

describe('ValidationError', () => {
  test('names the prop, the value and what is allowed', () => {
    const e = new ValidationError('nfs.path', 'nfs', 'must be absolute');
    expect(e.message).toBe('invalid nfs.path: got "nfs"; must be absolute');
    expect(e.prop).toBe('nfs.path');
    expect(e).toBeInstanceOf(Error);
    expect(Errors.isValidationError(e)).toBe(true);
    expect(Errors.invalidProp(e)).toBe('nfs.path');
    expect(Errors.isValidationError(new Error('x'))).toBe(false);
  });
  test('empty strings are rejected as missing', () => {
    rejects(() => check.portName('ports.name', ''), 'a non-empty string is required');
    rejects(() => check.quantity('memory', ''), 'a non-empty string is required');
  });
  test('says when a required value is missing', () => {
    expect(new ValidationError('nfs.server', undefined, 'required').message).toContain('nothing (the property is required)');
  });
});

describe('tolerations (core/v1 ValidateTolerations)', () => {
  test.each<[string, unknown[]]>([
    ['empty list', []],
    ['key with Equal and a value', [{ key: 'dedicated', operator: 'Equal', value: 'milvus', effect: 'NoSchedule' }]],
    ['operator defaults to Equal, value optional', [{ key: 'example.com/gpu' }]],
    ['Exists without key matches every taint', [{ operator: 'Exists' }]],
    ['Exists with an empty key and value', [{ key: '', operator: 'Exists', value: '' }]],
    ['empty operator and effect count as unset', [{ key: 'a', operator: '', effect: '', value: 'b' }]],
    ['tolerationSeconds with NoExecute', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]],
    ['zero and negative tolerationSeconds (evict at once)', [{ key: 'a', effect: 'NoExecute', tolerationSeconds: 0 }, { key: 'b', effect: 'NoExecute', tolerationSeconds: -5 }]],
    ['PreferNoSchedule', [{ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }]],
  ])('accepts %s', (_name, value) => {
    const out = scheduling.tolerations('tolerations', value);
    expect(out).toEqual(value);
    expect(out).not.toBe(value);
  });

  test.each<[string, unknown, string, string]>([
    ['not a list', { key: 'a' }, 'readonly.tolerations', 'list of tolerations'],
    ['an entry that is not an object', ['a'], 'readonly.tolerations[0]', 'an object'],
    ['a null entry', [null], 'readonly.tolerations[0]', 'an object'],
    ['an unknown field', [{ key: 'a', operator: 'Exists', tolerationSecond: 5 }], 'readonly.tolerations[0].tolerationSecond', 'only the keys'],
    ['tolerationSeconds as a string', [{ key: 'a', effect: 'NoExecute', tolerationSeconds: 'abc' }], 'readonly.tolerations[0].tolerationSeconds', 'whole number of seconds'],
    ['fractional tolerationSeconds', [{ key: 'a', effect: 'NoExecute', tolerationSeconds: 1.5 }], 'readonly.tolerations[0].tolerationSeconds', 'whole number'],
    ['tolerationSeconds without NoExecute', [{ key: 'a', effect: 'NoSchedule', tolerationSeconds: 60 }], 'readonly.tolerations[0].tolerationSeconds', '"NoExecute"'],
    ['tolerationSeconds without effect', [{ key: 'a', operator: 'Exists', tolerationSeconds: 60 }], 'readonly.tolerations[0].tolerationSeconds', '"NoExecute"'],
    ['unknown operator', [{ key: 'a', operator: 'In' }], 'readonly.tolerations[0].operator', '"Equal", "Exists"'],
    ['lower-case operator', [{ key: 'a', operator: 'exists' }], 'readonly.tolerations[0].operator', '"Equal", "Exists"'],
    ['unknown effect', [{ key: 'a', operator: 'Exists', effect: 'NoScheduling' }], 'readonly.tolerations[0].effect', '"NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['no key with Equal', [{ value: 'x' }], 'readonly.tolerations[0].key', 'operator "Exists"'],
    ['empty key with explicit Equal', [{ key: '', operator: 'Equal' }], 'readonly.tolerations[0].key', 'operator "Exists"'],
    ['bad key', [{ key: 'bad key!', operator: 'Exists' }], 'readonly.tolerations[0].key', 'label or annotation key'],
    ['key not a string', [{ key: 5, operator: 'Exists' }], 'readonly.tolerations[0].key', 'non-empty string'],
    ['bad value', [{ key: 'a', value: '-x-' }], 'readonly.tolerations[0].value', 'label value'],
    ['value too long', [{ key: 'a', value: 'v'.repeat(64) }], 'readonly.tolerations[0].value', 'at most 63'],
    ['value with Exists', [{ key: 'a', operator: 'Exists', value: 'x' }], 'readonly.tolerations[0].value', 'must be empty'],
    ['second entry bad', [{ operator: 'Exists' }, { key: 'a', effect: 'Evict' }], 'readonly.tolerations[1].effect', 'must be one of'],
  ])('rejects %s', (_name, value, prop, fragment) => {
    let thrown: unknown;
    try { scheduling.tolerations('readonly.tolerations', value); } catch (e) { thrown = e; }
    expect(ValidationError.isValidationError(thrown)).toBe(true);
    expect((thrown as ValidationError).prop).toBe(prop);
    expect((thrown as Error).message).toContain(fragment);
  });
});

describe('affinity', () => {
  const node = (expr: object) => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } },
  });
  test('accepts node, pod and anti-affinity as the API defines them', () => {
    const value = {
      ...node({ key: 'zone', operator: 'In', values: ['a', 'b'] }),
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } } }],
      },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }],
      },
    };
    expect(scheduling.affinity('affinity', value)).toBe(value);
    const terms = (expr: object) => (scheduling.affinity('affinity', node(expr)) as any).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms({ key: 'cpu', operator: 'Gt', values: ['8'] })).toEqual([{ matchExpressions: [{ key: 'cpu', operator: 'Gt', values: ['8'] }] }]);
    // Go's ParseInt takes a sign.
    expect(terms({ key: 'cpu', operator: 'Lt', values: ['+5'] })).toEqual([{ matchExpressions: [{ key: 'cpu', operator: 'Lt', values: ['+5'] }] }]);
  });
  test.each([
    ['an unknown key', { nodeAfinity: {} }, 'invalid affinity.nodeAfinity'],
    ['In without values', node({ key: 'zone', operator: 'In' }), 'needs at least one value'],
    ['Exists with values', node({ key: 'zone', operator: 'Exists', values: ['a'] }), 'takes no values'],
    ['Gt with a word', node({ key: 'cpu', operator: 'Gt', values: ['many'] }), 'exactly one integer value'],
    ['an unknown operator', node({ key: 'zone', operator: 'Near', values: ['a'] }), 'must be one of'],
    ['no node selector terms', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }, 'non-empty list'],
    ['a weight of 0', { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'h' } }] } }, 'from 1 to 100'],
    ['no topology key', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }] } }, 'topologyKey'],
    ['a list instead of a mapping', [], 'must be a mapping'],
    ['a label selector value that is no label value', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'h', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['bad value!'] }] } }] } }, 'a label value'],
    ['a field selector on another field', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'spec.nodeName', operator: 'In', values: ['n1'] }] }] } } }, '"metadata.name"'],
    ['a field selector with two values', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] }] } } }, 'exactly one value'],
  ])('rejects %s', (_name, value, fragment) => {
    rejects(() => scheduling.affinity('affinity', value), fragment);
  });
});
