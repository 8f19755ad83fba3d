/**
 * Checks shared by `MySql`, `ExternalMySql` and the consumers of an `IMetaStore` (`MilvusNode`,
 * `Mishards`), which check any implementation they are given. Database and user names end up in
 * the `meta_uri` / SQLAlchemy URI the Milvus and Mishards constructs build and in the
 * SQL the mysql image's entrypoint runs, so only characters that need no quoting or
 * escaping anywhere are accepted.
 */
import { SecretKeyRef } from './meta-store';
import * as check from '../common/_validators';
import { ValidationError } from '../common/validation-error';

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

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
