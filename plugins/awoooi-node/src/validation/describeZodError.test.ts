import { z } from 'zod';
import { describeZodError } from './describeZodError';

describe('describeZodError', () => {
  const schema = z.object({
    alerts: z.array(z.object({ labels: z.record(z.string()) })),
    version: z.union([z.literal('4'), z.literal(4)]),
  });

  it('names each bad field by its path, with indexes in brackets', () => {
    const result = schema.safeParse({
      alerts: [{ labels: {} }, { labels: { a: 1 } }],
      version: '4',
    });
    expect(result.success).toBe(false);
    expect(describeZodError(result.error!)).toBe(
      'alerts[1].labels.a: Expected string, received number',
    );
  });

  it('spells out the alternatives of a union, names the root and caps the list', () => {
    const result = schema.safeParse({ alerts: [], version: 3 });
    expect(describeZodError(result.error!)).toBe(
      'version: Invalid literal value, expected "4"; version: Invalid literal value, expected 4',
    );
    const root = z.string().safeParse(7);
    expect(describeZodError(root.error!, { root: 'params' })).toBe(
      'params: Expected string, received number',
    );
    expect(describeZodError(root.error!, { root: '' })).toBe(
      'Expected string, received number',
    );
    const many = z.array(z.string()).safeParse([1, 2, 3]);
    expect(describeZodError(many.error!, { max: 2 })).toBe(
      '[0]: Expected string, received number; [1]: Expected string, received number',
    );
  });
});
