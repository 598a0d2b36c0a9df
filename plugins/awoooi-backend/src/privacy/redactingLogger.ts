import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { PrivacyScope } from '@awoooi/plugin-awoooi-node';

/**
 * A logger that writes everything through the incident's scope first: what
 * an executor logs may echo the real values it was handed (rehydrated
 * parameters). Values the scope has not seen get labels for this log only.
 */
export function redactingLogger(
  logger: LoggerService,
  scope: PrivacyScope,
): LoggerService {
  const text = (t: string) => scope.redact(t).text;
  const meta = <M extends Error | JsonObject>(m?: M) => {
    if (m === undefined) return undefined;
    if (!(m instanceof Error)) return scope.redactObject(m);
    const copy = new Error(text(m.message));
    copy.name = m.name;
    copy.stack = m.stack && text(m.stack);
    return copy;
  };
  return {
    error: (message, m) => logger.error(text(message), meta(m)),
    warn: (message, m) => logger.warn(text(message), meta(m)),
    info: (message, m) => logger.info(text(message), meta(m)),
    debug: (message, m) => logger.debug(text(message), meta(m)),
    child: m => redactingLogger(logger.child(scope.redactObject(m)), scope),
  };
}
