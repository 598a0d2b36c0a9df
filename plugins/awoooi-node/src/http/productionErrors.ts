import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ErrorRequestHandler } from 'express';

/** Backstage's error names that carry their own status (4xx, 501, 503). */
const KNOWN_NAMES = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/** A plain 500, as Backstage's error handler would answer it. */
function isUnexpected(error: any): boolean {
  for (const field of ['statusCode', 'status']) {
    const status = error?.[field];
    if (Number.isInteger(status) && status >= 100 && status <= 599)
      return status === 500;
  }
  return !KNOWN_NAMES.has(String(error?.name));
}

/**
 * In production an unexpected error (a database outage, a bug) answers 500
 * with a generic message: its own message can carry SQL, hosts or paths.
 * The full error, stack included, goes to the log. Backstage's error handler
 * adds stacks to bodies only under NODE_ENV=development.
 */
export function productionErrors(logger: LoggerService): ErrorRequestHandler {
  const production = process.env.NODE_ENV === 'production';
  return (error, req, _res, next) => {
    if (!production || !isUnexpected(error)) {
      next(error);
      return;
    }
    logger.error(`${req.method} ${req.path} failed`, error);
    next(new Error('Internal error; details are in the AWOOOI backend log'));
  };
}
