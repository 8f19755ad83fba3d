/**
 * `cdk8s-milvus from-helm`: a milvus-helm 0.10.x / 1.1.x release's values (and those of its
 * nfs-client-provisioner release) as this tool's config file, commented: where each value went,
 * every value it cannot carry over and why, and how to move the release's data.
 *
 * The input is what the user gave Helm (`-f` files and `--set`, or `helm get values <release>`),
 * not the chart's own values.yaml: values left out took the chart's defaults, and this tool's
 * defaults apply to them (README, "Differences from the Helm charts").
 *
 * Loaded only by this command, never on the synth path.
 */
import { readFileSync } from 'fs';
import { Document, isMap, isScalar, parse } from 'yaml';
import { UsageError } from './_args';
import { migrationSteps } from './_helm-migration';
import { applyRules, Conversion, MILVUS_RULES, NFS_RULES } from './_helm-values';
import { LayeredConfig, parseAssignment, splitAssignments } from './_layers';
import type { CliIo, CommandArgs } from './_run';
import { MilvusVersion } from '../milvus/milvus-version';


export interface FromHelmOptions {
  values: Record<string, any>;
  nfsValues?: Record<string, any>;
  release: string;
  namespace: string;
  nfsRelease: string;
  /** Namespace of the NFS release, if not the Milvus release's. */
  nfsNamespace?: string;
  chartVersion: string;
  sources: string[];
}

function readValuesFile(file: string): Record<string, any> {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e: any) { throw new UsageError(`cannot read ${file}: ${e.message}`); }
  let v: unknown;
  try { v = parse(text); } catch (e: any) { throw new UsageError(`${file} is not valid YAML: ${e.message}`); }
  if (v === null || v === undefined) { return {}; }
  if (typeof v !== 'object' || Array.isArray(v)) { throw new UsageError(`${file} must hold a map of chart values`); }
  return v as Record<string, any>;
}

/**
 * A `--set` value typed as Helm types it (helm/helm `pkg/strvals/parser.go`, `typedVal`): `true` /
 * `false` (any case), `null` (removes the key), integers that do not start with 0; anything else,
 * and every `--set-string` value, a string.
 */
function helmTyped(raw: string, asString: boolean): unknown {
  if (asString) { return raw; }
  const lower = raw.toLowerCase();
  if (lower === 'true' || lower === 'false') { return lower === 'true'; }
  if (lower === 'null') { return null; }
  if (raw === '0' || (/^-?[1-9]\d*$/.test(raw) && Number.isSafeInteger(Number(raw)))) { return Number(raw); }
  return raw;
}

/** One Helm release's layers as Helm applies them: every values file in order, then every --set in order. */
class HelmLayers {
  private readonly files: string[] = [];
  private readonly sets: Array<{ flag: string; expr: string; asString: boolean }> = [];
  public file(f: string) { this.files.push(f); }
  public set(flag: string, expr: string, asString: boolean) { this.sets.push({ flag, expr, asString }); }
  public get given(): boolean { return this.files.length + this.sets.length > 0; }
  public values(): Record<string, any> {
    // The --set syntax and the merge are the CLI's own (_layers.ts); only the typing is Helm's.
    const layered = new LayeredConfig('values', this.files.length + this.sets.length);
    layered.merge({}, 'defaults');
    for (const f of this.files) { layered.merge(readValuesFile(f), f); }
    for (const { flag, expr, asString } of this.sets) {
      try {
        for (const [segments, raw] of splitAssignments(expr).map(a => parseAssignment(a, false))) {
          const list = raw.startsWith('{') && raw.endsWith('}');
          const items = list ? (raw.length > 2 ? splitAssignments(raw.slice(1, -1)).map(i => helmTyped(i, asString)) : []) : undefined;
          layered.set(segments, items ?? helmTyped(raw, asString), `${flag} ${expr}`);
        }
      } catch (e: any) {
        throw new UsageError(`${flag} ${expr}: ${e.message}`);
      }
    }
    return layered.config;
  }
}

/** The options of `from-helm`, from its flags in command-line order (exported for the tests). */
export function optionsOf(args: CommandArgs): FromHelmOptions {
  if (args.positionals.length > 0) { throw new UsageError(`from-helm takes no ${JSON.stringify(args.positionals[0])}: give values files with -f FILE`); }
  const o: FromHelmOptions = { values: {}, release: 'my-release', namespace: 'default', nfsRelease: 'nfs-client', chartVersion: '0.10.0', sources: [] };
  const milvus = new HelmLayers();
  const nfs = new HelmLayers();
  for (const { name, value = '' } of args.flags) {
    o.sources.push(`${name} ${value}`);
    switch (name) {
      case '--values': milvus.file(value); break;
      case '--set': milvus.set(name, value, false); break;
      case '--set-string': milvus.set(name, value, true); break;
      case '--nfs-values': nfs.file(value); break;
      case '--nfs-set': nfs.set(name, value, false); break;
      case '--release': o.release = value; break;
      case '--namespace': o.namespace = value; break;
      case '--nfs-release': o.nfsRelease = value; break;
      case '--nfs-namespace': o.nfsNamespace = value; break;
      case '--chart-version': o.chartVersion = value.replace(/^milvus-/, ''); break;
      default: throw new UsageError(`from-helm does not take ${name}`);
    }
  }
  return { ...o, values: milvus.values(), nfsValues: nfs.given ? nfs.values() : undefined };
}

/** The command: prints the config; throws UsageError (exit 2) on bad usage or values it cannot convert. */
export function fromHelmCommand(args: CommandArgs, io: CliIo): number {
  const o = optionsOf(args);
  io.stdout(renderConfig(convert(o), o));
  return 0;
}

/** The Milvus version from image.tag, else from the chart version (tags `milvus-0.10.N` ran 0.10.N). */
function version(c: Conversion, o: FromHelmOptions) {
  const repo = c.values.image?.repository ?? 'milvusdb/milvus';
  const tag: string | undefined = c.values.image?.tag === undefined ? undefined : String(c.values.image.tag);
  const fromTag = tag === undefined ? undefined : /^(\d+\.\d+\.\d+)-/.exec(tag)?.[1];
  const release = fromTag ?? o.chartVersion;
  let v: MilvusVersion;
  try {
    v = MilvusVersion.of(release);
  } catch {
    if (/^1\.1\.\d+$/.test(release)) {
      // Charts milvus-1.1.0 … 1.1.3 ran Milvus 1.1.0; 1.1.1 is its patch release with the same data format.
      v = MilvusVersion.V1_1_1;
      c.notes.push(`The release ran Milvus ${release}; this tool runs 1.1.1, the patch release of the same line (same data format). Back up before the first start.`);
    } else {
      throw new UsageError(`Milvus ${release} (${fromTag ? `image.tag ${tag}` : `--chart-version ${o.chartVersion}`}) is not a release this tool runs: 0.10.0 … 0.10.6 or 1.1.1`);
    }
  }
  c.set('version', v.version, fromTag ? `from image.tag ${tag}` : `the Milvus release of chart milvus-${o.chartVersion}`);
  const gpu = tag?.includes('-gpu-');
  const milvusImage = tag && `${repo}:${tag}`;
  const mishardsImage = c.values.mishards?.image && `${c.values.mishards.image.repository ?? 'milvusdb/mishards'}:${c.values.mishards.image.tag ?? v.version}`;
  if (milvusImage && milvusImage !== (gpu ? v.milvusGpuImage : v.milvusImage)) {
    c.set('images.milvusImage', milvusImage, 'the release\'s own Milvus image (not the one this tool pins for the version)');
    c.set('images.mishardsImage', mishardsImage ?? v.mishardsImage);
  } else if (mishardsImage && mishardsImage !== v.mishardsImage) {
    c.set('mishards.image', mishardsImage);
  }
}

/** The shared data volume's class and MySQL's: from the NFS release, or the classes the chart's claims named. */
function storage(c: Conversion, o: FromHelmOptions) {
  const dataClass = c.values.persistence?.persistentVolumeClaim?.storageClass;
  const nfsClass = c.nfsValues?.storageClass?.name ?? 'nfs-client';
  if (c.nfsValues) {
    c.set('storage.nfs.releaseName', o.nfsRelease, 'the nfs-client-provisioner release (its objects keep their names)');
    applyRules(c, c.nfsValues, NFS_RULES, 'nfs-client-provisioner 1.2.8');
    if (!c.config.storage?.nfs?.server || !c.config.storage?.nfs?.path) {
      throw new UsageError('the NFS values name no nfs.server and nfs.path');
    }
    if (dataClass && dataClass !== nfsClass) {
      c.notes.push(`The data claim asked for the class ${dataClass}, not the NFS class ${nfsClass}: this config puts it on the NFS class.`);
    }
  } else if (dataClass) {
    c.set('storage.storageClassName', dataClass, 'the class the chart\'s data claim named');
    c.set('storage.readWriteMany', true, 'the chart\'s data claim was ReadWriteMany on it');
  } else {
    throw new UsageError('the chart\'s data claim used the cluster\'s default StorageClass: give the NFS release\'s values (--nfs-values) or name the class (--set persistence.persistentVolumeClaim.storageClass=<class>; kubectl get pvc <release>-milvus shows it)');
  }
  const mysqlClass = c.values.mysql?.persistence?.storageClass;
  if (c.config.externalMysql) { return; }
  if (mysqlClass) {
    c.set('mysql.storageClassName', mysqlClass);
  } else if (c.nfsValues?.storageClass?.defaultClass === true || c.nfsValues?.storageClass?.defaultClass === 'true') {
    c.set('mysql.storageClassName', nfsClass, `the chart's MySQL claim named no class, so it got the default class, ${nfsClass}.\nNFS is a poor home for a database (InnoDB cannot lock reliably): name a block-storage class if the cluster has one.`);
  }
}

function metaStore(c: Conversion, o: FromHelmOptions) {
  const ext = c.values.externalMysql;
  if (ext?.enabled === true) {
    const secretName = `${o.release}-external-mysql`;
    c.set('externalMysql', {
      host: ext.ip,
      port: ext.port === undefined || ext.port === null ? undefined : Number(ext.port),
      user: ext.user,
      database: ext.database ?? undefined,
      passwordSecret: { secretName, key: 'password' },
    }, `the chart's externalMysql. Its password is not copied: create the Secret first,\n  kubectl -n ${o.namespace} create secret generic ${secretName} --from-literal=password='<externalMysql.password>'`);
    if (ext.password !== undefined) { c.drop('externalMysql.password', '<not shown>', 'passwords never go into the config: it belongs in the Secret named above'); }
    return;
  }
  if (c.values.mysql?.enabled === false) {
    throw new UsageError('neither mysql.enabled nor externalMysql.enabled: the release has no metadata store to carry over');
  }
  c.set('mysql.existingSecret', `${o.release}-mysql`, 'the chart\'s Secret: same name and keys (mysql-root-password, mysql-password), and the\npasswords MySQL\'s data was initialised with. Keep it when the Helm release goes (see below).');
}

/** The conversion of the parsed options (exported for the tests). */
export function convert(o: FromHelmOptions): Conversion {
  const c = new Conversion(o.values, o.nfsValues);
  c.set('namespace', o.namespace);
  c.set('releaseName', o.release, 'the Helm release name: every object keeps its name');
  version(c, o);
  applyRules(c, o.values, MILVUS_RULES, `milvus-helm ${o.chartVersion}`);
  metaStore(c, o);
  storage(c, o);
  return c;
}

function renderConfig(c: Conversion, o: FromHelmOptions): string {
  const doc = new Document(order(c.config));
  for (const [path, text] of c.comments) {
    const keys = path.split('.');
    const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
    if (!isMap(parent)) { continue; }
    const pair = parent.items.find(p => (isScalar(p.key) ? p.key.value : p.key) === keys[keys.length - 1]);
    if (pair && isScalar(pair.key)) { pair.key.commentBefore = text.split('\n').map(l => ` ${l}`).join('\n'); }
  }
  const header = [
    `Converted by cdk8s-milvus from-helm from the milvus-helm ${o.chartVersion} release "${o.release}":`,
    ...o.sources.map(s => `  ${s}`),
    'Check it, then: cdk8s-milvus synth --config <this file> --out dist',
    ...c.notes.flatMap(n => ['', ...n.split('\n')]),
    '',
    'Values you did not give Helm took the chart\'s defaults; this tool\'s defaults apply to them',
    '(README, "Differences from the Helm charts": e.g. resources, Mishards debug off).',
  ];
  doc.commentBefore = header.map(l => ` ${l}`.trimEnd()).join('\n');
  const dropped = c.notCarried.length === 0 ? ['Every value given was carried over.'] : [
    'Not carried over:',
    ...c.notCarried.map(d => `  ${d.key}: ${shown(d.value)} — ${d.why}`),
  ];
  doc.comment = ['', ...dropped, '', ...migrationSteps(c, o)].map(l => ` ${l}`.trimEnd()).join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** A value on one comment line, shortened (configuration files can be long). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Keys in the order a reader expects (as examples/seed.yaml), then any others. */
function order(config: Record<string, any>): Record<string, any> {
  const first = ['namespace', 'releaseName', 'version', 'images', 'storage', 'mysql', 'externalMysql', 'writable', 'readonly', 'mishards'];
  const out: Record<string, any> = {};
  for (const k of [...first, ...Object.keys(config)]) { if (k in config && !(k in out)) { out[k] = config[k]; } }
  return out;
}
