import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type {
  AwoooiMe,
  Proposal,
  Signature,
} from '@awoooi/plugin-awoooi-common';
import {
  makeDryRun,
  makeProposal,
  mockAwoooiApi,
  SRE,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { ApprovalCard } from './ApprovalCard';

const CISO: AwoooiMe = { userEntityRef: 'user:default/cleo', roles: ['ciso'] };

function signature(
  userRef: string,
  role: Signature['role'],
  comment = '',
): Signature {
  return {
    userRef,
    role,
    decision: 'approve',
    comment,
    at: '2026-11-25T11:55:00Z',
  };
}

/** The card as a page holds it: the updated proposal replaces the shown one. */
function LiveCard(props: {
  initial: Proposal;
  me: AwoooiMe;
  onChanged: (p: Proposal) => void;
}) {
  const [proposal, setProposal] = useState(props.initial);
  return (
    <ApprovalCard
      proposal={proposal}
      me={props.me}
      onChanged={p => {
        setProposal(p);
        props.onChanged(p);
      }}
    />
  );
}

describe('ApprovalCard', () => {
  it('shows action, target, risk, requirement, dry-run checks, blast radius and trust', async () => {
    const proposal = makeProposal({
      signatures: [
        signature('user:default/alex', 'devops', 'safe, replicas are healthy'),
      ],
      blastRadius: [
        {
          entityRef: 'component:default/frontend',
          distance: 1,
          path: ['component:default/order-api', 'component:default/frontend'],
        },
      ],
      dryRun: makeDryRun({
        checks: [
          {
            name: 'rbac',
            outcome: 'pass',
            detail: 'may patch deployments in prod',
          },
          { name: 'pdb', outcome: 'warn', detail: 'only 1 spare replica' },
        ],
      }),
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(await screen.findByText('Restart order-api')).toBeInTheDocument();
    expect(screen.getByText('restart_deployment')).toBeInTheDocument();
    expect(screen.getByText('deployment/prod/order-api')).toBeInTheDocument();
    expect(screen.getByLabelText('risk HIGH')).toHaveTextContent('HIGH');
    expect(screen.getByText(/Requires/)).toHaveTextContent(
      'Requires 2 signatures · roles: admin, devops, sre',
    );
    expect(screen.getByText(/1 of 2 approvals/)).toBeInTheDocument();
    const signatures = screen.getByRole('list', { name: 'signatures' });
    expect(signatures).toHaveTextContent('as devops');
    expect(signatures).toHaveTextContent('“safe, replicas are healthy”');
    expect(screen.getByText('only 1 spare replica')).toBeInTheDocument();
    expect(screen.getByLabelText('warning')).toBeInTheDocument();
    const blast = screen.getByRole('navigation', {
      name: 'blast path to component:default/frontend',
    });
    expect(
      within(blast).getByRole('link', { name: 'frontend' }),
    ).toHaveAttribute('href', '/catalog/default/component/frontend');
    expect(
      screen.getByText('restart_deployment:order-api'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^trust /)).toHaveTextContent(
      'trust 3/10: 3 approvals, last outcome none yet',
    );
  });

  it("explains the pattern's trust by its approvals and its last outcome", async () => {
    renderWithApi(
      <ApprovalCard
        proposal={makeProposal({
          baseRisk: 'MEDIUM',
          trust: { score: 4, lastOutcome: 'VERIFIED', autoSuspended: false },
        })}
        me={SRE}
        onChanged={() => undefined}
      />,
      { api: mockAwoooiApi() },
    );
    expect(
      await screen.findByText('trust 4/5: 4 approvals, last outcome VERIFIED'),
    ).toBeInTheDocument();
  });

  it("reads the pattern's trust against the backend's configured thresholds", async () => {
    renderWithApi(
      <ApprovalCard
        proposal={makeProposal({
          trust: { score: 2, lastOutcome: 'INEFFECTIVE', autoSuspended: false },
          trustThresholds: { high: 3, medium: 2 },
        })}
        me={SRE}
        onChanged={() => undefined}
      />,
      { api: mockAwoooiApi() },
    );
    expect(
      await screen.findByText(
        'trust 2/3: 2 approvals, last outcome INEFFECTIVE',
      ),
    ).toBeInTheDocument();
  });

  it('approves with the comment and hands back the updated proposal', async () => {
    const updated = makeProposal({
      signatures: [signature(SRE.userEntityRef, 'sre')],
    });
    const api = mockAwoooiApi({ approveProposal: async () => updated });
    const onChanged = jest.fn();
    renderWithApi(
      <LiveCard initial={makeProposal()} me={SRE} onChanged={onChanged} />,
      { api },
    );
    expect(await screen.findByText(/0 of 2 approvals/)).toBeInTheDocument();
    await userEvent.type(
      await screen.findByLabelText('Comment (optional)'),
      'checked the graphs',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Approve & execute' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(updated));
    expect(api.approveProposal).toHaveBeenCalledWith(
      'prop-1',
      'checked the graphs',
    );
    expect(api.rejectProposal).not.toHaveBeenCalled();
    // The card now shows the signature and waits for someone else.
    expect(screen.getByText(/1 of 2 approvals/)).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'signatures' })).toHaveTextContent(
      'as sre',
    );
    expect(
      screen.getByRole('button', { name: 'Approve & execute' }),
    ).toBeDisabled();
    expect(screen.getByRole('note')).toHaveTextContent(/already signed/);
    expect(screen.queryByLabelText('Comment (optional)')).toBeNull();
  });

  it('rejects without a comment', async () => {
    const api = mockAwoooiApi({
      rejectProposal: async () => makeProposal({ state: 'REJECTED' }),
    });
    const onChanged = jest.fn();
    renderWithApi(
      <LiveCard initial={makeProposal()} me={SRE} onChanged={onChanged} />,
      { api },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.rejectProposal).toHaveBeenCalledWith('prop-1', undefined);
    // Rejected: no buttons left, the state says so.
    expect(screen.getByText(/^REJECTED · proposed by/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Approve & execute' }),
    ).toBeNull();
  });

  it('shows the backend message when signing fails', async () => {
    const api = mockAwoooiApi({
      approveProposal: async () => {
        throw new Error('proposal expired meanwhile');
      },
    });
    renderWithApi(
      <ApprovalCard proposal={makeProposal()} me={SRE} onChanged={jest.fn()} />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Approve & execute' }),
    );
    expect(
      await screen.findByText('proposal expired meanwhile'),
    ).toBeInTheDocument();
  });

  it('disables both buttons for the proposer: "you proposed this"', async () => {
    const proposal = makeProposal({ proposedBy: SRE.userEntityRef });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Approve & execute' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    expect(screen.getByRole('note')).toHaveTextContent(
      'Cannot sign: you proposed this',
    );
  });

  it('disables signing for someone who already signed', async () => {
    const proposal = makeProposal({
      signatures: [signature(SRE.userEntityRef, 'sre')],
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Approve & execute' }),
    ).toBeDisabled();
    expect(screen.getByRole('note')).toHaveTextContent(
      'Cannot sign: already signed',
    );
  });

  it('says a CRITICAL proposal still needs the CTO once the CISO signed', async () => {
    const proposal = makeProposal({
      risk: 'CRITICAL',
      baseRisk: 'CRITICAL',
      required: {
        count: 2,
        roles: ['cto', 'ciso'],
        mandatoryRoles: ['cto', 'ciso'],
      },
      signatures: [signature('user:default/other-ciso', 'ciso')],
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={CISO} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Approve & execute' }),
    ).toBeDisabled();
    // A veto stays possible: any allowed role may reject.
    expect(screen.getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(screen.getByRole('note')).toHaveTextContent(
      'Cannot approve: needs CTO',
    );
    expect(screen.getByText(/still missing CTO/)).toBeInTheDocument();
  });

  it('tells an SRE that a CRITICAL action needs executives', async () => {
    const proposal = makeProposal({
      risk: 'CRITICAL',
      required: {
        count: 2,
        roles: ['cto', 'ciso'],
        mandatoryRoles: ['cto', 'ciso'],
      },
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(await screen.findByRole('note')).toHaveTextContent(
      'Cannot sign: needs CTO or CISO',
    );
  });

  it('shows the execution result and no buttons once executed', async () => {
    const proposal = makeProposal({
      state: 'EXECUTED',
      result: {
        ok: true,
        detail: 'deployment restarted, 3/3 ready',
        at: '2026-11-25T11:58:00Z',
      },
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(
      await screen.findByText(/deployment restarted, 3\/3 ready/),
    ).toBeInTheDocument();
    expect(screen.getByText('EXECUTED')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve & execute' }),
    ).not.toBeInTheDocument();
  });

  it.each([
    ['REJECTED', 'rejected by user:default/alex: not during the sale'],
    ['EXPIRED', 'nobody signed within 1 hour'],
    ['FAILED', 'executor error: deployments.apps "order-api" not found'],
  ] as const)('shows %s with its reason', async (state, reason) => {
    renderWithApi(
      <ApprovalCard
        proposal={makeProposal({ state, reason })}
        me={SRE}
        onChanged={jest.fn()}
      />,
      { api: mockAwoooiApi() },
    );
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.getAllByText(state).length).toBeGreaterThan(0);
  });

  it('shows both dry-runs side by side for a VOIDED proposal', async () => {
    const proposal = makeProposal({
      state: 'VOIDED',
      reason: 'state changed after approval',
      dryRun: makeDryRun({ fingerprint: 'aaaaaaaaaaaaaaaa' }),
      preExecutionDryRun: makeDryRun({
        fingerprint: 'bbbbbbbbbbbbbbbb',
        ok: false,
        checks: [
          {
            name: 'rbac',
            outcome: 'pass',
            detail: 'may patch deployments in prod',
          },
          {
            name: 'pdb',
            outcome: 'fail',
            detail: 'would leave 0 of 3 available',
          },
        ],
      }),
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      {
        api: mockAwoooiApi(),
      },
    );
    expect(
      await screen.findByText('state changed after approval'),
    ).toBeInTheDocument();
    const before = screen.getByTestId('dry-run-approved');
    const after = screen.getByTestId('dry-run-pre-execution');
    expect(
      within(before).getByText('Dry-run approvers saw'),
    ).toBeInTheDocument();
    expect(
      within(before).getByText('minAvailable 1 of 3 kept'),
    ).toBeInTheDocument();
    expect(
      within(after).getByText('Dry-run before execution'),
    ).toBeInTheDocument();
    expect(
      within(after).getByText('would leave 0 of 3 available'),
    ).toBeInTheDocument();
    expect(within(after).getByLabelText('fail')).toBeInTheDocument();
    expect(
      screen.getByText(/The state changed after approval/),
    ).toHaveTextContent('aaaaaaaaaaaa → bbbbbbbbbbbb');
  });
});

describe('ApprovalCard of a FinOps proposal', () => {
  it('shows the monthly savings of the recommendation it came from', async () => {
    const proposal = makeProposal({
      id: 'prop-finops',
      incidentId: null,
      source: 'finops',
      action: 'delete_pvc',
      target: 'demo:pvc/data/data-postgres-backup',
      entityRef: 'resource:default/postgres-db',
    });
    const api = mockAwoooiApi({
      getFinOps: async () => ({
        scope: 'resource:default/postgres-db',
        currency: 'USD',
        monthlyWaste: 40,
        realizable: 40,
        freed: 0,
        annual: 480,
        recommendations: [
          {
            id: 'finops-1',
            kind: 'orphaned_pvc',
            resource: 'pvc/data/data-postgres-backup',
            cluster: 'demo',
            entityRef: 'resource:default/postgres-db',
            monthlyCost: 40,
            realizable: true,
            risk: 'HIGH',
            action: 'delete_pvc',
            params: {},
            detail: '400 GiB standard volume bound to no pod',
            proposalId: 'prop-finops',
          },
        ],
        history: [],
        generatedAt: '2026-11-29T04:00:00Z',
      }),
    });
    renderWithApi(
      <ApprovalCard proposal={proposal} me={SRE} onChanged={jest.fn()} />,
      { api },
    );
    expect(await screen.findByLabelText('monthly savings')).toHaveTextContent(
      'Monthly savings if fixed: $40',
    );
    expect(api.getFinOps).toHaveBeenCalledWith('resource:default/postgres-db');
  });

  it('asks nothing for an incident proposal', async () => {
    const api = mockAwoooiApi();
    renderWithApi(
      <ApprovalCard proposal={makeProposal()} me={SRE} onChanged={jest.fn()} />,
      { api },
    );
    expect(await screen.findByText('Restart order-api')).toBeInTheDocument();
    expect(screen.queryByLabelText('monthly savings')).toBeNull();
    expect(api.getFinOps).not.toHaveBeenCalled();
  });
});
