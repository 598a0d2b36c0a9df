import { act, render, screen } from '@testing-library/react';
import { NOW, makeIncident } from '../../__testUtils__/fixtures';
import { BurnRate } from './BurnRate';

describe('BurnRate', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the rate and the cost so far, ticking while open', () => {
    render(<BurnRate incident={makeIncident()} currency="USD" />);
    expect(
      screen.getByText('burning $1,240/h, $310 so far'),
    ).toBeInTheDocument();
    act(() => {
      jest.advanceTimersByTime(15 * 60_000);
    });
    expect(
      screen.getByText('burning $1,240/h, $620 so far'),
    ).toBeInTheDocument();
  });

  it('shows the final cost of a resolved incident', () => {
    const incident = makeIncident({
      state: 'resolved',
      openedAt: new Date(NOW - 2 * 3_600_000).toISOString(),
      resolvedAt: new Date(NOW - 3_600_000).toISOString(),
      costPerHour: 500,
    });
    render(<BurnRate incident={incident} currency="EUR" />);
    expect(screen.getByText('cost €500 at €500/h')).toBeInTheDocument();
  });

  it('shows nothing when no cost is declared', () => {
    const { container } = render(
      <BurnRate
        incident={makeIncident({ costPerHour: null })}
        currency="USD"
      />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
