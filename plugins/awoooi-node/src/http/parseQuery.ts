import { InputError } from '@backstage/errors';
import type { z } from 'zod';
import { describeZodError } from '../validation/describeZodError';

/** A request's query (or params) checked against `schema`; a 400 naming each bad field otherwise. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new InputError(describeZodError(result.error, { root: '(body)' }));
  return result.data;
}
