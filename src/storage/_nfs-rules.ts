/**
 * Input rules specific to NFS provisioning: kubernetes-sigs/nfs-subdir-external-provisioner v4.0.2
 * (`cmd/nfs-subdir-external-provisioner/provisioner.go`), nfs(5) on locking, and the API server's
 * `validateNFSVolumeSource` / `validateProvisioner` (kubernetes `pkg/apis/core/validation/validation.go`,
 * `pkg/apis/storage/validation/validation.go`). Internal: not exported from the barrel.
 */
import * as check from '../common/_validators';
import { ValidationError } from '../common/validation-error';

/**
 * NFS mount options, rejecting those that make POSIX (`fcntl`) locks local to one
 * client (nfs(5)): Milvus's writable node relies on `fcntl` locks on the shared
 * volume to refuse a second writer, so `nolock`, `local_lock=posix` and
 * `local_lock=all` would let two writers corrupt the data. `local_lock=none` and
 * `local_lock=flock` (only `flock()` locks local, `fcntl` locks still go to the
 * server) are fine.
 */
export function mountOptions(prop: string, value: unknown): string[] {
  if (value === undefined) { return []; }
  if (!Array.isArray(value)) {
    throw new ValidationError(prop, value, 'must be a list of NFS mount options such as ["rw", "nfsvers=4.1"]');
  }
  return value.map((opt, i) => {
    const p = `${prop}[${i}]`;
    if (typeof opt !== 'string' || opt.length === 0 || /\s/.test(opt)) {
      throw new ValidationError(p, opt, 'a mount option must be a non-empty string without spaces, e.g. "nfsvers=4.1"');
    }
    // The kubelet joins the list with commas, so "rw,nolock" in one entry is two options.
    for (const token of opt.split(',')) {
      const [key, val] = token.toLowerCase().split('=', 2);
      if (token.length === 0) {
        throw new ValidationError(p, opt, 'a mount option must not contain empty comma-separated parts');
      }
      if (key === 'nolock' || (key === 'local_lock' && val !== 'none' && val !== 'flock')) {
        throw new ValidationError(p, opt, '"nolock", "local_lock=posix" and "local_lock=all" make POSIX (fcntl) locks client-local, which defeats the lock that keeps a second writable Milvus node out; remove the option ("local_lock=none" and "local_lock=flock" are accepted)');
      }
    }
    return opt;
  });
}

// ${.PVC.<key>} as the v4.0.2 provisioner parses it (`provisioner.go` `pattern`).
const PLACEHOLDER = /\$\{\.PVC\.([^}]*)\}/g;
const LITERAL = /^[A-Za-z0-9._\-/]*$/;

/**
 * A `pathPattern` that only uses the placeholders the provisioner knows and stays
 * inside the export: relative, no ".." or empty segments, at least one placeholder
 * (a constant pattern would put every volume in the same directory).
 */
export function pathPattern(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  const allowed = 'must be a relative path template using only ${.PVC.namespace}, ${.PVC.name}, ${.PVC.labels.<key>} and ${.PVC.annotations.<key>} '
    + 'plus letters, digits, ".", "_", "-" and "/", with no ".." or empty segments, e.g. "${.PVC.namespace}-${.PVC.name}"';
  let placeholders = 0;
  const literal = s.replace(PLACEHOLDER, (_m, key: string) => {
    placeholders++;
    const known = key === 'namespace' || key === 'name' || validMetadataKey(key, 'labels.') || validMetadataKey(key, 'annotations.');
    if (!known) { throw new ValidationError(prop, value, `${allowed}; unknown placeholder \${.PVC.${key}}`); }
    return 'x';
  });
  if (placeholders === 0) {
    throw new ValidationError(prop, value, `${allowed}; without a placeholder every volume would share one directory`);
  }
  const segments = literal.split('/');
  if (!LITERAL.test(literal) || literal.startsWith('/') || segments.some(seg => seg === '' || seg === '..' || seg === '.')) {
    throw new ValidationError(prop, value, allowed);
  }
  return s;
}

function validMetadataKey(key: string, prefix: string): boolean {
  if (!key.startsWith(prefix)) { return false; }
  try {
    check.labelKey('key', key.slice(prefix.length));
    return true;
  } catch {
    return false;
  }
}

/**
 * A provisioner name as the API server checks it (`validateProvisioner`): a
 * qualified name, optionally prefixed by a DNS subdomain and "/".
 */
export function provisionerName(prop: string, value: unknown): string {
  const s = check.requiredString(prop, value);
  try {
    check.labelKey(prop, s.toLowerCase());
  } catch {
    throw new ValidationError(prop, value, 'must be a qualified name: an optional DNS subdomain and "/", then at most 63 letters, digits, "-", "_" and ".", e.g. "cluster.local/nfs-client-nfs-client-provisioner"');
  }
  return s;
}


/** The StorageClass name the seed chart creates (`storageClass.name`). */
export const DEFAULT_NFS_STORAGE_CLASS = 'nfs-client';
