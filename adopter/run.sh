#!/usr/bin/env bash
# Adopter test: a brand-new Backstage app from @backstage/create-app (pinned to
# this repo's release), AWOOOI installed from the packed tarballs and wired as
# the package READMEs say, then the tracer bullet with real user tokens and the
# entity page in Chromium. Writes "<passed> <failed>" to $1/adopter.counts.
# AWOOOI_ADOPTER_KEEP=1 keeps the temporary folder for inspection.
cd "$(dirname "$0")/.."
REPORTS="${1:-$(pwd)/.test-reports}"
mkdir -p "$REPORTS"
source scripts/bootstrap.sh || { echo "0 1" > "$REPORTS/adopter.counts"; exit 1; }
node -r @backstage/cli/config/nodeTransform.cjs adopter/runAdopter.ts "$REPORTS"
