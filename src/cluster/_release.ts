import { helmFullname } from '../common/_names';
import * as check from '../common/_validators';
import { ValidationError } from '../common/validation-error';

/** The longest suffix a StatefulSet name gets after `<release>-milvus` (`-writable`). */
const LONGEST_STATEFUL_SET_SUFFIX = '-writable';

/**
 * Checks a cluster's release name once, up front, against every name derived from it:
 * the longest limit is the writable StatefulSet (`<release>-milvus-writable`, at most 52
 * characters), and the Milvus and MySQL objects must not share names (Helm's rule keeps
 * a release that contains "milvus" or "mysql" as is, so "milvus-mysql" would name both
 * Services `milvus-mysql`).
 */
export function checkReleaseName(value: unknown): string {
  const release = check.serviceName('releaseName', value);
  const fullname = helmFullname(release, 'milvus');
  check.derivedNames('releaseName', release, [['StatefulSet', `${fullname}${LONGEST_STATEFUL_SET_SUFFIX}`]]);
  if (fullname === helmFullname(release, 'mysql')) {
    throw new ValidationError('releaseName', value, 'must not contain both "milvus" and "mysql": the Milvus and MySQL Services would both be named after the release');
  }
  return release;
}
