/**
 * When the kubelet pulls a container image.
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
 */
export enum ImagePullPolicy {
  /** Pull on every start: the node always runs what the registry holds for the tag (linters' preference). */
  ALWAYS = 'Always',
  /** Pull only when the node lacks the image: fewer registry round-trips; pin a digest to stay exact. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must already be on the node. */
  NEVER = 'Never',
}
