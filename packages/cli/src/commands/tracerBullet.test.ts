import { UsageError } from '../usage';
import { approverTokens } from './tracerBullet';

describe('tracer-bullet approver tokens', () => {
  it('takes two --approver-token values before the environment', () => {
    expect(
      approverTokens(['a', 'b'], { AWOOOI_APPROVER_TOKENS: 'c,d' }),
    ).toEqual(['a', 'b']);
  });

  it('reads AWOOOI_APPROVER_TOKENS when no option is given', () => {
    expect(approverTokens([], { AWOOOI_APPROVER_TOKENS: ' c , d ' })).toEqual([
      'c',
      'd',
    ]);
  });

  it('falls back to the demo sign-in when there are no tokens', () => {
    expect(approverTokens([], {})).toBeUndefined();
  });

  it('refuses one token, three tokens, or the same token twice', () => {
    expect(() => approverTokens(['a'], {})).toThrow(UsageError);
    expect(() => approverTokens(['a', 'b', 'c'], {})).toThrow(UsageError);
    expect(() => approverTokens(['a', 'a'], {})).toThrow(UsageError);
  });
});
