/**
 * The "Moving the data" part of `from-helm`'s output: how a milvus-helm release's volumes are
 * kept and reused by the synthesized manifest, step by step with the release's own names.
 * Nothing is deleted before its data is safe: the volumes are set to `Retain` first, Helm is made
 * to forget the releases (its storage Secrets, labelled `owner=helm,name=<release>` by Helm 3's
 * Secret driver) instead of `helm uninstall`, which would delete the claims and the MySQL Secret.
 */
import type { Conversion } from './_helm-values';

interface Names { release: string; namespace: string; nfsRelease: string; nfsNamespace?: string }

/** Lines of the migration guide for this conversion. */
export function migrationSteps(c: Conversion, o: Names): string[] {
  const { release: r, namespace: ns } = o;
  const k = `kubectl -n ${ns}`;
  const inClusterMysql = !c.config.externalMysql;
  const nfs = c.config.storage?.nfs;
  const nfsName = `${o.nfsRelease}-nfs-client-provisioner`;
  const kn = `kubectl -n ${o.nfsNamespace ?? ns}`;
  const claims = [`${r}-milvus`, ...(inClusterMysql ? [`${r}-mysql`] : []), ...(nfs ? [`pvc-${nfsName}`] : [])];
  const lines = [
    'Moving the data (the release\'s volumes are reused; nothing is deleted before its data is safe):',
    '1. Keep every volume whatever happens next (the chart\'s volumes inherit reclaimPolicy Delete):',
    ...claims.map(claim => `     kubectl patch pv "$(${claim.startsWith('pvc-') ? kn : k} get pvc ${claim} -o jsonpath='{.spec.volumeName}')" -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'`),
    '2. Stop writing: Milvus and Mishards first, then MySQL:',
    `     ${k} scale deployment ${r}-milvus-mishards ${r}-milvus-readonly ${r}-milvus-writable --replicas=0`,
    ...(inClusterMysql ? [`     ${k} scale deployment ${r}-mysql --replicas=0`] : []),
    '3. Make Helm forget the releases without deleting anything (helm uninstall would delete the',
    `   claims and the Secret ${r}-mysql): Helm 3 keeps a release in Secrets labelled owner=helm,name=<release>.`,
    `     ${k} delete secret -l owner=helm,name=${r}`,
    ...(nfs ? [`     ${kn} delete secret -l owner=helm,name=${o.nfsRelease}`] : []),
    '4. Remove what the new objects cannot replace in place (Deployment selectors, the StorageClass\'s',
    '   parameters and the NFS root claim\'s access mode are immutable); claims with data and the Secret stay:',
    `     ${k} delete deployment ${r}-milvus-mishards ${r}-milvus-readonly ${r}-milvus-writable${inClusterMysql ? ` ${r}-mysql` : ''}`,
    `     ${k} delete service ${r}-milvus ${r}-milvus-readonly ${r}-milvus-writable${inClusterMysql ? ` ${r}-mysql` : ''} --ignore-not-found`,
    ...(nfs ? [
      `     ${kn} delete deployment ${nfsName}`,
      `     ${kn} delete pvc pvc-${nfsName} --ignore-not-found && kubectl delete pv pv-${nfsName} --ignore-not-found   # the export root, no data of its own`,
      `     kubectl delete storageclass ${nfs.storageClassName ?? 'nfs-client'}   # its volumes stay bound; the new class has the same provisioner name`,
    ] : []),
    `5. Milvus's data: the claim ${r}-milvus stays, and this config's claim of the same name (same class,`,
    '   size and ReadWriteMany) takes it over when applied. Or mount it as it is, outside the manifest',
    `   (no claim rendered, never deleted with it): add  existingClaim: ${r}-milvus  under storage.`,
  ];
  if (inClusterMysql) {
    const dataClaim = `data-${r}-mysql-0`;
    const cls = c.config.mysql?.storageClassName;
    lines.push(
      `6. MySQL's data: the chart's Deployment kept it at the root of the claim ${r}-mysql; the StatefulSet`,
      `   reads it from the directory mysql/ of its claim ${dataClaim}. Create that claim, copy, check:`,
      `     ${k} apply -f - <<'EOF'`,
      '     apiVersion: v1',
      '     kind: PersistentVolumeClaim',
      `     metadata: { name: ${dataClaim} }`,
      `     spec: { accessModes: [ReadWriteOnce], ${cls ? `storageClassName: ${cls}, ` : ''}resources: { requests: { storage: ${c.config.mysql?.storageSize ?? '4Gi'} } } }`,
      '     ---',
      '     apiVersion: v1',
      '     kind: Pod',
      `     metadata: { name: ${r}-mysql-copy }`,
      '     spec:',
      '       restartPolicy: Never',
      '       containers:',
      '         - name: copy',
      '           image: busybox:1.36.1',
      '           command: [sh, -c, "mkdir -p /new/mysql && for f in /old/* /old/.[!.]*; do [ -e \\"$f\\" ] && [ \\"${f##*/}\\" != lost+found ] && cp -a \\"$f\\" /new/mysql/; done; chown -R 999:999 /new/mysql && ls -la /new/mysql"]',
      '           securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL], add: [CHOWN, DAC_OVERRIDE, FOWNER] } }',
      '           volumeMounts: [{ name: old, mountPath: /old, readOnly: true }, { name: new, mountPath: /new }]',
      '       volumes:',
      `         - { name: old, persistentVolumeClaim: { claimName: ${r}-mysql, readOnly: true } }`,
      `         - { name: new, persistentVolumeClaim: { claimName: ${dataClaim} } }`,
      '     EOF',
      `     ${k} wait --for=jsonpath='{.status.phase}'=Succeeded pod/${r}-mysql-copy --timeout=10m && ${k} logs ${r}-mysql-copy`,
      `     ${k} delete pod ${r}-mysql-copy`,
      `   Keep ${r}-mysql until the new cluster has served for a while; it is the backup.`,
    );
  }
  lines.push(
    `${inClusterMysql ? 7 : 6}. Synthesize and apply (add  smokeTest: {}  to test the cluster end to end, README "Smoke test"):`,
    `     cdk8s-milvus synth --config <this file> --out dist && kubectl apply -f dist/${r}.k8s.yaml`,
  );
  return lines;
}
