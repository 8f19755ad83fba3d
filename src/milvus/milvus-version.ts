import { ProblemCollector } from '../common/_config-paths';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';

/** Options for a Milvus release that is not in the built-in matrix. */
export interface CustomMilvusVersionOptions {
  /** Milvus server image, pinned (e.g. `registry.example.com/milvus:0.10.6-cpu-custom`). */
  readonly milvusImage: string;
  /** Mishards image of the same release (Mishards refuses servers of other versions). */
  readonly mishardsImage: string;
  /**
   * Milvus GPU image.
   * @default - GPU variant unavailable
   */
  readonly milvusGpuImage?: string;
}

interface VersionFacts {
  readonly version: string;
  readonly milvusTag: string;
  readonly mishardsTag: string;
}

// The image tags of milvus-io/milvus-helm `charts/milvus/values.yaml` (`image.tag`, `mishards.image.tag`) at each
// chart tag 0.10.0 ... 0.10.6 and 1.1.x. GPU tags replace "-cpu-" with "-gpu-".
const MATRIX: VersionFacts[] = [
  { version: '0.10.0', milvusTag: '0.10.0-cpu-d061620-5f3c00', mishardsTag: '0.10.0' },
  { version: '0.10.1', milvusTag: '0.10.1-cpu-d072020-bd02b1', mishardsTag: '0.10.1' },
  { version: '0.10.2', milvusTag: '0.10.2-cpu-d081520-8a2393', mishardsTag: '0.10.2' },
  { version: '0.10.3', milvusTag: '0.10.3-cpu-d091720-f962e8', mishardsTag: '0.10.3' },
  { version: '0.10.4', milvusTag: '0.10.4-cpu-d120220-e72454', mishardsTag: '0.10.4' },
  { version: '0.10.5', milvusTag: '0.10.5-cpu-d010621-4eda95', mishardsTag: '0.10.5' },
  { version: '0.10.6', milvusTag: '0.10.6-cpu-d022221-64ddc2', mishardsTag: '0.10.6' },
  { version: '1.1.1', milvusTag: '1.1.1-cpu-d061621-330cc6', mishardsTag: '1.1.1' },
];

const MILVUS_REPOSITORY = 'milvusdb/milvus';
const MISHARDS_REPOSITORY = 'milvusdb/mishards';

/**
 * A Milvus release of the Mishards era (0.10.0 - 0.10.6, 1.1.x) with its matching
 * images and server-config dialect.
 *
 * Mishards accepts only servers of its own version (`SERVER_VERSIONS`), so the
 * Milvus and Mishards images always come from the same entry.
 */
export class MilvusVersion {
  /** Milvus 0.10.0, the tutorial's release. */
  public static readonly V0_10_0 = MilvusVersion.fromMatrix('0.10.0');
  /** Milvus 0.10.1. */
  public static readonly V0_10_1 = MilvusVersion.fromMatrix('0.10.1');
  /** Milvus 0.10.2. */
  public static readonly V0_10_2 = MilvusVersion.fromMatrix('0.10.2');
  /** Milvus 0.10.3. */
  public static readonly V0_10_3 = MilvusVersion.fromMatrix('0.10.3');
  /** Milvus 0.10.4. */
  public static readonly V0_10_4 = MilvusVersion.fromMatrix('0.10.4');
  /** Milvus 0.10.5. */
  public static readonly V0_10_5 = MilvusVersion.fromMatrix('0.10.5');
  /** Milvus 0.10.6, the last 0.10 release. */
  public static readonly V0_10_6 = MilvusVersion.fromMatrix('0.10.6');
  /** Milvus 1.1.1 (milvus-helm 1.1.x charts), the last Mishards release. */
  public static readonly V1_1_1 = MilvusVersion.fromMatrix('1.1.1');

  /** Every release in the built-in matrix, oldest first. */
  public static all(): MilvusVersion[] {
    return MATRIX.map(f => MilvusVersion.fromMatrix(f.version));
  }

  /**
   * A release from the built-in matrix by its version string (`0.10.0` ... `0.10.6`, `1.1.1`;
   * `1.1` and `1.1.x` mean `1.1.1`).
   */
  public static of(version: string): MilvusVersion {
    const normalized = version === '1.1' || version === '1.1.x' ? '1.1.1' : version;
    if (!MATRIX.some(f => f.version === normalized)) {
      throw new ValidationError('version', version, `must be one of ${MATRIX.map(f => JSON.stringify(f.version)).join(', ')}, or name the images yourself (${propRef('images', 'MilvusVersion.custom()')})`);
    }
    return MilvusVersion.fromMatrix(normalized);
  }

  /**
   * A release with explicit images, e.g. from a private registry. The version must still be
   * 0.10.x or 1.1.x, because it decides the server-config dialect.
   */
  public static custom(version: string, options: CustomMilvusVersionOptions): MilvusVersion {
    const problems = new ProblemCollector();
    if (typeof version !== 'string' || !/^(0\.10|1\.1)\.[0-9]+$/.test(version)) {
      problems.add(new ValidationError('version', version, 'a custom version must be 0.10.N or 1.1.N (the Mishards-era releases whose config format this library renders)'));
    }
    const milvusImage = problems.check(() => check.pinnedImage('milvusImage', options?.milvusImage));
    const mishardsImage = problems.check(() => check.pinnedImage('mishardsImage', options?.mishardsImage));
    const gpuImage = options?.milvusGpuImage === undefined ? undefined : problems.check(() => check.pinnedImage('milvusGpuImage', options.milvusGpuImage));
    problems.throwIfAny();
    return new MilvusVersion(version, milvusImage, gpuImage, mishardsImage);
  }

  private static fromMatrix(version: string): MilvusVersion {
    const f = MATRIX.find(m => m.version === version)!;
    return new MilvusVersion(
      f.version,
      `${MILVUS_REPOSITORY}:${f.milvusTag}`,
      `${MILVUS_REPOSITORY}:${f.milvusTag.replace('-cpu-', '-gpu-')}`,
      `${MISHARDS_REPOSITORY}:${f.mishardsTag}`,
    );
  }

  /**
   * @param version the Milvus release, e.g. `0.10.0`
   * @param milvusImage CPU server image
   * @param milvusGpuImage GPU server image, if one exists
   * @param mishardsImage matching Mishards image
   */
  private constructor(
    public readonly version: string,
    public readonly milvusImage: string,
    public readonly milvusGpuImage: string | undefined,
    public readonly mishardsImage: string,
  ) {}

  /** The `version` key of `server_config.yaml` this release accepts. */
  public get configVersion(): string {
    return '0.5';
  }

  /** Whether the release understands `logs.log_to_stdout` / `logs.log_to_file` (added in 1.1). */
  public get supportsLogToStdout(): boolean {
    return this.version.startsWith('1.1.');
  }

  /** The Milvus image for a CPU or GPU node. */
  public serverImage(gpu: boolean): string {
    if (!gpu) { return this.milvusImage; }
    if (!this.milvusGpuImage) {
      throw new ValidationError('gpu', true, `Milvus ${this.version} has no GPU image here; set ${propRef('version.milvusGpuImage', 'milvusGpuImage of MilvusVersion.custom()')}`);
    }
    return this.milvusGpuImage;
  }
}
