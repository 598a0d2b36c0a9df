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
});
