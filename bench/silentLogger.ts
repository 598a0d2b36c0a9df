import type { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that says nothing: a bench prints its own figures. */
export const silentLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};
