import { InputError } from '@backstage/errors';
import type { z } from 'zod';
import { describeBodyError } from '../ingest/schemas';

/** A request's query (or params) checked against `schema`; a 400 naming each bad field otherwise. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(describeBodyError(result.error));
  return result.data;
}
