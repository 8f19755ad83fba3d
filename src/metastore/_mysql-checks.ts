/**
 * Checks shared by `MySql`, `ExternalMySql` and the consumers of an `IMetaStore` (`MilvusNode`,
 * `Mishards`), which check any implementation they are given. Database and user names end up in
 * the `meta_uri` / SQLAlchemy URI the Milvus and Mishards constructs build and in the
 * SQL the mysql image's entrypoint runs, so only characters that need no quoting or
 * escaping anywhere are accepted.
 */
import { IMetaStore, SecretKeyRef } from './meta-store';
import * as check from '../common/_validators';
import { ValidationError } from '../common/validation-error';

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** The shortest password accepted (the NOTES and the README quote it). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * The one set of characters a metastore password may contain: what every place the password
 * goes carries unchanged.
 * - Milvus's `general.meta_uri`, split by the greedy `(.*)://(.*):(.*)@(.*):(.*)/(.*)`
 *   (milvus-io/milvus 0.10.x/1.1.x, `core/src/server/ValidationUtil.cpp`, `ValidateDbURI`):
 *   no ":", "@" or "/".
 * - The plain YAML scalar it sits in and the `sed` that puts it there: no spaces, "#", "&", "\\" or "|".
 * - The single-quoted SQL of the mysql image's entrypoint (docker-library/mysql 5.7
 *   `docker-entrypoint.sh`, `CREATE USER ... IDENTIFIED BY '...'`): no "'" or "\\".
 * - The ownership guard's `mysql` option file (`password="..."`, MySQL's option-file syntax): no '"' or "\\".
 * - Mishards's SQLAlchemy URI: render-env URL-encodes the password, so it adds no limit
 *   (SQLAlchemy docs, "Escaping Special Characters such as @ signs in Passwords").
 * "%" is left out too: a percent-decoding reader would take it for an escape.
 */
export const PASSWORD_CHARACTERS = {
  /** For `tr -d` in the render-config script (the "-" last, so it is literal). */
  shellClass: 'A-Za-z0-9._~!*+=,^-',
  /** For messages. */
  words: 'letters, digits and . _ ~ ! * + = , ^ -',
  /** Whether every character of `password` is in the set. */
  test: (password: string): boolean => /^[A-Za-z0-9._~!*+=,^-]+$/.test(password),
} as const;

/** A MySQL database name (at most 64 characters, MySQL's limit). */
export function databaseName(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  if (s.length > 64 || !IDENTIFIER.test(s)) {
    throw new ValidationError(prop, value, 'a database name must be 1 to 64 letters, digits and "_"');
  }
  return s;
}

/** A MySQL user name (at most 32 characters, MySQL 5.7's limit) that is not `root`. */
export function userName(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  if (s.length > 32 || !IDENTIFIER.test(s)) {
    throw new ValidationError(prop, value, 'a MySQL user name must be 1 to 32 letters, digits and "_"');
  }
  if (s.toLowerCase() === 'root') {
    throw new ValidationError(prop, value, 'Milvus and Mishards must not connect as root: use a dedicated user (e.g. "milvus") with rights on the Milvus database only');
  }
  return s;
}

/** A reference to one key of a Secret in the consumer's namespace. */
export function secretKeyRef(prop: string, value: SecretKeyRef | undefined): SecretKeyRef {
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new ValidationError(prop, value, 'a Secret reference { secretName, key } is required');
  }
  return {
    secretName: check.dnsSubdomain(`${prop}.secretName`, value.secretName),
    key: check.secretKey(`${prop}.key`, value.key),
  };
}

/** What a consumer of an `IMetaStore` (a Milvus node, Mishards) connects with, checked. */
export interface MetaStoreFacts {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly secretName: string;
  readonly secretKey: string;
}

/**
 * The one check of a metadata store a consumer is given (any `IMetaStore` implementation): its
 * host, port, database, user and password Secret, each named `metaStore.<property>`.
 */
export function checkMetaStore(store: IMetaStore | undefined): MetaStoreFacts {
  if (!store || typeof store !== 'object') {
    throw new ValidationError('metaStore', store, 'a metadata store (MySql or an ExternalMySql) is required');
  }
  const { secretName, key: secretKey } = secretKeyRef('metaStore.passwordSecret', store.passwordSecret);
  return {
    host: check.host('metaStore.host', store.host),
    port: check.port('metaStore.port', store.port),
    database: databaseName('metaStore.database', store.database),
    user: userName('metaStore.user', store.user),
    secretName,
    secretKey,
  };
}

/**
 * Which database a metastore is, for the one-writer check: `<host>:<port>/<database>`, a
 * single-label name (a Service of the consumer's namespace) qualified with that
 * namespace, so `mysql` in two namespaces are two servers. Names are compared literally otherwise
 * (`db.example` and its IP address are not known to be one server).
 */
export function metaStoreIdentity(store: { host: string; port: number; database: string }, namespace: string): string {
  const host = store.host;
  const qualified = host.includes('.') || host.includes(':') ? host : `${host}.${namespace}`;
  return `${qualified}:${store.port}/${store.database}`;
}
