import { screen } from '@testing-library/react';
import { makeProposal, mockAwoooiApi } from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { ProposalOutcome } from './ProposalOutcome';

describe('ProposalOutcome', () => {
  it('says an execution ended without an outcome, and why', async () => {
    const proposal = makeProposal({
      state: 'UNKNOWN',
      reason:
        'No outcome within 600000 ms; the execution was aborted and may or may not have taken effect',
    });
    renderWithApi(<ProposalOutcome proposal={proposal} />, {
      api: mockAwoooiApi(),
    });
    expect(await screen.findByText('UNKNOWN')).toBeInTheDocument();
    expect(
      screen.getByText(/may or may not have taken effect/),
    ).toBeInTheDocument();
  });

  it('shows a regressed fix with its reason and a link to the rollback', async () => {
    const proposal = makeProposal({
      state: 'EXECUTED',
      result: { ok: true, detail: 'scaled to 5', at: new Date().toISOString() },
      verification: {
        outcome: 'REGRESSED',
        executedAt: new Date().toISOString(),
        deadline: new Date().toISOString(),
        decidedAt: new Date().toISOString(),
        detail: 'new alerts after the fix: Latency on component:default/x',
        rollbackProposalId: 'prop-9',
      },
    });
    renderWithApi(<ProposalOutcome proposal={proposal} />, {
      api: mockAwoooiApi(),
    });
    expect(await screen.findByText('REGRESSED')).toBeInTheDocument();
    expect(screen.getByText(/new alerts after the fix/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'review it' })).toHaveAttribute(
      'href',
      '#proposal-prop-9',
    );
  });

  it('shows an open window with what the last check saw', async () => {
    const proposal = makeProposal({
      state: 'EXECUTED',
      result: { ok: true, detail: 'restarted', at: new Date().toISOString() },
      verification: {
        outcome: null,
        executedAt: new Date().toISOString(),
        deadline: new Date(Date.now() + 600_000).toISOString(),
        decidedAt: null,
        detail: 'not recovered yet: 1 alert of the incident still firing',
        rollbackProposalId: null,
      },
    });
    renderWithApi(<ProposalOutcome proposal={proposal} />, {
      api: mockAwoooiApi(),
    });
    expect(await screen.findByText('Verifying')).toBeInTheDocument();
    expect(screen.getByText(/still firing/)).toBeInTheDocument();
  });
});
