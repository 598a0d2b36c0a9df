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
if [ -f packages/kube-test-server/src/cli.ts ]; then
  node -r @backstage/cli/config/nodeTransform.cjs packages/kube-test-server/src/cli.ts \
    --port "$AWOOOI_DEMO_KUBE_PORT" --token demo-token --seed demo &
  pids+=($!)
fi

node -r @backstage/cli/config/nodeTransform.cjs scripts/demo-alerts.ts http://localhost:7007 &
pids+=($!)

echo
echo "  AWOOOI is starting (first start builds the frontend; give it a minute)."
echo "  Open http://localhost:3000 and sign in as a demo user (e.g. Alice, DevOps)."
echo

NODE_ENV=development yarn backstage-cli repo start \
  --config "$(pwd)/app-config.yaml" --config "$(pwd)/app-config.demo.yaml"
