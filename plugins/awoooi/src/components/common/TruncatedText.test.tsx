import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApi } from '../../__testUtils__/render';
import {
  makeDetails,
  makeIncident,
  mockAwoooiApi,
  SERVICE_REF,
  SRE,
} from '../../__testUtils__/fixtures';
import { UnmappedAlertsCard } from '../Overview/UnmappedAlertsCard';
import { IncidentsView } from '../Incidents/IncidentsView';
import { TRUNCATE_AT, TruncatedText } from './TruncatedText';

/** 200 KB without a space: what an alert label can carry. */
const HUGE = `pod=${'x'.repeat(200 * 1024)}`;

describe('TruncatedText', () => {
  it('shows short text as it is, without a toggle', () => {
    render(<TruncatedText text="DiskFull on batch-7" />);
    expect(screen.getByText('DiskFull on batch-7')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('cuts long text and shows all of it on demand, in a scrolling box', async () => {
    const { container } = render(<TruncatedText text={HUGE} />);
    expect(container.textContent).toContain(`${HUGE.slice(0, TRUNCATE_AT)}…`);
    expect(container.textContent!.length).toBeLessThan(TRUNCATE_AT + 100);

    const more = screen.getByRole('button', {
      name: `show all ${HUGE.length.toLocaleString('en-US')} characters`,
    });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(more);
    expect(container.textContent).toContain(HUGE);
    const full = screen.getByText(HUGE);
    expect(full).toHaveStyle({ maxHeight: '20em', overflow: 'auto' });

    await userEvent.click(screen.getByRole('button', { name: 'show less' }));
    expect(container.textContent!.length).toBeLessThan(TRUNCATE_AT + 100);
  });

  it('keeps the toggle outside a wrapping link', async () => {
    const { container } = render(
      <TruncatedText text={HUGE} wrap={shown => <a href="/x">{shown}</a>} />,
    );
    const link = screen.getByRole('link');
    expect(link.textContent).toBe(`${HUGE.slice(0, TRUNCATE_AT)}…`);
    expect(link.querySelector('button')).toBeNull();
    expect(container.querySelector('button')).not.toBeNull();
  });
});

describe('alert text in the views', () => {
  it('the unmapped alerts card cuts a 200 KB label and title', async () => {
    renderWithApi(<UnmappedAlertsCard />, {
      api: mockAwoooiApi({
        listUnmappedAlerts: async () => [
          {
            id: 'a1',
            fingerprint: 'f1',
            source: 'alertmanager',
            status: 'firing',
            severity: 'high',
            title: `DiskFull ${HUGE}`,
            labels: { alertname: 'DiskFull', pod: HUGE },
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
    expect(document.body.textContent!.length).toBeLessThan(5_000);
    expect(
      screen.getAllByRole('button', { name: /^show all [\d,]+ characters$/ }),
    ).toHaveLength(2);
  });

  it('the incidents tab cuts a huge incident title in the list and the details', async () => {
    const title = `Login failures ${HUGE}`;
    const incident = makeIncident({ title, groupKey: HUGE });
    renderWithApi(<IncidentsView entityRef={SERVICE_REF} />, {
      api: mockAwoooiApi({
        listIncidents: async () => [incident],
        getMe: async () => SRE,
        getIncident: async () => makeDetails({ incident }),
        getTranscript: async () => [],
      }),
      initialRouteEntries: [`/?incident=${incident.id}`],
    });
    expect(
      (await screen.findAllByText(`${title.slice(0, TRUNCATE_AT)}…`)).length,
    ).toBeGreaterThan(0);
    expect(document.body.textContent!.length).toBeLessThan(20_000);
  });
});
