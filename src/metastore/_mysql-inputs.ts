/**
 * Every prop of `MySql`, checked in one pass (one error lists every problem) and resolved to
 * what the construct renders. Internal: not exported from the barrel.
 */
import { databaseName, userName } from './_mysql-checks';
import { configLine } from './_mysql-files';
import type { MySqlProps } from './mysql';
import { MySqlCredentials } from './mysql-credentials';
import { ProblemCollector } from '../common/_config-paths';
import { resolveImages } from '../common/_images';
import { helmFullname } from '../common/_names';
import { dnsPeers } from '../common/_network';
import { placement } from '../common/_placement';
import { renderResources, ResolvedResources } from '../common/_resources';
import * as check from '../common/_validators';
import { PodPlacementOptions } from '../common/pod-placement-options';
import { ValidationError } from '../common/validation-error';

/** The MySQL image a release runs unless `image` says otherwise (the ownership guard's default too). */
export const DEFAULT_MYSQL_IMAGE = 'mysql:5.7.30';
const DEFAULT_STORAGE_SIZE = '4Gi';

/**
 * Requests sized for Milvus's metadata (a few tables, at most a few hundred connections):
 * the seed chart asked for 100m / 256Mi and set no limits. MySQL 5.7 sizes the
 * performance schema from `max_connections = 1000`, so the memory limit leaves room for it.
 * Ephemeral storage covers the `/tmp` emptyDir (InnoDB temporary files).
 */
const DEFAULT_RESOURCES: ResolvedResources = {
  cpuRequest: '250m',
  cpuLimit: '1',
  memoryRequest: '512Mi',
  memoryLimit: '2Gi',
  ephemeralStorageRequest: '64Mi',
  ephemeralStorageLimit: '2Gi',
};

/** `MySqlProps`, checked, with the defaults applied. */
export type MySqlInputs = ReturnType<typeof checkMySqlProps>;

export function checkMySqlProps(props: MySqlProps) {
  // Every prop is checked before anything is built, so one error lists every problem.
  const problems = new ProblemCollector();
  const c = <T>(build: () => T): T => problems.check(build);
  const release = c(() => check.dnsLabel('releaseName', props.releaseName));
  const fullname = release && helmFullname(release, 'mysql');
  const names = { statefulSet: fullname, service: fullname, headless: `${fullname}-headless`, configuration: `${fullname}-configuration`, initialization: `${fullname}-initialization` };
  c(() => release && check.derivedNames('releaseName', release, [
    ['StatefulSet', names.statefulSet], ['Service', names.service], ['Service', names.headless],
    ['ConfigMap', names.configuration], ['ConfigMap', names.initialization],
  ]));
  if (props.replicas !== undefined && props.replicas !== 1) {
    problems.add(new ValidationError('replicas', props.replicas, 'must be 1: this MySQL has no replication, and two pods must never share one data directory'));
  }
  if (!(props.credentials instanceof MySqlCredentials)) {
    problems.add(new ValidationError('credentials', props.credentials, 'use MySqlCredentials.fromExistingSecret(...) or MySqlCredentials.fromPasswords(...)'));
  }
  const database = c(() => check.orDefault('database', props.database, 'milvus', databaseName));
  const user = c(() => check.orDefault('user', props.user, 'milvus', userName));
  const storageSize = c(() => check.orDefault('storageSize', props.storageSize, DEFAULT_STORAGE_SIZE, check.storageSize));
  const image = c(() => check.orDefault('image', props.image, DEFAULT_MYSQL_IMAGE, check.pinnedImage));
  const images = c(() => resolveImages('', props));
  const resources = c(() => renderResources('resources', props.resources, DEFAULT_RESOURCES));
  const extraConfig = (props.extraConfig ?? []).map((line, i) => c(() => configLine(`extraConfig[${i}]`, line)));
  const podPlacement = problems.attempt<PodPlacementOptions>(() => placement('', props), () => ({}));
  const networkPolicy = c(() => check.bool('networkPolicy', props.networkPolicy ?? true));
  const dns = c(() => dnsPeers('dns', props.dns));
  problems.throwIfAny();
  return { release, fullname, names, database, user, storageSize, image, images, resources, extraConfig, podPlacement, networkPolicy, dns };
}
