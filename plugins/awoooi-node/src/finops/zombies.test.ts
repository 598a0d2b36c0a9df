import { findZombiePods, idleStreakDays } from './zombies';
import { pod } from './testData';

const options = { zombieCpuRatio: 0.01, zombieMinDays: 7 };
// Request 0.5 cores: a day is idle below 0.005 cores.
const IDLE = 0.004;
const BUSY = 0.2;

describe('idleStreakDays', () => {
  it('counts idle days back from the latest day', () => {
    expect(
      idleStreakDays(pod({ dailyCpuCores: [BUSY, IDLE, IDLE, IDLE] }), 0.01),
    ).toBe(3);
    expect(
      idleStreakDays(pod({ dailyCpuCores: [IDLE, IDLE, BUSY] }), 0.01),
    ).toBe(0);
    expect(idleStreakDays(pod({ dailyCpuCores: [] }), 0.01)).toBe(0);
  });

  it('treats exactly 1 % of the request as used', () => {
    expect(idleStreakDays(pod({ dailyCpuCores: [0.005] }), 0.01)).toBe(0);
    expect(idleStreakDays(pod({ dailyCpuCores: [0.00499] }), 0.01)).toBe(1);
  });

  it('never calls a pod without a CPU request idle', () => {
    expect(
      idleStreakDays(
        pod({ cpuRequestCores: 0, dailyCpuCores: [0, 0, 0] }),
        0.01,
      ),
    ).toBe(0);
  });
});

describe('findZombiePods', () => {
  it('needs seven idle days: six are not enough', () => {
    const six = pod({ dailyCpuCores: [BUSY, ...Array(6).fill(IDLE)] });
    const seven = pod({ dailyCpuCores: [BUSY, ...Array(7).fill(IDLE)] });
    expect(findZombiePods([six], options)).toEqual([]);
    expect(findZombiePods([seven], options).map(z => z.idleDays)).toEqual([7]);
  });

  it('needs the idle days in a row, up to today', () => {
    // Eight idle days in total, but never seven in a row.
    const broken = pod({
      dailyCpuCores: [IDLE, IDLE, IDLE, IDLE, BUSY, IDLE, IDLE, IDLE, IDLE],
    });
    // Seven in a row, but it woke up yesterday.
    const awake = pod({ dailyCpuCores: [...Array(7).fill(IDLE), BUSY] });
    expect(findZombiePods([broken, awake], options)).toEqual([]);
  });

  it('takes the peak of the idle run as actual use', () => {
    const [zombie] = findZombiePods(
      [
        pod({
          dailyCpuCores: [BUSY, 0.001, 0.003, 0.002, 0, 0, 0, 0.001],
          dailyMemoryGi: [0.9, 0.2, 0.3, 0.35, 0.2, 0.2, 0.2, 0.2],
        }),
      ],
      options,
    );
    expect(zombie).toMatchObject({
      idleDays: 7,
      actualCpu: 0.003,
      actualMemoryGi: 0.35,
    });
  });

  it('claims no memory when memory use is unknown', () => {
    const [zombie] = findZombiePods(
      [pod({ dailyCpuCores: Array(7).fill(0), dailyMemoryGi: [] })],
      options,
    );
    expect(zombie.actualMemoryGi).toBe(1);
  });

  it('follows configured thresholds', () => {
    const quiet = pod({ dailyCpuCores: Array(3).fill(0.02) }); // 4 % of request
    expect(findZombiePods([quiet], options)).toEqual([]);
    expect(
      findZombiePods([quiet], { zombieCpuRatio: 0.05, zombieMinDays: 3 }),
    ).toHaveLength(1);
  });
});
