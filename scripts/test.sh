#!/usr/bin/env bash
# Runs every test: type check, lint, unit and integration tests (jest, on
# PostgreSQL and SQLite), end-to-end tests. Installs what is missing first.
# Ends with one line "N passed, N failed, N skipped" summed over all suites;
# a report that cannot be read or a runner that fails without a counted
# failure counts as a failure (scripts/count-tests.js).
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
skipped=0
count() { # name, passed, failed, skipped
  local p="$2" f="$3" s="${4:-0}"
  if ! [[ "$p" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ && "$s" =~ ^[0-9]+$ ]]; then
    echo "[test] $1: unusable counts '$2 $3 $4'"
    p=0 f=1 s=0
  fi
  echo "[test] $1: $p passed, $f failed, $s skipped"
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
}
# Counts a runner's report: "<passed> <failed> <skipped>" from count-tests.js.
count_report() { # name, kind, report file, exit code
  local counts
  counts="$(node scripts/count-tests.js "$2" "$3" "$4")"
  read -r cp cf cs <<< "$counts"
  count "$1" "$cp" "$cf" "$cs"
}

echo "[test] the counting itself"
if node scripts/count-tests.test.js; then count counting 1 0; else count counting 0 1; fi

echo "[test] type check"
if yarn tsc; then count tsc 1 0; else count tsc 0 1; fi

echo "[test] lint"
if yarn backstage-cli repo lint; then count lint 1 0; else count lint 0 1; fi

echo "[test] API reports (public API of each published package unchanged)"
if yarn build:api-reports:check; then count api-reports 1 0; else count api-reports 0 1; fi

echo "[test] unit and integration tests (jest)"
yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$REPORTS/jest.json"
count_report jest jest "$REPORTS/jest.json" $?

if [ -f e2e/run.sh ]; then
  echo "[test] end-to-end"
  bash e2e/run.sh "$REPORTS"
  count_report e2e e2e "$REPORTS/e2e.counts" $?
fi

if [ -f adopter/run.sh ]; then
  echo "[test] adopter: a new Backstage app with AWOOOI from the packed tarballs"
  bash adopter/run.sh "$REPORTS"
  count_report adopter e2e "$REPORTS/adopter.counts" $?
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
