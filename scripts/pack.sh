#!/usr/bin/env bash
# Packs every publishable package (not "private") into one folder with
# `yarn pack` (which runs `backstage-cli package prepack`: dist entry points,
# workspace ranges replaced by versions), three at a time. Run `yarn build`
# first. Usage: scripts/pack.sh <out-dir>. Prints "<package> <bytes>" per
# tarball; fails when a tarball holds tests or sources, or its package.json
# still points at them.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(mkdir -p "${1:?usage: scripts/pack.sh <out-dir>}" && cd "$1" && pwd)"
export OUT

pack_one() {
  set -euo pipefail
  local dir="$1" name file
  if [ "$(node -p 'require(process.argv[1]).private === true' "$PWD/$dir/package.json")" = true ]; then
    return 0
  fi
  name="$(node -p 'require(process.argv[1]).name' "$PWD/$dir/package.json")"
  file="$OUT/$(echo "$name" | sed 's/^@//; s#/#-#').tgz"
  (cd "$dir" && yarn pack --out "$file" > /dev/null)
  if [ -n "$(tar tzf "$file" | grep -E '\.test\.|__testUtils__|/src/' || true)" ]; then
    echo "$name: the tarball holds tests or sources" >&2
    return 1
  fi
  if tar xzf "$file" -O package/package.json | grep -qE '"(main|types|module)": "(\./)?src/|workspace:'; then
    echo "$name: the packed package.json points at sources or workspaces" >&2
    return 1
  fi
  echo "$name $(stat -c %s "$file")"
}
export -f pack_one

ls -d plugins/*/ packages/*/ | sed 's#/$##' |
  while read -r dir; do [ -f "$dir/package.json" ] && echo "$dir"; done |
  xargs -P 3 -I{} bash -c 'pack_one "$1"' _ {} | sort
