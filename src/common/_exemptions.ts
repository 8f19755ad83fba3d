/**
 * The one list of accepted exceptions to the manifest checklist
 * (test/verification/checklist.ts). Each exception says why it is accepted and
 * carries the ignore annotations of kube-score, kube-linter and Polaris, so
 * those linters report nothing that this list does not justify.
 *
 * Constructs attach an exception with `exemptionAnnotations('...')`; the policy
 * test suite reads this list to know which findings are expected.
 */
export interface LintExemption {
  /** Why the control cannot hold for this object. */
  readonly reason: string;
  /** Checklist controls (rows of test/verification/checklist.ts) this relaxes. */
  readonly controls: number[];
  /** kube-score check ids (`kube-score/ignore`). */
  readonly kubeScore: string[];
  /** kube-linter check names (`ignore-check.kube-linter.io/<check>`). */
  readonly kubeLinter: string[];
  /** Polaris check ids (`polaris.fairwinds.com/<check>-exempt`). */
  readonly polaris: string[];
}

export const LINT_EXEMPTIONS = {
  'image-runs-as-root': {
    reason: 'the Milvus 0.10/1.1 and Mishards images have no non-root user and are not verified to run under another UID; opt in to non-root mode with runAsNonRoot',
    controls: [6, 7],
    kubeScore: ['container-security-context-user-group-id'],
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
  },
  'image-native-low-uid': {
    reason: 'mysql:5.7 owns its directories as UID/GID 999; a UID of 10000 or more is not verified to work with its entrypoint',
    controls: [7],
    kubeScore: ['container-security-context-user-group-id'],
    kubeLinter: [],
    polaris: [],
  },
  'singleton-by-design': {
    reason: 'exactly one leader-elected provisioner runs: Recreate and one replica are deliberate, and a PodDisruptionBudget could only block node drains',
    controls: [23],
    kubeScore: ['deployment-strategy', 'deployment-replicas'],
    kubeLinter: [],
    polaris: ['deploymentMissingReplicas', 'missingPodDisruptionBudget'],
  },
  'single-replica-by-choice': {
    reason: 'the user chose one replica (the seed tutorial runs one readonly node and one Mishards); it stops serving while its pod is rescheduled, so set replicas to 2 or more for availability',
    controls: [23],
    kubeScore: ['deployment-replicas'],
    kubeLinter: [],
    polaris: ['deploymentMissingReplicas'],
  },
  'no-pdb-single-replica': {
    reason: 'with one replica a PodDisruptionBudget could only choose between evicting the pod (as without one) and blocking node drains; one is added from 2 replicas on',
    controls: [23],
    kubeScore: [],
    kubeLinter: [],
    polaris: ['missingPodDisruptionBudget'],
  },
  'image-writes-root-fs': {
    reason: 'Milvus checks write access to storage.path (/var/lib/milvus, inside the image) at start and the writable node exits on a read-only root filesystem (StorageChecker::CheckStoragePermission); every other restriction stays',
    controls: [9],
    kubeScore: ['container-security-context-readonlyrootfilesystem'],
    kubeLinter: ['no-read-only-root-fs'],
    polaris: ['notReadOnlyRootFilesystem'],
  },
  'no-health-endpoint': {
    reason: 'nfs-subdir-external-provisioner serves no health endpoint; a process-level exec probe would only restate that the container runs',
    controls: [16],
    kubeScore: ['pod-probes'],
    kubeLinter: ['no-liveness-probe', 'no-readiness-probe'],
    polaris: ['livenessProbeMissing', 'readinessProbeMissing'],
  },
  'runs-to-completion': {
    reason: 'a Job\'s container runs to completion (the smoke test): a liveness probe could only restart it mid-test, and no traffic waits for it to be ready',
    controls: [16],
    kubeScore: ['pod-probes'],
    kubeLinter: ['no-liveness-probe', 'no-readiness-probe'],
    polaris: ['livenessProbeMissing', 'readinessProbeMissing'],
  },
  'api-client-token': {
    reason: 'the pod calls the Kubernetes API (provisioning or discovery) and needs its ServiceAccount token',
    controls: [21],
    kubeScore: [],
    kubeLinter: [],
    polaris: ['automountServiceAccountToken'],
  },
  'cluster-scoped-rbac': {
    reason: 'PersistentVolumes, StorageClasses and Nodes are cluster-scoped, so the provisioner needs a ClusterRole (no linter flags a ClusterRole without wildcards, secrets or exec, so no annotation is needed)',
    controls: [33],
    kubeScore: [],
    kubeLinter: [],
    polaris: [],
  },
  'nfs-export-needs-root': {
    reason: 'the NFS provisioner creates, renames and removes directories on the export root and in volumes written by other UIDs, which fails as non-root unless the export is prepared for that UID (nfs-subdir-external-provisioner#34, #98, #376); opt in with runAsNonRoot',
    controls: [6, 7],
    kubeScore: ['container-security-context-user-group-id'],
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
  },
  'password-file-env': {
    reason: 'MYSQL_ROOT_PASSWORD_FILE and MYSQL_PASSWORD_FILE hold only the paths of Secret files (the mysql image\'s *_FILE convention); Polaris flags any env name containing "password"',
    controls: [19],
    kubeScore: [],
    kubeLinter: [],
    polaris: ['sensitiveContainerEnvVar'],
  },
  'pinned-image-if-not-present': {
    reason: 'every image is pinned to a version tag or digest, so the copy on the node is the one asked for; IfNotPresent keeps pods restartable while the registry is unreachable or rate-limited (imagePullPolicy Always on a part opts out)',
    controls: [13],
    kubeScore: ['container-image-pull-policy'],
    kubeLinter: [],
    polaris: ['pullPolicyNotAlways'],
  },
  'public-front-door': {
    reason: 'the Mishards Service is the cluster\'s one entry point and the user chose NodePort or LoadBalancer exposure',
    controls: [29],
    kubeScore: ['service-type'],
    kubeLinter: ['exposed-services'],
    polaris: [],
  },
} satisfies Record<string, LintExemption>;

export type LintExemptionId = keyof typeof LINT_EXEMPTIONS;

/** The linters' ignore annotations for a set of exceptions (merged, sorted, de-duplicated). */
export function exemptionAnnotations(...ids: LintExemptionId[]): Record<string, string> {
  if (ids.length === 0) { return {}; }
  const kubeScore = new Set<string>();
  const out: Record<string, string> = {};
  for (const id of ids) {
    const e: LintExemption = LINT_EXEMPTIONS[id];
    e.kubeScore.forEach(c => kubeScore.add(c));
    for (const c of e.kubeLinter) { out[`ignore-check.kube-linter.io/${c}`] = e.reason; }
    for (const c of e.polaris) { out[`polaris.fairwinds.com/${c}-exempt`] = 'true'; }
  }
  if (kubeScore.size > 0) { out['kube-score/ignore'] = [...kubeScore].sort().join(','); }
  return out;
}
