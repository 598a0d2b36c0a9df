import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';
import type { RequestValidator } from '@backstage/plugin-events-node';
import {
  alertmanagerPayloadSchema,
  describeBodyError,
  genericPayloadSchema,
  PAYLOAD_NAMES,
  presentedSecret,
  safeEqual,
} from '@awoooi/plugin-awoooi-node';

type PayloadSchema =
  | typeof alertmanagerPayloadSchema
  | typeof genericPayloadSchema;

/**
 * The gate of one ingress topic: the shared secret first, then the payload,
 * so a bad payload gets a 400 naming what is wrong and never reaches the topic.
 */
function ingressValidator(
  secret: string | undefined,
  schema: PayloadSchema,
  what: string,
): RequestValidator {
  return async (request, context) => {
    const presented = presentedSecret(request);
    if (!secret) {
      // A retry succeeds once an operator configures the secret.
      context.reject({
        status: 503,
        payload: {
          error:
            'awoooi.ingest.sharedSecret is not configured: the events ingress has no secret to check',
        },
      });
      return;
    }
    if (presented === undefined || !safeEqual(presented, secret)) {
      context.reject({
        status: 401,
        payload: { error: 'Missing or invalid alert ingest token' },
      });
      return;
    }
    const result = schema.safeParse(request.body);
    if (!result.success) {
      context.reject({
        status: 400,
        payload: {
          error: `Invalid ${what}: ${describeBodyError(result.error)}`,
        },
      });
    }
  };
}

/**
 * Opens `POST /api/events/http/awoooi.alertmanager` and
 * `…/awoooi.webhook` on the events plugin. That route is unauthenticated, so
 * the validator is the gate. The AWOOOI backend plugin subscribes to both
 * topics (and to `awoooi.kafka`).
 */
export const eventsModuleAwoooiIngress = createBackendModule({
  pluginId: 'events',
  moduleId: 'awoooi-ingress',
  register(reg) {
    reg.registerInit({
      deps: { events: eventsExtensionPoint, config: coreServices.rootConfig },
      async init({ events, config }) {
        const secret = config.getOptionalString('awoooi.ingest.sharedSecret');
        events.addHttpPostIngress({
          topic: 'awoooi.alertmanager',
          validator: ingressValidator(
            secret,
            alertmanagerPayloadSchema,
            PAYLOAD_NAMES.alertmanager,
          ),
        });
        events.addHttpPostIngress({
          topic: 'awoooi.webhook',
          validator: ingressValidator(
            secret,
            genericPayloadSchema,
            PAYLOAD_NAMES.generic,
          ),
        });
      },
    });
  },
});
