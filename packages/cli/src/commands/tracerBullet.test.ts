import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { BackendClient } from '../tracer/backendClient';
import { verifyOutcome } from '../tracer/verifyOutcome';
import { UsageError } from '../usage';
import { approverTokens } from './tracerBullet';

describe('tracer-bullet approver tokens', () => {
  it('takes two --approver-token values before the environment', () => {
    expect(
      approverTokens(['a', 'b'], { AWOOOI_APPROVER_TOKENS: 'c,d' }),
    ).toEqual(['a', 'b']);
  });

  it('reads AWOOOI_APPROVER_TOKENS when no option is given', () => {
    expect(approverTokens([], { AWOOOI_APPROVER_TOKENS: ' c , d ' })).toEqual([
      'c',
      'd',
    ]);
  });

  it('falls back to the demo sign-in when there are no tokens', () => {
    expect(approverTokens([], {})).toBeUndefined();
  });

  it('refuses one token, three tokens, or the same token twice', () => {
    expect(() => approverTokens(['a'], {})).toThrow(UsageError);
    expect(() => approverTokens(['a', 'b', 'c'], {})).toThrow(UsageError);
    expect(() => approverTokens(['a', 'a'], {})).toThrow(UsageError);
  });
});

describe('tracer-bullet [verify outcome]', () => {
  const executedAt = '2026-11-30T00:00:00.000Z';
  let server: Server;
  let answers: Array<Record<string, unknown> | null>;
  let client: BackendClient;

  /** A backend whose proposal shows the next verification state on each read. */
  beforeEach(async () => {
    answers = [];
    server = createServer((req, res) => {
      if (req.url !== '/api/awoooi/proposals/p-1') {
        res.writeHead(404).end();
        return;
      }
      const verification = answers.length > 1 ? answers.shift() : answers[0];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'p-1', state: 'EXECUTED', verification }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    client = new BackendClient(`http://127.0.0.1:${port}`, 'secret');
  });
  afterEach(() => new Promise(r => server.close(r)));

  const open = (detail: string) => ({
    outcome: null,
    detail,
    executedAt,
    decidedAt: null,
  });

  it('passes once the backend verified the fix, after the checks that waited', async () => {
    answers = [
      open('not recovered yet: 1 alert of the incident still firing'),
      {
        outcome: 'VERIFIED',
        detail: "the target is healthy and the incident's alerts resolved",
        executedAt,
        decidedAt: '2026-11-30T00:00:04.500Z',
      },
    ];
    await expect(verifyOutcome(client, 't', 'p-1', 5_000)).resolves.toBe(
      "VERIFIED 4.5 s after execution: the target is healthy and the incident's alerts resolved",
    );
  });

  it('fails with the reason when the fix regressed or did nothing', async () => {
    answers = [
      {
        outcome: 'REGRESSED',
        detail: 'new alerts after the fix: Latency on component:default/x',
        executedAt,
        decidedAt: executedAt,
      },
    ];
    await expect(verifyOutcome(client, 't', 'p-1', 5_000)).rejects.toThrow(
      'the fix was REGRESSED: new alerts after the fix: Latency',
    );
  });

  it('fails with what the last check saw when no verdict comes in time', async () => {
    answers = [open('not recovered yet: the target is unhealthy')];
    await expect(verifyOutcome(client, 't', 'p-1', 300)).rejects.toThrow(
      /timed out .*last check: not recovered yet: the target is unhealthy/,
    );
  });
});
