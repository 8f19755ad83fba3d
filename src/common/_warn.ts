import { IConstruct } from 'constructs';

/** Metadata type of a warning on a construct's node (what `warningsOf` reads; the type the constructs always used). */
const WARNING = 'warning';

/**
 * Context key: when an app sets it (`app.node.setContext(COLLECT_WARNINGS, true)`), warnings
 * are only recorded, not printed: the `cdk8s-milvus` CLI prints them itself, naming the config file.
 */
export const COLLECT_WARNINGS = 'cdk8s-milvus:collectWarnings';

/**
 * Raises a warning about a construct: something that synthesizes, but that its user should
 * know (MySQL on NFS). cdk8s has no warnings of its own, so the warning is printed to stderr,
 * once per construct, when the app validates its constructs (`app.synth()`, `chart.toJson()`,
 * `Testing.synth()`): a plain `cdk8s synth` shows it with the construct's path. It is also
 * recorded as node metadata, for tools that collect warnings (`warningsOf`).
 */
export function warn(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING, message);
  let printed = false;
  scope.node.addValidation({
    validate: () => {
      if (!printed && scope.node.tryGetContext(COLLECT_WARNINGS) !== true) {
        printed = true;
        process.stderr.write(`[${scope.node.path}] warning: ${message}\n`);
      }
      return [];
    },
  });
}

/** The warnings raised in a construct tree, each with the path of the construct that raised it. */
export function warningsOf(scope: IConstruct): Array<{ path: string; message: string }> {
  return scope.node.findAll().flatMap(c => c.node.metadata
    .filter(m => m.type === WARNING)
    .map(m => ({ path: c.node.path, message: String(m.data) })));
}
