#!/usr/bin/env node
/**
 * Feeds scripts/count-tests.js the reports a crashed or half-finished run
 * leaves behind and checks each one counts as a failure. Plain Node (no jest):
 * scripts/test.sh runs it before trusting the counts. Exits 1 on a mismatch.
 */
const assert = require('assert');
const { execFileSync } = require('child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

const dir = mkdtempSync(join(tmpdir(), 'awoooi-count-tests-'));
const script = join(__dirname, 'count-tests.js');

/** What test.sh reads: the script's stdout line, for a report written to a file. */
function counted(kind, content, exitCode) {
  const file = join(dir, `${kind}-report`);
  if (content === undefined) rmSync(file, { force: true });
  else writeFileSync(file, content);
  return execFileSync('node', [script, kind, file, exitCode], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

function suite(status, ...assertionStatuses) {
  return {
    status,
    assertionResults: assertionStatuses.map(s => ({ status: s })),
  };
}

function jestReport(overrides = {}) {
  return JSON.stringify({
    numPassedTests: 5,
    numFailedTests: 0,
    numPendingTests: 2,
    numTodoTests: 1,
    testResults: [suite('passed', 'passed', 'passed', 'pending')],
    ...overrides,
  });
}

const cases = [
  ['a clean jest run', () => counted('jest', jestReport(), '0'), '5 0 3'],
  [
    'jest failures',
    () =>
      counted(
        'jest',
        jestReport({
          numFailedTests: 2,
          testResults: [suite('failed', 'failed', 'failed')],
        }),
        '1',
      ),
    '5 2 3',
  ],
  [
    'a truncated jest report',
    () => counted('jest', jestReport().slice(0, 40), '0'),
    '0 1 0',
  ],
  [
    'a jest report without testResults',
    () => counted('jest', jestReport({ testResults: undefined }), '0'),
    '0 1 0',
  ],
  [
    'a jest report without counts',
    () => counted('jest', jestReport({ numPassedTests: undefined }), '0'),
    '0 1 0',
  ],
  ['no jest report', () => counted('jest', undefined, '1'), '0 1 0'],
  [
    'jest exit 1 with 0 failures',
    () => counted('jest', jestReport(), '1'),
    '5 1 3',
  ],
  [
    'a suite that failed to run',
    () =>
      counted(
        'jest',
        jestReport({
          testResults: [suite('failed'), suite('passed', 'passed')],
        }),
        '1',
      ),
    '5 1 3',
  ],
  ['clean e2e counts', () => counted('e2e', '7 0\n', '0'), '7 0 0'],
  ['e2e counts with skips', () => counted('e2e', '6 1 2\n', '1'), '6 1 2'],
  ['missing e2e.counts', () => counted('e2e', undefined, '1'), '0 1 0'],
  ['empty e2e.counts', () => counted('e2e', '', '0'), '0 1 0'],
  ['garbled e2e.counts', () => counted('e2e', '7 x\n', '0'), '0 1 0'],
  ['e2e exit 1 with 0 failures', () => counted('e2e', '7 0\n', '1'), '7 1 0'],
  ['no exit code', () => counted('e2e', '7 0\n', ''), '7 1 0'],
];

let wrong = 0;
try {
  for (const [name, run, expected] of cases) {
    try {
      assert.strictEqual(run(), expected);
    } catch (error) {
      wrong += 1;
      console.error(`[count-tests] ${name}: ${error.message}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`[count-tests] ${cases.length - wrong} of ${cases.length} cases`);
process.exit(wrong ? 1 : 0);
