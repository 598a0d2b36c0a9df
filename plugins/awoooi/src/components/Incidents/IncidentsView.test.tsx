import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  entityIncidentsChannel,
  incidentChannel,
} from '@awoooi/plugin-awoooi-common';
import type {
  IncidentReport,
  TranscriptLine,
} from '@awoooi/plugin-awoooi-common';
import { FakeSignalApi } from '../../__testUtils__/signals';
import {
  NOW,
  SERVICE_REF,
  SRE,
  makeAnalysis,
  makeDetails,
  makeIncident,
  makeProposal,
  mockAwoooiApi,
} from '../../__testUtils__/fixtures';
import { pending, renderWithApi } from '../../__testUtils__/render';
import { IncidentsView } from './IncidentsView';

const line = (
  seq: number,
  text: string,
  kind: TranscriptLine['kind'] = 'step',
): TranscriptLine => ({
  seq,
  at: new Date(NOW).toISOString(),
  kind,
  text,
});

const resolved = makeIncident({
  id: 'inc-2',
  title: 'payment-api 5xx burst',
  state: 'resolved',
  severity: 'warning',
  openedAt: new Date(NOW - 86_400_000).toISOString(),
  resolvedAt: new Date(NOW - 82_800_000).toISOString(),
  costPerHour: null,
});

const report: IncidentReport = {
  incident: resolved,
  generatedAt: new Date(NOW).toISOString(),
  timeline: [
    {
      at: new Date(NOW - 86_400_000).toISOString(),
      kind: 'incident_opened',
      actor: 'alerts:alertmanager',
      summary: 'incident opened (warning)',
    },
    {
      at: new Date(NOW - 82_900_000).toISOString(),
      kind: 'verification',
      actor: 'verifier',
      summary:
        "fix VERIFIED: the target is healthy and the incident's alerts resolved",
    },
  ],
  rootCause: {
    entityRef: 'resource:default/payments-db',
    path: [],
    evidence: [],
  },
  blastRadius: [],
  durations: {
    detectMs: 30_000,
    analyseMs: 5_000,
    approveMs: 120_000,
    executeMs: 2_000,
    recoverMs: 3_600_000,
  },
  moneyBurnt: { amount: 42, currency: 'USD', perHour: 42, hours: 1 },
  fixes: [],
  outcome: 'VERIFIED',
};

function apiWith(overrides: Parameters<typeof mockAwoooiApi>[0] = {}) {
  return mockAwoooiApi({
    listIncidents: async () => [resolved, makeIncident()],
    getMe: async () => SRE,
    getIncident: async id =>
      id === 'inc-2'
        ? makeDetails({ incident: resolved, analysis: null, proposals: [] })
        : makeDetails(),
    getTranscript: async () => [
      line(1, 'walking the catalog from order-api'),
      line(2, 'postgres-db has 2 firing alerts'),
    ],
    getIncidentReport: async () => report,
    ...overrides,
  });
}

describe('IncidentsView', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('shows progress while the incidents load', async () => {
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: mockAwoooiApi({
        listIncidents: () => pending(),
        getMe: () => pending(),
      }),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the error when the incidents cannot be loaded', async () => {
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: mockAwoooiApi({
        listIncidents: async () => {
          throw new Error('backend unreachable');
        },
        getMe: async () => SRE,
      }),
    });
    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says so when the entity has no incidents', async () => {
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: mockAwoooiApi({
        listIncidents: async () => [],
        getMe: async () => SRE,
      }),
    });
    expect(await screen.findByText('No incidents')).toBeInTheDocument();
  });

  it('lists open incidents first and shows the open one in full', async () => {
    const api = apiWith();
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api });

    expect(await screen.findByText('Root causes')).toBeInTheDocument();
    expect(api.listIncidents).toHaveBeenCalledWith({
      entityRef: SERVICE_REF,
      limit: 50,
    });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('order-api p99 latency above 2s');
    expect(rows[0]).toHaveTextContent('3 firing / 4');
    expect(rows[0]).toHaveTextContent('15 minutes ago');
    expect(rows[1]).toHaveTextContent('payment-api 5xx burst');
    expect(api.getIncident).toHaveBeenCalledWith('inc-1');

    // burn rate: $1,240/h for 15 minutes
    expect(
      screen.getByText('burning $1,240/h, $310 so far'),
    ).toBeInTheDocument();

    // root causes ranked, the probable cause first, each with its path
    const causes = within(
      screen.getByRole('list', { name: 'root causes' }),
    ).getAllByRole('listitem', {
      name: '',
    });
    const causeItems = causes.filter(
      item => item.parentElement?.getAttribute('aria-label') === 'root causes',
    );
    expect(causeItems[0]).toHaveTextContent('#1');
    expect(causeItems[0]).toHaveTextContent('probable cause');
    expect(causeItems[0]).toHaveTextContent(
      'PostgresConnectionsExhausted firing',
    );
    expect(causeItems[1]).toHaveTextContent('#2');
    expect(causeItems[1]).toHaveTextContent('symptom');
    const path = screen.getByRole('navigation', {
      name: 'path to resource:default/postgres-db',
    });
    expect(
      within(path)
        .getAllByRole('link')
        .map(a => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['frontend', '/catalog/default/component/frontend'],
      ['order-api', '/catalog/default/component/order-api'],
      ['postgres-db', '/catalog/default/resource/postgres-db'],
    ]);

    // blast radius and narrative
    const blast = screen.getByRole('list', { name: 'blast radius' });
    expect(
      within(blast).getByRole('link', { name: 'frontend' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Connections to postgres-db are exhausted/),
    ).toBeInTheDocument();

    // thinking terminal and the approval card
    const terminal = await screen.findByRole('log', {
      name: 'thinking terminal',
    });
    await waitFor(() =>
      expect(terminal).toHaveTextContent('postgres-db has 2 firing alerts'),
    );
    expect(screen.getByText('● live')).toBeInTheDocument();
    expect(screen.getByText('Restart order-api')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Approve & execute' }),
      ).toBeEnabled(),
    );
  });

  it('selects another incident when its row is clicked', async () => {
    const api = apiWith();
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api });
    fireEvent.click(await screen.findByText('payment-api 5xx burst'));
    await waitFor(() => expect(api.getIncident).toHaveBeenCalledWith('inc-2'));
    expect(await screen.findByText('No fix proposed yet.')).toBeInTheDocument();
    expect(screen.getByText(/Analysis queued/)).toBeInTheDocument();
  });

  it('shows the report of a resolved incident and exports it as Markdown', async () => {
    const api = apiWith({
      getIncidentReportMarkdown: async () => '# Incident report: payment-api',
    });
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:report');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const downloaded: string[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloaded.push(`${this.download} ${this.href}`);
      });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api,
      initialRouteEntries: ['/?incident=inc-2'],
    });
    const table = await screen.findByRole(
      'table',
      { name: 'incident report' },
      { timeout: 5_000 },
    );
    expect(
      within(table).getByText('Fix outcome').nextSibling,
    ).toHaveTextContent('VERIFIED');
    expect(
      within(table).getByText('Time to recover').nextSibling,
    ).toHaveTextContent('1 h 0 min');
    expect(
      within(table).getByText('Money burnt').nextSibling,
    ).toHaveTextContent('42.00 USD (42 USD/h × 1 h)');
    expect(
      within(screen.getByRole('list', { name: 'timeline' })).getByText(
        /fix VERIFIED/,
      ),
    ).toBeInTheDocument();
    expect(api.getIncidentReport).toHaveBeenCalledWith('inc-2');

    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    await waitFor(() =>
      expect(api.getIncidentReportMarkdown).toHaveBeenCalledWith('inc-2'),
    );
    await waitFor(() =>
      expect(downloaded).toEqual(['incident-inc-2.md blob:report']),
    );
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(
      '# Incident report: payment-api',
    );
  });

  it('says how the entity is affected by an incident rooted below it', async () => {
    const outage = makeIncident({
      id: 'inc-3',
      title: 'payments-db down',
      entityRef: 'resource:default/payments-db',
      entities: [
        { entityRef: 'resource:default/payments-db', hopsToRootCause: 0 },
        { entityRef: SERVICE_REF, hopsToRootCause: 2 },
      ],
    });
    const own = makeIncident({ id: 'inc-4', title: 'order-api own alert' });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: apiWith({ listIncidents: async () => [outage, own] }),
    });
    const row = (await screen.findByText('payments-db down')).closest('tr')!;
    expect(
      within(row).getByText('affected: 2 hops upstream of payments-db'),
    ).toBeInTheDocument();
    const ownRow = screen.getByText('order-api own alert').closest('tr')!;
    expect(within(ownRow).queryByText(/affected:/)).toBeNull();
  });

  it('opens the incident named in the URL', async () => {
    const api = apiWith();
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api,
      initialRouteEntries: ['/?incident=inc-2'],
    });
    expect(await screen.findByText('No fix proposed yet.')).toBeInTheDocument();
    expect(api.getIncident).toHaveBeenCalledWith('inc-2');
    expect(api.getIncident).not.toHaveBeenCalledWith('inc-1');
  });

  it('shows a new incident of the entity without reload', async () => {
    const signals = new FakeSignalApi();
    let incidents: ReturnType<typeof makeIncident>[] = [];
    const api = apiWith({ listIncidents: async () => incidents });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api, signals });
    expect(await screen.findByText('No incidents')).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.subscriberCount(entityIncidentsChannel(SERVICE_REF))).toBe(
        1,
      ),
    );

    incidents = [makeIncident()];
    act(() =>
      signals.publish(entityIncidentsChannel(SERVICE_REF), {
        type: 'incidents',
        entityRef: SERVICE_REF,
      }),
    );
    expect(
      await screen.findByText('Nobody has signed yet.'),
    ).toBeInTheDocument();
  });

  it('refetches on a signal: a second signature appears without reload', async () => {
    const signals = new FakeSignalApi();
    let details = makeDetails();
    const api = apiWith({ getIncident: async () => details });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api, signals });
    expect(
      await screen.findByText('Nobody has signed yet.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.subscriberCount(incidentChannel('inc-1'))).toBe(1),
    );

    details = makeDetails({
      proposals: [
        makeProposal({
          signatures: [
            {
              userRef: 'user:default/alex',
              role: 'devops',
              decision: 'approve',
              comment: 'go',
              at: new Date(NOW).toISOString(),
            },
          ],
        }),
      ],
    });
    act(() =>
      signals.publish(incidentChannel('inc-1'), {
        incidentId: 'inc-1',
        type: 'proposal',
      }),
    );

    expect(await screen.findByText(/1 of 2 approvals/)).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'signatures' })).toHaveTextContent(
      'as devops',
    );
    expect(api.listIncidents).toHaveBeenCalledTimes(2);
  });

  it('appends live transcript lines and refills a gap from the stored transcript', async () => {
    const signals = new FakeSignalApi();
    let stored = [line(1, 'walking the catalog from order-api')];
    const api = apiWith({ getTranscript: async () => stored });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api, signals });
    const terminal = await screen.findByRole('log', {
      name: 'thinking terminal',
    });
    await waitFor(() =>
      expect(terminal).toHaveTextContent('walking the catalog'),
    );
    await waitFor(() =>
      expect(signals.subscriberCount(incidentChannel('inc-1'))).toBe(1),
    );

    act(() =>
      signals.publish(incidentChannel('inc-1'), {
        incidentId: 'inc-1',
        type: 'transcript',
        line: line(2, 'checking postgres-db'),
      }),
    );
    await waitFor(() =>
      expect(terminal).toHaveTextContent('checking postgres-db'),
    );
    expect(api.getTranscript).toHaveBeenCalledTimes(1);
    expect(api.getIncident).toHaveBeenCalledTimes(1);

    // seq 3 was missed: the stored transcript is fetched again to fill it in
    stored = [
      ...stored,
      line(2, 'checking postgres-db'),
      line(3, 'connections exhausted'),
    ];
    act(() =>
      signals.publish(incidentChannel('inc-1'), {
        incidentId: 'inc-1',
        type: 'transcript',
        line: line(4, 'root cause: postgres-db', 'done'),
      }),
    );
    await waitFor(() =>
      expect(terminal).toHaveTextContent('connections exhausted'),
    );
    expect(terminal).toHaveTextContent('root cause: postgres-db');
    expect(api.getTranscript).toHaveBeenCalledTimes(2);
    expect(
      Array.from(terminal.children).map(child => child.textContent),
    ).toEqual([
      expect.stringMatching(/▸ walking the catalog from order-api$/),
      expect.stringMatching(/▸ checking postgres-db$/),
      expect.stringMatching(/▸ connections exhausted$/),
      expect.stringMatching(/^\d\d:\d\d:\d\droot cause: postgres-db$/),
    ]);
  });

  it('says live updates are off without the signals plugin', async () => {
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: apiWith(),
      signals: null,
    });
    expect(
      await screen.findByText(/live updates unavailable/),
    ).toBeInTheDocument();
  });

  it('shows an error in place of the incident when it cannot be loaded', async () => {
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: apiWith({
        getIncident: async () => {
          throw new Error('incident vanished');
        },
      }),
    });
    expect(
      (await screen.findAllByText(/incident vanished/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('order-api p99 latency above 2s'),
    ).toBeInTheDocument();
  });

  it('shows a running analysis and a failed one', async () => {
    const api = apiWith({
      getIncident: async () =>
        makeDetails({
          incident: makeIncident({ analysisState: 'running' }),
          analysis: null,
        }),
    });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api });
    expect(await screen.findByText(/Analysis running/)).toBeInTheDocument();
  });

  it('lists every root cause even when several are probable', async () => {
    const api = apiWith({
      getIncident: async () =>
        makeDetails({
          analysis: makeAnalysis({
            notes: ['model answer invalid; deterministic result used'],
          }),
        }),
    });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, { api });
    expect(
      await screen.findByText(
        'model answer invalid; deterministic result used',
      ),
    ).toBeInTheDocument();
  });
});
