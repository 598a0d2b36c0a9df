import { fireEvent, screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import type {
  AwoooiApi,
  FinOpsReport,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import {
  makeProposal,
  mockAwoooiApi,
  SERVICE_REF,
  SRE,
} from '../../__testUtils__/fixtures';
import {
  pending,
  renderWithApi,
  serviceEntity,
} from '../../__testUtils__/render';
import { EntityFinOpsContent } from './EntityFinOpsContent';
import { chartPoints } from './WasteHistoryChart';

function report(overrides: Partial<FinOpsReport> = {}): FinOpsReport {
  return {
    scope: SERVICE_REF,
    currency: 'USD',
    monthlyWaste: 1830.4,
    realizable: 1200,
    freed: 630.4,
    annual: 21964.8,
    recommendations: [
      {
        id: 'rec-pvc',
        kind: 'orphaned_pvc',
        resource: 'pvc/prod/order-api-cache',
        cluster: 'prod-eu',
        entityRef: SERVICE_REF,
        monthlyCost: 200,
        realizable: true,
        risk: 'MEDIUM',
        action: 'delete_pvc',
        params: {},
        detail: 'bound to no pod for 21 days',
        proposalId: null,
      },
      {
        id: 'rec-node',
        kind: 'overprovisioned_node',
        resource: 'node/prod-eu-7',
        cluster: 'prod-eu',
        entityRef: SERVICE_REF,
        monthlyCost: 1000,
        realizable: false,
        risk: 'HIGH',
        action: 'resize_node',
        params: {},
        detail: 'requests 90%, use 20%',
        proposalId: 'prop-9',
      },
    ],
    history: [
      { at: '2026-09-01T00:00:00Z', monthlyWaste: 900 },
      { at: '2026-10-01T00:00:00Z', monthlyWaste: 1500 },
      { at: '2026-11-01T00:00:00Z', monthlyWaste: 1830.4 },
    ],
    generatedAt: '2026-11-25T03:00:00Z',
    ...overrides,
  };
}

function notFound() {
  return ResponseError.fromResponse({
    ok: false,
    status: 404,
    statusText: 'Not Found',
    url: '',
    headers: { get: () => 'application/json' },
    text: async () =>
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'no report' },
        response: { statusCode: 404 },
      }),
  } as any);
}

/** The FinOps tab also loads the entity's fix proposals and the user's roles. */
function withProposals(overrides: Partial<AwoooiApi>) {
  return mockAwoooiApi({
    listProposals: async () => [],
    getMe: async () => SRE,
    ...overrides,
  });
}

describe('EntityFinOpsContent', () => {
  it('shows progress while loading', async () => {
    renderWithApi(<EntityFinOpsContent />, {
      api: mockAwoooiApi({ getFinOps: () => pending() }),
      entity: serviceEntity,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows an error', async () => {
    renderWithApi(<EntityFinOpsContent />, {
      api: mockAwoooiApi({
        getFinOps: async () => {
          throw new Error('pricing config missing');
        },
      }),
      entity: serviceEntity,
    });
    expect(
      (await screen.findAllByText(/pricing config missing/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows an empty state before the first scan', async () => {
    const api = withProposals({
      getFinOps: async () =>
        report({ generatedAt: null, recommendations: [], history: [] }),
    });
    renderWithApi(<EntityFinOpsContent />, { api, entity: serviceEntity });
    expect(await screen.findByText('No FinOps data yet')).toBeInTheDocument();
    expect(api.getFinOps).toHaveBeenCalledWith(SERVICE_REF);
  });

  it('treats a 404 as no data yet', async () => {
    const error = await notFound();
    renderWithApi(<EntityFinOpsContent />, {
      api: withProposals({
        getFinOps: async () => {
          throw error;
        },
      }),
      entity: serviceEntity,
    });
    expect(await screen.findByText('No FinOps data yet')).toBeInTheDocument();
  });

  it('shows the totals, the recommendations by cost and the history chart', async () => {
    renderWithApi(<EntityFinOpsContent />, {
      api: withProposals({ getFinOps: async () => report() }),
      entity: serviceEntity,
    });
    const tiles = await screen.findByLabelText('finops totals');
    expect(tiles).toHaveTextContent('Monthly waste$1,830');
    expect(tiles).toHaveTextContent('Realizable$1,200');
    expect(tiles).toHaveTextContent('Freed$630');
    expect(tiles).toHaveTextContent('Annual$21,965');

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('node/prod-eu-7');
    expect(rows[0]).toHaveTextContent('Over-provisioned node');
    expect(rows[1]).toHaveTextContent('Orphaned PVC');
    expect(rows[0]).toHaveTextContent('$1,000');
    expect(rows[0]).toHaveTextContent('freed after scale-down');
    expect(rows[0]).toHaveTextContent('Proposed as prop-9');
    expect(within(rows[0]).getByLabelText('risk HIGH')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('pvc/prod/order-api-cache');
    expect(rows[1]).toHaveTextContent('realizable now');

    const chart = screen.getByRole('img', {
      name: /monthly waste over 3 months/,
    });
    expect(chart).toHaveAccessibleName(
      'monthly waste over 3 months, latest $1,830',
    );
    expect(chart.querySelectorAll('circle')).toHaveLength(3);
  });

  it('proposes a fix, links to it and lists it for approval', async () => {
    const created = makeProposal({
      id: 'prop-42',
      source: 'finops',
      incidentId: null,
      title: 'Delete orphaned PVC order-api-cache',
      risk: 'MEDIUM',
      required: {
        count: 1,
        roles: ['admin', 'devops', 'sre'],
        mandatoryRoles: [],
      },
    });
    let stored: Proposal[] = [];
    const api = withProposals({
      getFinOps: async () => report(),
      listProposals: async () => stored,
      proposeRecommendation: async () => {
        stored = [created, makeProposal({ id: 'incident-fix' })];
        return created;
      },
    });
    renderWithApi(<EntityFinOpsContent />, { api, entity: serviceEntity });
    fireEvent.click(await screen.findByRole('button', { name: 'Propose fix' }));
    const link = await screen.findByRole('link', { name: /Proposal prop-42/ });
    expect(link).toHaveAttribute('href', '#proposal-prop-42');
    expect(link.parentElement).toHaveTextContent('Proposal prop-42: PENDING');
    expect(api.proposeRecommendation).toHaveBeenCalledWith('rec-pvc');
    expect(api.listProposals).toHaveBeenCalledWith({ entityRef: SERVICE_REF });

    expect(await screen.findByText('Fix proposals')).toBeInTheDocument();
    expect(
      screen.getByText('Delete orphaned PVC order-api-cache'),
    ).toBeInTheDocument();
    // incident fixes are approved on the Incidents tab, not here
    expect(screen.queryByText('Restart order-api')).not.toBeInTheDocument();
    expect(document.getElementById('proposal-prop-42')).not.toBeNull();
    expect(
      screen.getByRole('button', { name: 'Approve & execute' }),
    ).toBeEnabled();
  });

  it('says why a proposal could not be made', async () => {
    const api = withProposals({
      getFinOps: async () => report(),
      proposeRecommendation: async () => {
        throw new Error('recommendation is stale');
      },
    });
    renderWithApi(<EntityFinOpsContent />, { api, entity: serviceEntity });
    fireEvent.click(await screen.findByRole('button', { name: 'Propose fix' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'recommendation is stale',
    );
  });
});

describe('chartPoints', () => {
  it('puts the largest value at the top and zero at the baseline', () => {
    const points = chartPoints([
      { at: 'a', monthlyWaste: 0 },
      { at: 'b', monthlyWaste: 50 },
      { at: 'c', monthlyWaste: 100 },
    ]);
    expect(points.map(p => p.y)).toEqual([172, 94, 16]);
    expect(points[0].x).toBeLessThan(points[1].x);
    expect(points[1].x).toBeLessThan(points[2].x);
  });
});
