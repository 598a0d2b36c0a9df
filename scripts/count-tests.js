#!/usr/bin/env node
/**
 * Turns a runner's report into one line "<passed> <failed> <skipped>" for
 * scripts/test.sh. A report that cannot be trusted counts as a failure, so a
 * crashed runner can never end a run green:
 *
 *   node scripts/count-tests.js jest <jest.json> <exit code>
 *   node scripts/count-tests.js e2e <e2e.counts> <exit code>
 *
 * Reasons for extra failures go to stderr.
 */
const { readFileSync } = require('fs');

function isCount(value) {
  return Number.isInteger(value) && value >= 0;
}

/** Counts from jest's `--json` report, or throws when it is not one. */
function jestCounts(text) {
  const report = JSON.parse(text);
  const fields = [
    'numPassedTests',
    'numFailedTests',
    'numPendingTests',
    'numTodoTests',
  ];
  for (const field of fields)
    if (!isCount(report?.[field])) throw new Error(`${field} missing`);
  if (!Array.isArray(report.testResults))
    throw new Error('testResults missing');
  // A suite that failed without a failed test (it did not compile, or a
  // hook threw) counts as one failure.
  const broken = report.testResults.filter(
    suite =>
      suite.status === 'failed' &&
      !(suite.assertionResults ?? []).some(a => a.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + broken,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Counts from the e2e harness' "<passed> <failed> [<skipped>]" line. */
function e2eCounts(text) {
  const match = /^(\d+) (\d+)(?: (\d+))?\n?$/.exec(text);
  if (!match) throw new Error(`not "<passed> <failed>": ${text.slice(0, 80)}`);
  return {
    passed: Number(match[1]),
    failed: Number(match[2]),
    skipped: Number(match[3] ?? 0),
  };
}

function count(kind, file, exitCode) {
  const parse = { jest: jestCounts, e2e: e2eCounts }[kind];
  if (!parse) throw new Error(`unknown report kind '${kind}'`);
  let counts;
  try {
    counts = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`[test] ${kind}: unusable report ${file}: ${error.message}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (!/^\d+$/.test(exitCode ?? '')) {
    console.error(`[test] ${kind}: no exit code given`);
    counts.failed += 1;
  } else if (exitCode !== '0' && counts.failed === 0) {
    console.error(
      `[test] ${kind}: exited ${exitCode} without a counted failure`,
    );
    counts.failed += 1;
  }
  return counts;
}

if (require.main === module) {
  const [kind, file, exitCode] = process.argv.slice(2);
  const { passed, failed, skipped } = count(kind, file, exitCode);
  console.log(`${passed} ${failed} ${skipped}`);
}

module.exports = { count };
