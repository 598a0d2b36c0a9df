import { compareSeverity, maxSeverity } from './severity';

describe('severity', () => {
  it('orders info < warning < high < critical', () => {
    expect(compareSeverity('info', 'warning')).toBeLessThan(0);
    expect(compareSeverity('critical', 'high')).toBeGreaterThan(0);
    expect(compareSeverity('high', 'high')).toBe(0);
    expect(maxSeverity('warning', 'high')).toBe('high');
    expect(maxSeverity('critical', 'info')).toBe('critical');
  });
});
