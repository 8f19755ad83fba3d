#!/usr/bin/env node
/**
 * The `cdk8s-milvus` bin, kept tiny. It runs `main.bundle.js` (the CLI of `_main.ts` with
 * cdk8s, cdk8s-plus-28, constructs and yaml in one minified file, written by esbuild after
 * `compile`) through `vm.Script` with V8's code cache, so a run neither resolves and loads
 * ~150 modules nor compiles their code again. The cache is one file per install and node
 * binary in `$XDG_CACHE_HOME/cdk8s-milvus` (default `~/.cache/cdk8s-milvus`, else a private
 * directory under the OS temp dir), written atomically after a run that found none or had it
 * rejected by V8, and once more after the first successful synth when a `--help` or a failed run
 * wrote it (it then lacks most of the synth code). The cache never makes a command fail;
 * `CDK8S_MILVUS_NO_COMPILE_CACHE=1` turns it off. Without the bundle, or when it is older than
 * the compiled `_main.js` (a compile without the post-compile step), it runs `./_main` unbundled.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { homedir, tmpdir } from 'os';
import { isAbsolute, join } from 'path';
import { Script } from 'vm';

const BUNDLE = join(__dirname, 'main.bundle.js');
/** The bundler writes `// cdk8s-milvus bundle <sha256 of the rest>` as the first line. */
const HASH_LINE = /^\/\/ cdk8s-milvus bundle ([0-9a-f]{16,64})\n/;

let source: string | undefined;
try {
  // A packed package gives every file the same mtime; a stale bundle only exists in a checkout.
  if (statSync(BUNDLE).mtimeMs >= statSync(join(__dirname, '_main.js')).mtimeMs) {
    source = readFileSync(BUNDLE, 'latin1'); // esbuild writes ASCII only (charset: ascii)
  }
} catch {
  source = undefined;
}

if (source === undefined) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./_main');
} else {
  const flag = process.env.CDK8S_MILVUS_NO_COMPILE_CACHE;
  const hash = flag && flag !== '0' ? undefined : HASH_LINE.exec(source)?.[1];
  const name = hash && `cli-${fnv1a(__dirname)}-${process.version}-${process.arch}.v8cache`;
  let cached: { data: Buffer; complete: boolean } | undefined;
  if (name && hash) {
    for (const dir of cacheDirs()) {
      cached = readCache(dir, name, hash);
      if (cached) { break; }
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData: cached?.data });
  const mod = { exports: {}, id: BUNDLE, filename: BUNDLE, loaded: false, children: [], paths: [] };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(BUNDLE), mod, BUNDLE, __dirname);
  // The cache holds the code this run compiled: a `--help` or a failed synth compiles a part of what a
  // synth needs, so the first successful synth after such a run writes it again, complete.
  const complete = (mod.exports as { runState?: { synthesized?: boolean } }).runState?.synthesized === true;
  if (name && hash && (!cached || script.cachedDataRejected || (complete && !cached.complete))) {
    for (const dir of cacheDirs()) {
      if (writeCache(dir, name, `${hash} ${complete ? 'synth' : 'partial'}\n`, script)) { break; }
    }
  }
}

/** Where the cache may live, best first; the temp one only if it is a private directory of this user. */
function cacheDirs(): string[] {
  const dirs: string[] = [];
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) {
    dirs.push(join(xdg, 'cdk8s-milvus'));
  } else {
    try { dirs.push(join(homedir(), '.cache', 'cdk8s-milvus')); } catch { /* no home directory */ }
  }
  dirs.push(join(tmpdir(), `cdk8s-milvus-${process.getuid?.() ?? 'user'}`));
  return dirs;
}

/** A directory under the shared temp dir must be ours and writable by us alone: V8 trusts its code cache. */
function trusted(dir: string): boolean {
  if (!dir.startsWith(tmpdir()) || process.getuid === undefined) { return true; }
  const st = lstatSync(dir);
  // eslint-disable-next-line no-bitwise
  return st.isDirectory() && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** The cache's first line is `<bundle hash> synth|partial`: for this bundle, and whether a whole synth wrote it. */
function readCache(dir: string, name: string, hash: string): { data: Buffer; complete: boolean } | undefined {
  try {
    const data = readFileSync(join(dir, name));
    const end = data.indexOf(10);
    const header = data.toString('latin1', 0, end);
    if (!trusted(dir) || (header !== `${hash} synth` && header !== `${hash} partial`)) { return undefined; }
    return { data: data.subarray(end + 1), complete: header.endsWith(' synth') };
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, name: string, header: string, script: Script): boolean {
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!trusted(dir)) { return false; }
    writeFileSync(tmp, Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]), { mode: 0o600 });
    renameSync(tmp, join(dir, name));
    return true;
  } catch {
    try { unlinkSync(tmp); } catch { /* never written */ }
    return false;
  }
}

/** 32-bit FNV-1a of the install directory, as hex: one cache file per install. */
/* eslint-disable no-bitwise */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
/* eslint-enable no-bitwise */
