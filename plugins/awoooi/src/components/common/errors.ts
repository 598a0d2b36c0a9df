import { ResponseError } from '@backstage/errors';

function hasStatus(error: unknown, status: number, name: string): boolean {
  if (ResponseError.is(error)) return error.statusCode === status;
  return (error as { name?: string } | undefined)?.name === name;
}

/** A 404 from the backend: nothing recorded yet, shown as an empty state. */
export function isNotFound(error: unknown): boolean {
  return hasStatus(error, 404, 'NotFoundError');
}

/** A 409 from the backend, e.g. a scan that is already running. */
export function isConflict(error: unknown): boolean {
  return hasStatus(error, 409, 'ConflictError');
}

/** What to tell a person: the backend's own message when there is one. */
export function errorText(error: unknown): string {
  if (ResponseError.is(error) && error.cause?.message)
    return error.cause.message;
  return (error as Error)?.message ?? String(error);
}
