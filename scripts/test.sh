#!/usr/bin/env bash
# Runs every test: type check, lint, unit and integration tests (jest, on
# PostgreSQL and SQLite), end-to-end tests. Installs what is missing first.
# Ends with one line "N passed, N failed" summed over all suites.
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/bootstrap.sh || exit 1
bash scripts/system-deps.sh

export CI=true
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
REPORTS="$ROOT/.test-reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

passed=0
failed=0
count() { # name, passed, failed
  echo "[test] $1: $2 passed, $3 failed"
  passed=$((passed + $2))
  failed=$((failed + $3))
}

echo "[test] type check"
if yarn tsc; then count tsc 1 0; else count tsc 0 1; fi

echo "[test] lint"
if yarn backstage-cli repo lint; then count lint 1 0; else count lint 0 1; fi

echo "[test] API reports (public API of each published package unchanged)"
if yarn build:api-reports:check; then count api-reports 1 0; else count api-reports 0 1; fi

echo "[test] unit and integration tests (jest)"
yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$REPORTS/jest.json"
jest_rc=$?
if [ -f "$REPORTS/jest.json" ]; then
  read -r jp jf < <(node -e '
    const r = require(process.argv[1]);
    // Suites that failed to run count as one failure each.
    const broken = r.testResults.filter(s => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + broken);
  ' "$REPORTS/jest.json")
  count jest "$jp" "$jf"
  [ "$jest_rc" -ne 0 ] && [ "$jf" -eq 0 ] && count jest-exit 0 1
else
  count jest 0 1
fi

if [ -f e2e/run.sh ]; then
  echo "[test] end-to-end"
  bash e2e/run.sh "$REPORTS"
  if [ -f "$REPORTS/e2e.counts" ]; then
    read -r ep ef < "$REPORTS/e2e.counts"
    count e2e "$ep" "$ef"
  else
    count e2e 0 1
  fi
fi

if [ -f adopter/run.sh ]; then
  echo "[test] adopter: a new Backstage app with AWOOOI from the packed tarballs"
  bash adopter/run.sh "$REPORTS"
  if [ -f "$REPORTS/adopter.counts" ]; then
    read -r ap af < "$REPORTS/adopter.counts"
    count adopter "$ap" "$af"
  else
    count adopter 0 1
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
