/**
 * The ownership guard: an init container that stops a second release from writing a first
 * release's data, where synthesis cannot see it (separate CLI runs, hand-applied YAML, a reused
 * claim or metastore database).
 *
 * The writable node records its release (`<namespace>/<name>`) as the owner of
 * - the shared data directory: the file `<data dir>/.cdk8s-milvus-owner`, and
 * - the metastore database: the one-row table `cdk8s_milvus_owner`, our own (Milvus's tables are
 *   never touched; Milvus 0.10/1.1 looks its tables up by name only, `SHOW TABLES LIKE '<name>'`
 *   and `DESC <name>` in milvus-io/milvus `core/src/db/meta/MySQLMetaImpl.cpp`, `Initialize` and
 *   `ValidateMetaSchema`, so a table of another name is invisible to it),
 * and refuses to start on a directory or database another release owns; readonly nodes wait for
 * both marks and refuse another release's. Both are read before either is written, so a start
 * refused by a mark already there claims nothing; a claim that loses a race for the data directory
 * to another release keeps its metastore claim, which is only ever this release's own database
 * (a refused start claims nothing of another release's). The log says who owns what and how to
 * proceed.
 *
 * Kubernetes reads `$$` in a command as an escaped `$` (and `$(NAME)` as a variable it declares, of
 * which there are none), so the script never uses `$$`.
 *
 * The script is POSIX `sh` (busybox and dash) plus `mktemp` and the `mysql` command-line client: in a
 * `MilvusCluster` it runs in the image of the release's in-cluster MySQL (docker-library `mysql:5.7`
 * compatible, Debian with dash and the 5.7 client), otherwise in `mysql:5.7.30`; the 5.7 client
 * speaks to MySQL 5.6 to 8.0 and MariaDB; the alpine init
 * image has no MySQL client, and installing one at pod start would need network access to a
 * package mirror.
 */
import { k8s } from 'cdk8s-plus-28';
import { waitScript } from '../common/_init-scripts';
import { DEFAULT_MYSQL_IMAGE } from '../metastore/_mysql-inputs';

/** The data directory's owner file. */
export const OWNER_FILE = '.cdk8s-milvus-owner';
/** The metastore's owner table (ours, next to Milvus's). */
export const OWNER_TABLE = 'cdk8s_milvus_owner';

/** Everything the script needs; every value was validated as a name, host, port or path (no quoting needed). */
export interface OwnershipGuardOptions {
  /** `writable` claims and checks; `readonly` waits for the marks and checks. */
  readonly role: 'writable' | 'readonly';
  /** The release's namespace. */
  readonly namespace: string;
  /** The release's name. */
  readonly releaseName: string;
  /** The data claim's name, for the messages. */
  readonly claimName: string;
  /** Where the data volume is mounted. */
  readonly dataDir: string;
  /** The metastore user's password file (a Secret key mounted as a file). */
  readonly passwordFile: string;
  /** A private, writable directory (a memory emptyDir) for the client's option file. */
  readonly workDir: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

const NAME = 'ownership-guard';

/** The guard's `sh` script. */
export function ownershipGuardScript(o: OwnershipGuardOptions): string {
  const me = `${o.namespace}/${o.releaseName}`;
  const mark = `${o.dataDir}/${OWNER_FILE}`;
  const store = `database ${o.database} on ${o.host}:${o.port}`;
  const dataWhat = `the data directory (claim ${o.claimName}, ${o.dataDir})`;
  const head = `me='${me}'
mark='${mark}'
# The password goes to a private (mktemp: 0600) option file, never to the command line or the environment.
cnf="$(mktemp ${o.workDir}/ownership-guard.XXXXXX)"
# Removed on any exit, set before the password is written, so no password file outlives a failure.
trap 'rm -f "$cnf"' EXIT
printf '[client]\\nhost=%s\\nport=%s\\nuser=%s\\npassword="%s"\\nconnect-timeout=5\\n' '${o.host}' '${o.port}' '${o.user}' "$(cat ${o.passwordFile})" > "$cnf"
sql() { mysql --defaults-extra-file="$cnf" --protocol=TCP --batch --skip-column-names --database='${o.database}' -e "$1"; }
meta_owner() { sql "SELECT release_name FROM ${OWNER_TABLE} WHERE id = 1"; }
refuse() {
  echo "${NAME}: $1 belongs to release $2; this pod is release $me, so it does not start." >&2
  echo "${NAME}: two releases writing one data directory or metadata database corrupt both." >&2
  echo "${NAME}: $3" >&2
  exit 1
}
refuse_data() {
  refuse "${dataWhat}" "$1" "Give this release its own data claim (leave out storage.existingClaim or name another one). Only if release $1 is gone for good and this release takes over its data: delete $mark on that volume."
}
refuse_meta() {
  refuse "the metastore ${store}" "$1" "Give this release its own database (mysql.database or externalMysql.database). Only if release $1 is gone for good and this release takes over its data: run DELETE FROM ${OWNER_TABLE} in that database."
}
`;
  if (o.role === 'readonly') {
    // `set -eu` comes from the wait loop; the functions above only define. A connection that fails
    // (password, rights) fails at once with the client's message; only the mark is waited for.
    const waitForMarks = waitScript(NAME, [
      { what: `the owner mark ${mark} from the writable node`, until: '[ -s "$mark" ]' },
      { what: `the owner mark in the metastore ${store}`, until: 'owner="$(meta_owner 2>/dev/null)" && [ -n "$owner" ]' },
    ]);
    return `${head}sql "SELECT 1" > /dev/null || exit 1
${waitForMarks}data_owner="$(cat "$mark")"
[ "$data_owner" = "$me" ] || refuse_data "$data_owner"
owner="$(meta_owner)"
[ "$owner" = "$me" ] || refuse_meta "$owner"
echo "${NAME}: ${dataWhat} and the metastore ${store} belong to this release ($me)"
`;
  }
  return `set -eu
${head}# Read both marks before writing either: a start refused by an existing mark claims nothing.
data_owner=''
if [ -f "$mark" ]; then data_owner="$(cat "$mark")"; fi
if [ -n "$data_owner" ] && [ "$data_owner" != "$me" ]; then refuse_data "$data_owner"; fi
sql "CREATE TABLE IF NOT EXISTS ${OWNER_TABLE} (id TINYINT UNSIGNED NOT NULL PRIMARY KEY, release_name VARCHAR(128) NOT NULL, claimed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) COMMENT 'cdk8s-milvus: the release whose writable node owns this database'"
owner="$(meta_owner)"
if [ -n "$owner" ] && [ "$owner" != "$me" ]; then refuse_meta "$owner"; fi
# Claim: INSERT IGNORE and a hard link (ln fails on an existing name) keep the first of two racing claims.
if [ -z "$owner" ]; then
  sql "INSERT IGNORE INTO ${OWNER_TABLE} (id, release_name) VALUES (1, '$me')"
  owner="$(meta_owner)"
  [ "$owner" = "$me" ] || refuse_meta "$owner"
  echo "${NAME}: claimed the metastore ${store} for $me"
fi
if [ -z "$data_owner" ]; then
  new="$(mktemp "$mark.XXXXXX")"
  printf '%s\\n' "$me" > "$new"
  # Readable by the readonly nodes' guards; a volume without hard links (SMB) gets a plain rename.
  chmod 644 "$new"
  ln "$new" "$mark" 2>/dev/null || [ -e "$mark" ] || mv "$new" "$mark"
  rm -f "$new"
  data_owner="$(cat "$mark")"
  [ "$data_owner" = "$me" ] || refuse_data "$data_owner"
  echo "${NAME}: claimed ${dataWhat} for $me"
fi
echo "${NAME}: ${dataWhat} and the metastore ${store} belong to this release ($me)"
`;
}

/** The guard's image without an in-cluster `MySql` to take it from (an external metastore, a standalone node): it has `sh` and the `mysql` client. */
export const DEFAULT_GUARD_IMAGE = DEFAULT_MYSQL_IMAGE;

/**
 * The init container that runs the guard, with the volumes the script reads and writes; the pod
 * adds its pull policy and security context (the pod's identity: it reads the 0440 Secret file and
 * writes the owner mark on the data volume, as the server does).
 */
export function ownershipGuardContainer(script: OwnershipGuardOptions, pod: {
  image: string;
  /** Volume names of the data claim, the password Secret and the memory emptyDir (`workDir`). */
  volumes: { data: string; secret: string; work: string };
  /** Where the Secret volume is mounted (the directory of `passwordFile`). */
  secretDir: string;
  resources: k8s.ResourceRequirements;
}): Omit<k8s.Container, 'imagePullPolicy' | 'securityContext'> {
  return {
    name: NAME,
    image: pod.image,
    command: ['sh', '-c', ownershipGuardScript(script)],
    volumeMounts: [
      // Readonly nodes only read the mark.
      { name: pod.volumes.data, mountPath: script.dataDir, readOnly: script.role === 'readonly' },
      { name: pod.volumes.secret, mountPath: pod.secretDir, readOnly: true },
      { name: pod.volumes.work, mountPath: script.workDir },
    ],
    resources: pod.resources,
  };
}
