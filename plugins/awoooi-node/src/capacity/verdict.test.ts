import {
  DEFAULT_CAPACITY_THRESHOLDS,
  capacityBreaches,
  capacityVerdict,
  isHardViolation,
} from './verdict';

describe('capacityVerdict', () => {
  it.each([
    [0, 0, 'ok'],
    [60, 70, 'ok'],
    [60.01, 0, 'warning'],
    [0, 70.01, 'warning'],
    [80, 85, 'warning'],
    [80.01, 0, 'critical'],
    [0, 85.01, 'critical'],
    [61, 86, 'critical'],
    [100, 100, 'critical'],
  ] as const)('cpu %d%% and memory %d%% → %s', (cpu, memory, verdict) => {
    expect(capacityVerdict({ cpuPercent: cpu, memoryPercent: memory })).toBe(
      verdict,
    );
  });

  it('defaults to critical over 80 % CPU or 85 % memory, warning over 60 % or 70 %', () => {
    expect(DEFAULT_CAPACITY_THRESHOLDS).toEqual({
      cpuWarning: 60,
      memoryWarning: 70,
      cpuCritical: 80,
      memoryCritical: 85,
    });
  });

  it('overrides thresholds one by one', () => {
    const sample = { cpuPercent: 75, memoryPercent: 50 };
    expect(capacityVerdict(sample)).toBe('warning');
    expect(capacityVerdict(sample, { cpuCritical: 70 })).toBe('critical');
    expect(capacityVerdict(sample, { cpuWarning: 90, cpuCritical: 95 })).toBe(
      'ok',
    );
    expect(
      capacityVerdict(
        { cpuPercent: 0, memoryPercent: 50 },
        { memoryWarning: 40 },
      ),
    ).toBe('warning');
  });

  it('refuses missing data instead of calling the host healthy', () => {
    expect(() =>
      capacityVerdict({ cpuPercent: Number.NaN, memoryPercent: 10 }),
    ).toThrow('cpuPercent must be a finite number, got NaN');
    expect(() =>
      capacityVerdict({ cpuPercent: 10, memoryPercent: Infinity }),
    ).toThrow(RangeError);
  });

  it('ignores other fields of a host snapshot', () => {
    const snapshot = {
      instance: 'db-1:9100',
      cpuPercent: 90,
      memoryPercent: 10,
    };
    expect(capacityVerdict(snapshot)).toBe('critical');
  });
});

describe('isHardViolation', () => {
  it('is true only over a critical threshold', () => {
    expect(isHardViolation({ cpuPercent: 80, memoryPercent: 85 })).toBe(false);
    expect(isHardViolation({ cpuPercent: 80.01, memoryPercent: 0 })).toBe(true);
    expect(isHardViolation({ cpuPercent: 0, memoryPercent: 85.01 })).toBe(true);
    expect(isHardViolation({ cpuPercent: 79, memoryPercent: 84 })).toBe(false);
    expect(
      isHardViolation(
        { cpuPercent: 79, memoryPercent: 0 },
        { cpuCritical: 78 },
      ),
    ).toBe(true);
  });
});

describe('capacityBreaches', () => {
  it('lists each metric at its worst level, critical first', () => {
    expect(capacityBreaches({ cpuPercent: 65, memoryPercent: 90 })).toEqual([
      { metric: 'memory', level: 'critical', value: 90, threshold: 85 },
      { metric: 'cpu', level: 'warning', value: 65, threshold: 60 },
    ]);
    expect(capacityBreaches({ cpuPercent: 50, memoryPercent: 50 })).toEqual([]);
  });
});
