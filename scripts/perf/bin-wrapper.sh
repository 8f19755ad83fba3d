#!/bin/sh
# Prototype of the `cdk8s-milvus` bin wrapper (experiment b): run the CLI from a V8 startup
# snapshot when one exists for *this* node binary, else run the plain CommonJS CLI and build
# the snapshot in the background for next time. A snapshot blob only loads into the exact
# node binary (and V8 flags) that built it, and npm may not run install scripts, so the blob
# is built lazily into a per-user cache, keyed by the node binary's size+mtime.
#   CDK8S_MILVUS_NO_SNAPSHOT=1  always use the plain CLI
#   CDK8S_MILVUS_MAIN / CDK8S_MILVUS_SNAPSHOT_ENTRY  override the two scripts (bench use)
# (forks cost ~1-2 ms each here: only readlink for symlinks (npm's .bin link) and one stat)
self=$0
[ -L "$self" ] && self=$(readlink -f "$self")
case "$self" in */*) root=${self%/*}/.. ;; *) root=.. ;; esac
main=${CDK8S_MILVUS_MAIN:-$root/lib/cli/main.js}
entry=${CDK8S_MILVUS_SNAPSHOT_ENTRY:-$root/lib/cli/snapshot.js}
case "$1" in -*|'') exec node "$main" "$@" ;; esac   # node would read leading options itself
[ -n "$CDK8S_MILVUS_NO_SNAPSHOT" ] && exec node "$main" "$@"
nodebin=$(command -v node) || exec node "$main" "$@"
# GNU stat, then BSD/macOS stat; one call for both files: "<node size-mtime> <entry size-mtime>"
key=$(stat -L -c '%s-%Y' "$nodebin" "$entry" 2>/dev/null || stat -L -f '%z-%m' "$nodebin" "$entry" 2>/dev/null) \
  || exec node "$main" "$@"
nl='
'
cache=${XDG_CACHE_HOME:-${HOME:-${TMPDIR:-/tmp}}/.cache}/cdk8s-milvus
blob=$cache/${key%%"$nl"*}-${key#*"$nl"}.blob
if [ -f "$blob" ]; then
  node --snapshot-blob "$blob" -- "$@"
  rc=$?
  [ "$rc" -ne 14 ] && exit "$rc"       # 14: node could not load the snapshot
  rm -f "$blob"
fi
if mkdir -p "$cache" 2>/dev/null; then
  ( node --snapshot-blob "$blob.$$" --build-snapshot "$entry" >/dev/null 2>&1 </dev/null \
      && mv -f "$blob.$$" "$blob" || rm -f "$blob.$$" ) &
fi
exec node "$main" "$@"
