import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ProblemCollector } from '../common/_config-paths';
import { markKeptData } from '../common/_kept-data';
import { standardLabels } from '../common/_labels';
import { helmFullname, requireNamespace } from '../common/_names';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';
import { IStorageClass } from '../storage/storage-class-ref';

/** Properties of `MilvusDataVolume`. */
export interface MilvusDataVolumeProps {
  /** The release name; the claim is named `<release>-milvus` like the seed chart's. */
  readonly releaseName: string;
  /**
   * StorageClass of the volume; it must provision `ReadWriteMany` volumes. Required unless `existingClaim` is set.
   * @default - none
   */
  readonly storageClass?: IStorageClass;
  /**
   * Requested size.
   * @default '50Gi'
   */
  readonly size?: string;
  /**
   * An existing ReadWriteMany claim in the chart's namespace that already holds (or will hold) the
   * data, e.g. the tutorial install's `my-release-milvus` or a restored copy. Nothing is rendered
   * for it: the release mounts it but never creates, owns or deletes it.
   * @default - a new claim `<release>-milvus`
   */
  readonly existingClaim?: string;
}

/**
 * The data volume shared by the writable node and every readonly node: one
 * `ReadWriteMany` PersistentVolumeClaim `<release>-milvus`, mounted at
 * `/var/lib/milvus/db` by all of them.
 *
 * The class must declare `readWriteMany`: on a ReadWriteOnce class the readonly
 * pods cannot attach the volume (milvus-io/milvus#5073), and without a shared
 * volume they wait forever for the writable node's marker (milvus-io/milvus-helm#182).
 */
export class MilvusDataVolume extends Construct {
  /** The claim's name (`<release>-milvus`), for pod volumes. */
  public readonly claimName: string;
  /** The PersistentVolumeClaim; `undefined` for an `existingClaim`. */
  public readonly pvc?: k8s.KubePersistentVolumeClaim;

  public constructor(scope: Construct, id: string, props: MilvusDataVolumeProps) {
    super(scope, id);
    const namespace = requireNamespace(this);
    const problems = new ProblemCollector();
    const release = problems.check(() => check.dnsLabel('releaseName', props.releaseName));
    if (props.existingClaim !== undefined) {
      // A claim that exists already: nothing to size or class, nothing rendered.
      for (const key of ['storageClass', 'size'] as const) {
        if (props[key] !== undefined) {
          problems.add(new ValidationError(key, key === 'size' ? props.size : props.storageClass!.storageClassName,
            `only applies to a new claim: ${propRef('existingClaim')} names one that exists already (leave it out)`));
        }
      }
      this.claimName = problems.check(() => check.dnsSubdomain('existingClaim', props.existingClaim));
      problems.throwIfAny();
      return;
    }
    const sc = props.storageClass;
    problems.check(() => {
      if (!sc || typeof sc.storageClassName !== 'string') {
        throw new ValidationError('storageClass', sc, `a StorageClass (IStorageClass) is required, unless ${propRef('existingClaim')} names a claim to reuse`);
      }
      if (sc.readWriteMany !== true) {
        throw new ValidationError('storageClass.storageClassName', sc.storageClassName,
          'the shared Milvus data volume needs a StorageClass that provisions ReadWriteMany volumes (NFS, CephFS, EFS, Azure Files...); '
          + `if this class does, declare it with ${propRef('storageClass.readWriteMany', 'StorageClassRef.fromName(name, { readWriteMany: true })', ': true')}; `
          + `otherwise use ${propRef('storageClass.nfs', "the NfsProvisioner's class")}`);
      }
    });
    const size = problems.check(() => check.orDefault('size', props.size, '50Gi', check.storageSize));
    this.claimName = release && helmFullname(release, 'milvus');
    problems.check(() => release && check.derivedNames('releaseName', release, [['PersistentVolumeClaim', this.claimName]]));
    problems.throwIfAny();

    this.pvc = markKeptData(new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: {
        name: this.claimName,
        namespace,
        labels: standardLabels({ name: 'milvus', instance: release, component: 'data' }),
      },
      spec: {
        accessModes: ['ReadWriteMany'],
        // Explicit class: milvus-helm 0.10.0 sets no storageClassName and relied on `nfs-client` being the cluster default.
        storageClassName: sc!.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(size) } },
      },
    }));
  }
}
