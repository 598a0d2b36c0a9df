import { parseSignal, signalMatches } from './signals';

describe('parseSignal', () => {
  it('knows the golden signals and their direction', () => {
    expect(parseSignal('latency.P90')).toEqual({
      name: 'latency.p90',
      family: 'latency',
      statistic: 'p90',
      direction: 'up',
    });
    expect(parseSignal('availability')?.direction).toBe('down');
    expect(parseSignal('requests')?.direction).toBe('both');
    for (const name of [
      'errors',
      'saturation',
      'cpu',
      'memory',
      'latency.avg',
      'latency.p99.9',
    ]) {
      expect(parseSignal(name)?.direction).toBe('up');
    }
  });

  it('rejects unknown signals and statistics', () => {
    for (const name of [
      'throughput',
      'errors.p90',
      'latency.median',
      '',
      'latency.',
    ]) {
      expect(parseSignal(name)).toBeUndefined();
    }
  });

  it('matches a family with its statistics', () => {
    expect(signalMatches('latency.p90', 'latency')).toBe(true);
    expect(signalMatches('latency', 'latency.p90')).toBe(true);
    expect(signalMatches('latency.p90', 'latency.p99')).toBe(false);
    expect(signalMatches('errors', 'availability')).toBe(false);
  });
});
