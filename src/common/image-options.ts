import { ImagePullPolicy } from './image-pull-policy';

/**
 * Where a part's images come from and how they are pulled: the fields every workload of the
 * library takes, and the release takes once for all of them (a part's own value wins).
 */
export interface ImageOptions {
  /**
   * Names of Secrets (type `kubernetes.io/dockerconfigjson`) holding registry credentials, set
   * as `imagePullSecrets` on the pods. A part's own list replaces the release-wide one.
   * @default - none (the release-wide list, if any)
   */
  readonly imagePullSecrets?: string[];
  /**
   * A registry or mirror prefix for every image, e.g. `harbor.example.com/dockerhub`: the image's
   * registry host is replaced and its repository path kept (`busybox:1.36.1` becomes
   * `harbor.example.com/dockerhub/library/busybox:1.36.1`, as Docker Hub names it).
   * @default - the images' own registries (the release-wide prefix, if any)
   */
  readonly imageRegistry?: string;
  /**
   * When the kubelet pulls the images. Every image is pinned to a version tag or a digest, so
   * a copy already on the node is the one asked for: `IfNotPresent` keeps pods restartable while
   * the registry is unreachable or rate-limited.
   * @default ImagePullPolicy.IF_NOT_PRESENT (the release-wide policy, if any)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
}
