/**
 * GPU settings of a Milvus node: the GPU image, the `nvidia.com/gpu` limit, the
 * container runtime and the `gpu` section of `server_config.yaml`.
 */
export interface MilvusGpuOptions {
  /**
   * GPUs per pod (`nvidia.com/gpu` limit), 1 to 16.
   * @default 1
   */
  readonly count?: number;
  /**
   * RuntimeClass that exposes the GPUs to the container (zilliztech/milvus-helm#80), e.g. `nvidia`.
   * @default - the node's default runtime (set this unless the NVIDIA runtime is the default)
   */
  readonly runtimeClassName?: string;
  /**
   * `gpu.cache_size`: GPU memory per card used as cache, a Milvus size such as `1GB`.
   * @default '1GB'
   */
  readonly cacheSize?: string;
  /**
   * `gpu.gpu_search_threshold`: queries with at least this many vectors run on GPUs only.
   * @default 1000
   */
  readonly searchThreshold?: number;
  /**
   * `gpu.search_devices`: devices for search, `gpuN` with N below `count`.
   * @default ['gpu0']
   */
  readonly searchDevices?: string[];
  /**
   * `gpu.build_index_devices`: devices for index building, `gpuN` with N below `count`.
   * @default ['gpu0']
   */
  readonly buildIndexDevices?: string[];
}
