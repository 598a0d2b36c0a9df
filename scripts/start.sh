#!/usr/bin/env bash
# Starts AWOOOI in demo mode: Backstage backend + frontend on embedded SQLite,
# the demo catalog (examples/), the Kubernetes cluster simulator and demo alerts.
# Installs what is missing first. Stop with Ctrl-C.
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh || exit 1

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap cleanup EXIT INT TERM

export AWOOOI_DEMO_KUBE_PORT="${AWOOOI_DEMO_KUBE_PORT:-6443}"
PROM_DIR="$(mktemp -d)"
# The simulator also writes a week of its pods' container use (the FinOps
# story's metrics), which Prometheus gets backfilled with below.
if [ -f packages/kube-test-server/src/cli.ts ]; then
  node -r @backstage/cli/config/nodeTransform.cjs packages/kube-test-server/src/cli.ts \
    --port "$AWOOOI_DEMO_KUBE_PORT" --token demo-token --seed demo \
    --demo-metrics "$PROM_DIR/container-usage.om" &
  pids+=($!)
fi

# A real Prometheus + node_exporter on loopback when Debian's packages are
# installed (scripts/system-deps.sh installs them); the capacity and rule
# scanners report a clear "unreachable" otherwise.
if command -v prometheus >/dev/null && command -v prometheus-node-exporter >/dev/null; then
  cp scripts/demo/prometheus.yml scripts/demo/rules.yml "$PROM_DIR/"
  for _ in $(seq 1 120); do [ -f "$PROM_DIR/container-usage.om" ] && break; sleep 0.5; done
  if [ -f "$PROM_DIR/container-usage.om" ]; then
    promtool tsdb create-blocks-from openmetrics "$PROM_DIR/container-usage.om" "$PROM_DIR/data" \
      > "$PROM_DIR/backfill.log" 2>&1 || echo "backfill failed: see $PROM_DIR/backfill.log"
  fi
  prometheus-node-exporter --web.listen-address=127.0.0.1:19100 > "$PROM_DIR/node-exporter.log" 2>&1 &
  pids+=($!)
  prometheus --config.file="$PROM_DIR/prometheus.yml" --storage.tsdb.path="$PROM_DIR/data" \
    --web.listen-address=127.0.0.1:19090 --web.external-url=http://127.0.0.1:19090 > "$PROM_DIR/prometheus.log" 2>&1 &
  pids+=($!)
  echo "Prometheus (demo) on http://127.0.0.1:19090, node_exporter on 127.0.0.1:19100"
fi

node -r @backstage/cli/config/nodeTransform.cjs scripts/demo-alerts.ts http://localhost:7007 &
pids+=($!)

echo
echo "  AWOOOI is starting (first start builds the frontend; give it a minute)."
echo "  Open http://localhost:3000 and sign in as a demo user (e.g. Alice, DevOps)."
echo

NODE_ENV=development yarn backstage-cli repo start \
  --config "$(pwd)/app-config.yaml" --config "$(pwd)/app-config.demo.yaml"
