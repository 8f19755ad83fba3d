import { Chart, Testing } from 'cdk8s';
import { ValidationError } from '../../src/common/validation-error';
import { ExternalMySql, ExternalMySqlProps, IMetaStore } from '../../src/metastore';
import { expectGolden, synth, toYaml } from '../support';

function rejects(fn: () => unknown, ...fragments: string[]) {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(ValidationError.isValidationError(thrown)).toBe(true);
  for (const f of fragments) { expect((thrown as Error).message).toContain(f); }
}

const props = (): ExternalMySqlProps => ({
  host: 'databases.svc.cluster.local',
  user: 'milvus',
  passwordSecret: { secretName: 'milvus-db', key: 'password' },
});

describe('ExternalMySql', () => {
  test('synthesizes nothing and exposes the interface values', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'milvus' });
    const store: IMetaStore = new ExternalMySql(props());
    store.allowClients({ component: 'writable' });
    const objs = synth(chart);
    expect(objs).toEqual([]);
    expectGolden('metastore/external.k8s.yaml', toYaml(objs));
    expect(store.host).toBe('databases.svc.cluster.local');
    expect(store.port).toBe(3306);
    expect(store.database).toBe('milvus');
    expect(store.user).toBe('milvus');
    expect(store.passwordSecret).toEqual({ secretName: 'milvus-db', key: 'password' });
    expect(store.podSelector).toBeUndefined();
  });

  test('custom port, database and an IP address host', () => {
    const store = new ExternalMySql({ ...props(), host: '10.0.0.12', port: 13306, database: 'milvus_meta' });
    expect(store.host).toBe('10.0.0.12');
    expect(store.port).toBe(13306);
    expect(store.database).toBe('milvus_meta');
  });

  test.each([
    [{ host: 'bad host' }, 'invalid host'],
    [{ host: '' }, 'invalid host'],
    [{ port: 0 }, 'invalid port'],
    [{ port: 70000 }, 'invalid port'],
    [{ database: 'milvus-db' }, 'invalid database'],
    [{ user: 'root' }, 'invalid user'],
    [{ user: '' }, 'invalid user'],
    [{ passwordSecret: undefined }, 'invalid passwordSecret'],
    [{ passwordSecret: { secretName: '', key: 'password' } }, 'invalid passwordSecret.secretName'],
    [{ passwordSecret: { secretName: 'milvus-db', key: '' } }, 'invalid passwordSecret.key'],
  ] as Array<[Partial<ExternalMySqlProps>, string]>)('rejects %j', (overrides, fragment) => {
    rejects(() => new ExternalMySql({ ...props(), ...overrides }), fragment);
  });
});
