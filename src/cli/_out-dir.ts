import { existsSync, mkdirSync, statSync } from 'fs';
import { dirname, resolve } from 'path';

/**
 * Creates the output directory one level at a time, from its nearest existing ancestor down.
 *
 * Not `mkdirSync(dir, { recursive: true })`: on a file system that answers ENOENT to every
 * mkdir, such as /proc, Node's recursive mkdir retries the parent and the child forever at
 * full CPU (`--out /proc/nope` never returned). One level at a time, the first failing
 * mkdir reports its error at once.
 */
export function createOutDir(out: string): void {
  const missing: string[] = [];
  let dir = resolve(out);
  while (!existsSync(dir)) {
    missing.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) { break; }
    dir = parent;
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new Error(`${dir === resolve(out) ? out : dir} exists and is not a directory`);
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e: any) {
      // Another process may have created it meanwhile; anything else is final.
      if (e?.code !== 'EEXIST' || !statSync(d).isDirectory()) {
        throw new Error(`cannot create directory ${d} (${e?.message ?? e})`);
      }
    }
  }
}
