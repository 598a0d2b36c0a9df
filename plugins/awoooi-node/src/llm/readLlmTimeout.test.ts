import { ConfigReader } from '@backstage/config';
import { readLlmTimeoutMs } from './readLlmTimeout';

describe('readLlmTimeoutMs', () => {
  it('defaults to 60 s', () => {
    expect(readLlmTimeoutMs(new ConfigReader({}))).toBe(60_000);
  });

  it.each([
    ['90s', 90_000],
    ['PT2M', 120_000],
    [{ seconds: 1, milliseconds: 500 }, 1_500],
  ])('reads %j', (timeout, ms) => {
    expect(readLlmTimeoutMs(new ConfigReader({ timeout }))).toBe(ms);
  });

  it('refuses a zero or malformed duration', () => {
    expect(() => readLlmTimeoutMs(new ConfigReader({ timeout: '0s' }))).toThrow(
      /positive/,
    );
    expect(() =>
      readLlmTimeoutMs(new ConfigReader({ timeout: 'soon' })),
    ).toThrow(/Invalid duration/);
  });
});
