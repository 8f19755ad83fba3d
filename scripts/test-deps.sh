#!/usr/bin/env bash
# The system packages `npm test` needs besides npm's, installed from Debian when missing, so that the
# README's test command is all a fresh machine needs: MariaDB (the ownership guard's metastore mark is
# tested against a real server, test/support/mariadb.ts), busybox and dash (the guard and log scripts
# run in the shells the images have). A test that needs them fails without them; nothing is skipped.
set -euo pipefail
missing=()
command -v mariadb-install-db >/dev/null || missing+=(mariadb-server mariadb-client)
command -v busybox >/dev/null || missing+=(busybox)
command -v dash >/dev/null || missing+=(dash)
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "test-deps: the tests need ${missing[*]}; install them first (Debian: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "test-deps: installing ${missing[*]} from Debian"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
