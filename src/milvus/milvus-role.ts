/**
 * The two roles of a Milvus 0.10 / 1.1 node in a Mishards cluster.
 *
 * The value is also the seed chart's `component` label and the suffix of the
 * node's object names (`<release>-milvus-writable`), so it never changes.
 */
export enum MilvusRole {
  /** The single node that accepts writes (`cluster.role: rw`, WAL on). */
  WRITABLE = 'writable',
  /** A search-only node (`cluster.role: ro`, WAL off); run as many as searches need. */
  READONLY = 'readonly',
}
