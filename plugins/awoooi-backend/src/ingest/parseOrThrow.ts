import { describeBodyError } from '@awoooi/plugin-awoooi-node';
import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/** Parses with zod; a failure becomes a 400 naming each bad field. */
export function parseOrThrow<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new InputError(`Invalid ${what}: ${describeBodyError(result.error)}`);
}
