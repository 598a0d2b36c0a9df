#!/usr/bin/env bash
# Packs every publishable package (not "private") into one folder with
# `yarn pack` (which runs `backstage-cli package prepack`: dist entry points,
# workspace ranges replaced by versions). Run `yarn build` first.
# Usage: scripts/pack.sh <out-dir>. Prints "<package> <bytes>" per tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(mkdir -p "${1:?usage: scripts/pack.sh <out-dir>}" && cd "$1" && pwd)"
for dir in plugins/*/ packages/*/; do
  [ -f "$dir/package.json" ] || continue
  if [ "$(node -p 'require(process.argv[1]).private === true' "$PWD/$dir/package.json")" = true ]; then
    continue
  fi
  name="$(node -p 'require(process.argv[1]).name' "$PWD/$dir/package.json")"
  file="$OUT/$(echo "$name" | sed 's/^@//; s#/#-#').tgz"
  (cd "$dir" && yarn pack --out "$file" > /dev/null)
  if [ -n "$(tar tzf "$file" | grep -E '\.test\.|__testUtils__|/src/' || true)" ]; then
    echo "$name: the tarball holds tests or sources" >&2
    exit 1
  fi
  if tar xzf "$file" -O package/package.json | grep -qE '"(main|types|module)": "(\./)?src/|workspace:'; then
    echo "$name: the packed package.json points at sources or workspaces" >&2
    exit 1
  fi
  echo "$name $(stat -c %s "$file")"
done
