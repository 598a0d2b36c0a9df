import { BackendClient, poll } from './backendClient';

interface Verification {
  outcome: 'VERIFIED' | 'INEFFECTIVE' | 'REGRESSED' | null;
  detail: string | null;
  executedAt: string;
  decidedAt: string | null;
}

/**
 * Waits for the backend's verdict on an executed fix and passes only when it
 * is VERIFIED: the workload recovered on the cluster and the incident's
 * alerts resolved. INEFFECTIVE or REGRESSED fail with the backend's reason;
 * no verdict within the time limit fails with what the last check saw.
 */
export async function verifyOutcome(
  client: BackendClient,
  token: string,
  proposalId: string,
  timeoutMs: number,
): Promise<string> {
  let last: Verification | undefined;
  const decided = await poll(
    "the fix's verification outcome",
    async () => {
      const proposal = await client.request(
        'GET',
        `/api/awoooi/proposals/${proposalId}`,
        token,
      );
      last = proposal.verification ?? undefined;
      return last?.outcome ? last : undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}${last?.detail ? `; last check: ${last.detail}` : ''}`,
    );
  });
  if (decided.outcome !== 'VERIFIED')
    throw new Error(`the fix was ${decided.outcome}: ${decided.detail ?? ''}`);
  const seconds =
    (Date.parse(decided.decidedAt!) - Date.parse(decided.executedAt)) / 1000;
  return `VERIFIED ${seconds.toFixed(1)} s after execution: ${decided.detail}`;
}
