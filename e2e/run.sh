#!/usr/bin/env bash
# End-to-end: builds the frontend, starts the cluster simulator, Debian's
# Prometheus + node_exporter and the backend (demo config, SQLite), runs the
# browser journey in Debian's Chromium and the tracer bullet. Writes "<passed> <failed>" to $1/e2e.counts.
cd "$(dirname "$0")/.."
REPORTS="${1:-$(pwd)/.test-reports}"
mkdir -p "$REPORTS"
# A count left by an earlier run must not stand in for this one.
rm -f "$REPORTS/e2e.counts"
source scripts/bootstrap.sh || exit 1

echo "[e2e] building the frontend"
if ! yarn workspace app build > "$REPORTS/app-build.log" 2>&1; then
  tail -30 "$REPORTS/app-build.log"
  echo "0 1" > "$REPORTS/e2e.counts"
  exit 1
fi
node -r @backstage/cli/config/nodeTransform.cjs e2e/runE2e.ts "$REPORTS"
