import { BackendClient } from './backendClient';
import {
  approveWithBothApprovers,
  awaitProposal,
  checkBackendHealth,
  checkExecution,
  checkTopologyAnalysis,
  identifyApprovers,
  resolveAlerts,
  TracerRun,
  TracerStep,
  triggerAlerts,
} from './tracerSteps';
import { verifyOutcome } from './verifyOutcome';

export interface TracerOptions {
  url: string;
  secret: string;
  /** Approvers' Backstage tokens; without them the demo sign-in is used. */
  approverTokens?: [string, string];
  /** Demo users to sign in as when no tokens are given. */
  approvers: [string, string];
  kubeUrl?: string;
  kubeToken?: string;
  timeoutMs: number;
  out: (line: string) => void;
}

interface StepResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/**
 * The seed's full loop against a running backend: alert → topology analysis
 * → proposal → multi-sig approval (two approvers: their Backstage tokens, or
 * the demo sign-in) → execution, checked on the cluster → the alerts
 * resolve → the backend's verdict on the fix (VERIFIED). One PASS/FAIL line
 * per step, then a summary.
 */
export async function runTracerBullet(o: TracerOptions): Promise<boolean> {
  const run: TracerRun = {
    client: new BackendClient(o.url.replace(/\/$/, ''), o.secret),
    o,
    runId: Date.now().toString(36),
    ctx: {},
  };
  const steps: Array<[string, TracerStep]> = [
    ['backend health', checkBackendHealth],
    ['two approvers identified', identifyApprovers],
    ['trigger alert', triggerAlerts],
    ['topology analysis', checkTopologyAnalysis],
    ['proposal generated', awaitProposal],
    ['multi-sig approval', approveWithBothApprovers],
    ['execution', checkExecution],
    ['resolve alerts', resolveAlerts],
    [
      // After the alerts resolved, as Alertmanager resolves them once the fix worked.
      'verify outcome',
      ({ client, ctx }) =>
        verifyOutcome(client, ctx.tokens[0], ctx.executed.id, o.timeoutMs),
    ],
  ];

  const results: StepResult[] = [];
  for (const [name, step] of steps) {
    const r = await runStep(name, step, run, results);
    results.push(r);
    o.out(
      r.ok
        ? `[x] [${r.name}] PASS${r.detail ? `: ${r.detail}` : ''}`
        : `[ ] [${r.name}] FAIL: ${r.detail}`,
    );
  }
  return printSummary(o, results);
}

/** Runs one step, unless an earlier one failed: then it is skipped. */
async function runStep(
  name: string,
  step: TracerStep,
  run: TracerRun,
  earlier: StepResult[],
): Promise<StepResult> {
  if (earlier.some(r => !r.ok)) {
    return { name, ok: false, detail: 'skipped after an earlier failure' };
  }
  try {
    const detail = await step(run);
    return { name, ok: true, detail: detail || undefined };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

/** Prints the totals; true when every step passed. */
function printSummary(o: TracerOptions, results: StepResult[]): boolean {
  const passed = results.filter(r => r.ok).length;
  o.out('');
  o.out(`Total Steps: ${results.length}`);
  o.out(`Passed: ${passed}`);
  o.out(`Failed: ${results.length - passed}`);
  o.out(`Status: ${passed === results.length ? 'ALL PASSED' : 'FAILED'}`);
  return passed === results.length;
}
