/**
 * What `synth` writes for one release, in two parts (issue 11):
 *
 * - `<release>.data.k8s.yaml`: the objects whose loss loses data (the shared vector-data claim, the
 *   Secrets the tool renders, the Namespace): applied once with plain `kubectl apply`, never with
 *   `--prune`, and never deleted with the workloads;
 * - `<release>.k8s.yaml`: everything that may be deleted and re-created, applied as the release's
 *   kubectl ApplySet (KEP-3659) so an upgrade prunes what the new output no longer contains.
 *
 * `--stdout` prints one stream, each release's data part first, each part opened by a comment
 * line naming the file it stands for. Which objects are data is decided by the constructs that
 * render them (`markKeptData`), not here.
 */
import { existsSync } from 'fs';
import { ApiObject, Chart } from 'cdk8s';
import { applySetCommand, applySetParentName, applySetPlan, applySetProblems, Manifest } from '../cluster/_applyset';
import { isKeptData } from '../common/_kept-data';
import { helmFullname } from '../common/_names';
import { identityOf } from '../common/_ownership';

export interface OutputPart {
  /** The file name, e.g. `my-release.data.k8s.yaml`. */
  readonly file: string;
  readonly data: boolean;
  readonly manifests: Manifest[];
}

export interface ReleaseOutput {
  readonly releaseName: string;
  readonly namespace: string;
  /** The data part (left out when the release renders no data object, e.g. with `storage.existingClaim`), then the workloads. */
  readonly parts: OutputPart[];
}

export const dataFile = (release: string) => `${release}.data.k8s.yaml`;
export const workloadsFile = (release: string) => `${release}.k8s.yaml`;

/** Splits a synthesized chart into its data and workload parts; throws if kubectl's ApplySet would refuse the workloads. */
export function splitRelease(chart: Chart, releaseName: string, namespace: string, manifests: Manifest[]): ReleaseOutput {
  const kept = new Set(chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && isKeptData(c)).map(identityOf));
  const isData = (m: Manifest) => kept.has(identityOf(m));
  const data = manifests.filter(isData);
  const workloads = manifests.filter(m => !isData(m));
  const problems = applySetProblems(planOf(releaseName, namespace, workloads), workloads);
  if (problems.length > 0) {
    // The constructs never render these; a failure here is a bug, not bad input.
    throw new Error(`the workloads of ${releaseName} do not form a valid kubectl ApplySet: ${problems.join('; ')}`);
  }
  return {
    releaseName,
    namespace,
    parts: [
      ...(data.length > 0 ? [{ file: dataFile(releaseName), data: true, manifests: data }] : []),
      { file: workloadsFile(releaseName), data: false, manifests: workloads },
    ],
  };
}

function planOf(releaseName: string, namespace: string, workloads: Manifest[]) {
  return applySetPlan(applySetParentName(helmFullname(releaseName, 'milvus')), namespace, workloads);
}

/** The comment line that opens a part in the `--stdout` stream. */
export function partHeader(part: OutputPart): string {
  return part.data
    ? `# ${part.file}: data (claim, Secrets, Namespace): apply once without --prune; never delete it with the workloads\n`
    : `# ${part.file}: workloads: apply as the release's ApplySet (--prune removes what is no longer here)\n`;
}

/** The commands that apply a release written to `dir`: the data once, then the workloads with pruning. */
export function applyCommands(release: ReleaseOutput, dir: string): string[] {
  const workloads = release.parts.find(p => !p.data)!;
  const plan = planOf(release.releaseName, release.namespace, workloads.manifests);
  const data = release.parts.find(p => p.data);
  return [
    ...(data ? [`kubectl apply -n ${release.namespace} -f ${join(dir, data.file)}`] : []),
    applySetCommand(plan, join(dir, workloads.file)),
  ];
}

/**
 * Warnings for data files an earlier run left in `dir` for releases that now render no data part
 * (e.g. after switching to `storage.existingClaim`): they are not rewritten, and applying one
 * would re-create a claim the release no longer owns.
 */
export function staleDataFileWarnings(releases: ReleaseOutput[], dir: string): string[] {
  return releases.filter(r => !r.parts.some(p => p.data) && existsSync(join(dir, dataFile(r.releaseName))))
    .map(r => `warning: ${join(dir, dataFile(r.releaseName))} is from an earlier run: release ${r.releaseName} renders no data objects now; do not apply it (delete the file)\n`);
}

function join(dir: string, file: string): string {
  return dir === '' ? file : `${dir.replace(/\/+$/, '')}/${file}`;
}
