import { screen, within } from '@testing-library/react';
import { renderWithApi } from '../../__testUtils__/render';
import type { RootCause } from '@awoooi/plugin-awoooi-common';
import { RootCauses } from './RootCauses';

const ONSET = '2026-11-24T10:02:00.000Z';
const clock = new Date(ONSET).toLocaleTimeString(undefined, {
  hour: '2-digit',
  minute: '2-digit',
});

const database: RootCause = {
  entityRef: 'resource:default/postgres-db',
  rank: 1,
  priority: 'database',
  distance: 2,
  symptom: false,
  path: [
    'component:default/frontend',
    'component:default/order-api',
    'resource:default/postgres-db',
  ],
  evidence: [
    'PostgresSlowQueries firing',
    `p90 latency 6.2× its usual since ${ONSET}`,
  ],
  anomalies: [
    {
      signal: 'latency.p90',
      score: 31.5,
      onset: ONSET,
      baseline: 0.2,
      value: 1.24,
      direction: 'up',
      sparkline: {
        values: [0.2, 0.21, 0.19, 0.2, 1.2, 1.3, 1.24],
        windowStart: 4,
      },
    },
    {
      signal: 'availability',
      score: 12,
      onset: ONSET,
      baseline: 1,
      value: 0.97,
      direction: 'down',
    },
  ],
};

describe('RootCauses', () => {
  it('shows metric evidence in words with a sparkline of history and incident', async () => {
    await renderWithApi(<RootCauses rootCauses={[database]} />, { api: {} });
    const evidence = screen.getByRole('list', { name: 'metric evidence' });
    expect(
      within(evidence).getByText(`p90 latency 6.2× its usual since ${clock}`),
    ).toBeInTheDocument();
    expect(
      within(evidence).getByText(
        `availability 97 % instead of 100 % since ${clock}`,
      ),
    ).toBeInTheDocument();

    const sparkline = within(evidence).getByRole('img', {
      name: 'latency.p90: recent history and the incident window',
    });
    const history = within(sparkline as unknown as HTMLElement).getByTestId(
      'sparkline-history',
    );
    const window = within(sparkline as unknown as HTMLElement).getByTestId(
      'sparkline-window',
    );
    expect(history.getAttribute('points')?.split(' ')).toHaveLength(4);
    // The window joins the history at its last point: 1 + 3 window values.
    expect(window.getAttribute('points')?.split(' ')).toHaveLength(4);
    // Only the anomaly with recorded values has a sparkline.
    expect(within(evidence).getAllByRole('img')).toHaveLength(1);

    // The alert evidence stays; the anomaly's ISO line is not shown twice.
    expect(screen.getByText('PostgresSlowQueries firing')).toBeInTheDocument();
    expect(
      screen.queryByText(`p90 latency 6.2× its usual since ${ONSET}`),
    ).toBeNull();
  });

  it('shows no metric evidence for a cause found by alerts only', async () => {
    const alertOnly = {
      ...database,
      anomalies: undefined,
      evidence: ['PostgresDown firing'],
    };
    await renderWithApi(<RootCauses rootCauses={[alertOnly]} />, { api: {} });
    expect(screen.queryByRole('list', { name: 'metric evidence' })).toBeNull();
    expect(screen.getByText('PostgresDown firing')).toBeInTheDocument();
  });
});
