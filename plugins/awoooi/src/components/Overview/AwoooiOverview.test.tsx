import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { PROPOSALS_CHANNEL } from '@awoooi/plugin-awoooi-common';
import type {
  AwoooiApi,
  HostCapacity,
  ScanStatus,
} from '@awoooi/plugin-awoooi-common';
import { act } from 'react';
import {
  SRE,
  makeIncident,
  makeProposal,
  mockAwoooiApi,
} from '../../__testUtils__/fixtures';
import { pending, renderWithApi } from '../../__testUtils__/render';
import { FakeSignalApi } from '../../__testUtils__/signals';
import { AwoooiOverview } from './AwoooiOverview';
import { CapacityCard } from './CapacityCard';
import { OpenIncidentsCard } from './OpenIncidentsCard';
import { OutcomesCard } from './OutcomesCard';
import { PendingApprovalsCard } from './PendingApprovalsCard';
import { ScansCard } from './ScansCard';
import { UnmappedAlertsCard } from './UnmappedAlertsCard';

const scan = (overrides: Partial<ScanStatus> = {}): ScanStatus => ({
  scanId: 'capacity',
  schedule: '0 2 * * *',
  timeZone: 'Asia/Taipei',
  running: false,
  lastRun: {
    id: 7,
    scanId: 'capacity',
    status: 'succeeded',
    startedAt: '2026-11-24T18:00:00Z',
    finishedAt: '2026-11-24T18:00:09Z',
    counts: { hosts: 12, violations: 1 },
    error: null,
  },
  ...overrides,
});

const host = (overrides: Partial<HostCapacity> = {}): HostCapacity => ({
  instance: 'node-a:9100',
  server: 'node-a',
  load1: 0.5,
  load5: 0.4,
  load15: 0.3,
  cpuPercent: 35,
  iowaitPercent: 1,
  memoryPercent: 50,
  swapPercent: 0,
  verdict: 'ok',
  entityRefs: [],
  takenAt: '2026-11-24T18:00:05Z',
  ...overrides,
});

async function conflict() {
  return ResponseError.fromResponse({
    ok: false,
    status: 409,
    statusText: 'Conflict',
    url: '',
    headers: { get: () => 'application/json' },
    text: async () =>
      JSON.stringify({
        error: { name: 'ConflictError', message: 'task is running' },
        response: { statusCode: 409 },
      }),
  } as any);
}

function fullApi(overrides: Partial<AwoooiApi> = {}) {
  return mockAwoooiApi({
    listIncidents: async () => [makeIncident()],
    listUnmappedAlerts: async () => [],
    getMe: async () => SRE,
    listProposals: async () => [makeProposal()],
    listScans: async () => [scan()],
    listHostCapacity: async () => [host()],
    getOutcomes: async () => ({ mttr: [], patterns: [] }),
    ...overrides,
  });
}

describe('AwoooiOverview', () => {
  it('renders every section', async () => {
    renderWithApi(<AwoooiOverview />, { api: fullApi() });
    expect(
      await screen.findByText('Pending approvals for me (1)'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Open incidents (1)')).toBeInTheDocument();
    expect(
      await screen.findByText('Every alert maps to an entity'),
    ).toBeInTheDocument();
    expect(await screen.findByText('node-a')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run now' })).toBeInTheDocument();
  });
});

describe('OutcomesCard', () => {
  it('shows the MTTR trend and the verified-fix rate of each pattern, the weakest first', async () => {
    const api = mockAwoooiApi({
      getOutcomes: async () => ({
        mttr: [
          { day: '2026-11-28', incidents: 2, mttrMs: 1_800_000 },
          { day: '2026-11-29', incidents: 1, mttrMs: 300_000 },
        ],
        patterns: [
          {
            pattern: 'scale_deployment:deployment/shop/worker',
            verified: 1,
            ineffective: 0,
            regressed: 3,
            verifiedRate: 0.25,
          },
          {
            pattern: 'rollout_restart:deployment/data/postgres-db',
            verified: 4,
            ineffective: 0,
            regressed: 0,
            verifiedRate: 1,
          },
        ],
      }),
    });
    renderWithApi(<OutcomesCard />, { api });
    expect(
      await screen.findByText('MTTR on 2026-11-29: 5 min 0 s over 1 incident'),
    ).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'MTTR trend' })).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(
      'scale_deployment:deployment/shop/worker25%103',
    );
    expect(rows[1]).toHaveTextContent('100%');
    expect(api.getOutcomes).toHaveBeenCalledWith(30);
  });
});

describe('OpenIncidentsCard', () => {
  it('links each incident to its entity Incidents tab, worst first', async () => {
    const api = fullApi({
      listIncidents: async () => [
        makeIncident({
          id: 'warn',
          title: 'slow checkout',
          severity: 'warning',
          costPerHour: null,
        }),
        makeIncident({
          id: 'crit',
          title: 'orders failing',
          severity: 'critical',
        }),
      ],
    });
    renderWithApi(<OpenIncidentsCard />, { api });
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows[0]).toHaveTextContent('orders failing');
    expect(rows[0]).toHaveTextContent('$1,240/h');
    expect(
      within(rows[0]).getByRole('link', { name: 'orders failing' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/order-api/incidents?incident=crit',
    );
    expect(
      within(rows[0]).getByRole('link', { name: 'order-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/order-api/incidents');
    expect(rows[1]).toHaveTextContent('slow checkout');
    expect(api.listIncidents).toHaveBeenCalledWith({
      state: 'open',
      limit: 100,
    });
  });

  it('has loading, empty and error states', async () => {
    const { unmount } = renderWithApi(<OpenIncidentsCard />, {
      api: mockAwoooiApi({ listIncidents: () => pending() }),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    unmount();
    const second = renderWithApi(<OpenIncidentsCard />, {
      api: mockAwoooiApi({ listIncidents: async () => [] }),
    });
    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    second.unmount();
    renderWithApi(<OpenIncidentsCard />, {
      api: mockAwoooiApi({
        listIncidents: async () => {
          throw new Error('incident store down');
        },
      }),
    });
    expect(
      (await screen.findAllByText(/incident store down/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('UnmappedAlertsCard', () => {
  it('lists alerts no entity claims with their labels', async () => {
    renderWithApi(<UnmappedAlertsCard />, {
      api: mockAwoooiApi({
        listUnmappedAlerts: async () => [
          {
            id: 'a1',
            fingerprint: 'f1',
            source: 'alertmanager',
            status: 'firing',
            severity: 'high',
            title: 'DiskFull on batch-7',
            labels: { alertname: 'DiskFull', instance: '[IP_1]' },
            entityRef: null,
            incidentId: null,
            startsAt: '2026-11-25T11:00:00Z',
            endsAt: null,
            receivedAt: '2026-11-25T11:00:01Z',
            updatedAt: '2026-11-25T11:00:01Z',
          },
        ],
      }),
    });
    expect(await screen.findByText('Unmapped alerts (1)')).toBeInTheDocument();
    expect(screen.getByText('DiskFull on batch-7')).toBeInTheDocument();
    expect(
      screen.getByText('alertname=DiskFull, instance=[IP_1]'),
    ).toBeInTheDocument();
  });

  it('shows loading and error states', async () => {
    const { unmount } = renderWithApi(<UnmappedAlertsCard />, {
      api: mockAwoooiApi({ listUnmappedAlerts: () => pending() }),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    unmount();
    renderWithApi(<UnmappedAlertsCard />, {
      api: mockAwoooiApi({
        listUnmappedAlerts: async () => {
          throw new Error('alerts unavailable');
        },
      }),
    });
    expect(
      (await screen.findAllByText(/alerts unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('PendingApprovalsCard', () => {
  it('lists only what I can sign, linking to where it is approved', async () => {
    const api = fullApi({
      listProposals: async () => [
        makeProposal({ id: 'mine-to-sign', title: 'Restart order-api' }),
        makeProposal({
          id: 'own',
          title: 'My own idea',
          proposedBy: SRE.userEntityRef,
        }),
        makeProposal({
          id: 'exec',
          title: 'Drop table',
          risk: 'CRITICAL',
          required: {
            count: 2,
            roles: ['cto', 'ciso'],
            mandatoryRoles: ['cto', 'ciso'],
          },
        }),
        makeProposal({
          id: 'pvc',
          title: 'Delete orphaned PVC',
          source: 'finops',
          incidentId: null,
          risk: 'MEDIUM',
          required: { count: 1, roles: ['sre'], mandatoryRoles: [] },
        }),
      ],
    });
    renderWithApi(<PendingApprovalsCard />, { api });
    expect(
      await screen.findByText('Pending approvals for me (2)'),
    ).toBeInTheDocument();
    expect(api.listProposals).toHaveBeenCalledWith({ state: 'PENDING' });
    expect(
      screen.getByRole('link', { name: 'Restart order-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/order-api/incidents?incident=inc-1',
    );
    expect(
      screen.getByRole('link', { name: 'Delete orphaned PVC' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/order-api/finops#proposal-pvc',
    );
    expect(screen.queryByText('My own idea')).not.toBeInTheDocument();
    expect(screen.queryByText('Drop table')).not.toBeInTheDocument();
  });

  it('refreshes when a proposal changes', async () => {
    const signals = new FakeSignalApi();
    let proposals = [makeProposal()];
    const api = fullApi({ listProposals: async () => proposals });
    renderWithApi(<PendingApprovalsCard />, { api, signals });
    expect(
      await screen.findByText('Pending approvals for me (1)'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.subscriberCount(PROPOSALS_CHANNEL)).toBe(1),
    );
    proposals = [];
    act(() =>
      signals.publish(PROPOSALS_CHANNEL, {
        proposalId: 'prop-1',
        state: 'EXECUTED',
      }),
    );
    expect(
      await screen.findByText('Nothing waits for your signature'),
    ).toBeInTheDocument();
    expect(api.listProposals).toHaveBeenCalledTimes(2);
  });

  it('shows loading and error states', async () => {
    const { unmount } = renderWithApi(<PendingApprovalsCard />, {
      api: mockAwoooiApi({
        getMe: () => pending(),
        listProposals: () => pending(),
      }),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    unmount();
    renderWithApi(<PendingApprovalsCard />, {
      api: mockAwoooiApi({
        getMe: async () => SRE,
        listProposals: async () => {
          throw new Error('proposals unavailable');
        },
      }),
    });
    expect(
      (await screen.findAllByText(/proposals unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('ScansCard', () => {
  it('shows each scan with its schedule, last run and counts', async () => {
    renderWithApi(<ScansCard />, {
      api: mockAwoooiApi({
        listScans: async () => [
          scan(),
          scan({
            scanId: 'compliance',
            lastRun: {
              id: 8,
              scanId: 'compliance',
              status: 'failed',
              startedAt: '2026-11-24T19:00:00Z',
              finishedAt: '2026-11-24T19:00:02Z',
              counts: {},
              error: 'catalog timeout',
            },
          }),
          scan({ scanId: 'finops', running: true }),
          scan({ scanId: 'rules', lastRun: null }),
        ],
      }),
    });
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows[0]).toHaveTextContent('Capacity');
    expect(rows[0]).toHaveTextContent('0 2 * * * (Asia/Taipei)');
    expect(rows[0]).toHaveTextContent('succeeded');
    expect(rows[0]).toHaveTextContent('hosts: 12 · violations: 1');
    expect(rows[1]).toHaveTextContent('failed');
    expect(rows[1]).toHaveTextContent('catalog timeout');
    expect(rows[2]).toHaveTextContent('running');
    expect(
      within(rows[2]).getByRole('button', { name: 'Run now' }),
    ).toBeDisabled();
    expect(rows[3]).toHaveTextContent('never ran');
  });

  it('runs a scan now and refreshes the list', async () => {
    const api = mockAwoooiApi({
      listScans: async () => [scan()],
      runScan: async () => undefined,
    });
    renderWithApi(<ScansCard />, { api });
    fireEvent.click(await screen.findByRole('button', { name: 'Run now' }));
    expect(await screen.findByRole('status')).toHaveTextContent('started');
    expect(api.runScan).toHaveBeenCalledWith('capacity');
    await waitFor(() => expect(api.listScans).toHaveBeenCalledTimes(2));
  });

  it('says "already running" on a 409', async () => {
    const error = await conflict();
    const api = mockAwoooiApi({
      listScans: async () => [scan()],
      runScan: async () => {
        throw error;
      },
    });
    renderWithApi(<ScansCard />, { api });
    fireEvent.click(await screen.findByRole('button', { name: 'Run now' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'already running',
    );
  });

  it('shows loading, empty and error states', async () => {
    const first = renderWithApi(<ScansCard />, {
      api: mockAwoooiApi({ listScans: () => pending() }),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    first.unmount();
    const second = renderWithApi(<ScansCard />, {
      api: mockAwoooiApi({ listScans: async () => [] }),
    });
    expect(
      await screen.findByText('No scan is scheduled.'),
    ).toBeInTheDocument();
    second.unmount();
    renderWithApi(<ScansCard />, {
      api: mockAwoooiApi({
        listScans: async () => {
          throw new Error('scheduler unavailable');
        },
      }),
    });
    expect(
      (await screen.findAllByText(/scheduler unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('CapacityCard', () => {
  it('shows each host, critical first, with its verdict and numbers', async () => {
    renderWithApi(<CapacityCard />, {
      api: mockAwoooiApi({
        listHostCapacity: async () => [
          host(),
          host({
            instance: 'node-b:9100',
            server: 'node-b',
            verdict: 'critical',
            cpuPercent: 91.6,
            memoryPercent: 88,
          }),
        ],
      }),
    });
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows[0]).toHaveTextContent('node-b');
    expect(rows[0]).toHaveTextContent('critical');
    expect(rows[0]).toHaveTextContent('92%');
    expect(rows[1]).toHaveTextContent('node-a');
    expect(rows[1]).toHaveTextContent('ok');
    expect(rows[1]).toHaveTextContent('0.50 / 0.40 / 0.30');
  });

  it('shows loading, empty and error states', async () => {
    const first = renderWithApi(<CapacityCard />, {
      api: mockAwoooiApi({ listHostCapacity: () => pending() }),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    first.unmount();
    const second = renderWithApi(<CapacityCard />, {
      api: mockAwoooiApi({ listHostCapacity: async () => [] }),
    });
    expect(
      await screen.findByText('No capacity snapshot yet'),
    ).toBeInTheDocument();
    second.unmount();
    renderWithApi(<CapacityCard />, {
      api: mockAwoooiApi({
        listHostCapacity: async () => {
          throw new Error('prometheus unreachable');
        },
      }),
    });
    expect(
      (await screen.findAllByText(/prometheus unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});
