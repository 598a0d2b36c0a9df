import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AwoooiEventKind,
  awoooiNotifiersExtensionPoint,
} from '@awoooi/plugin-awoooi-node';
import { WebhookNotifier, WebhookTarget } from './WebhookNotifier';

const FORMATS = ['slack', 'discord', 'json'] as const;

export function readWebhookTargets(config: Config): WebhookTarget[] {
  return (
    config.getOptionalConfigArray('awoooi.notifications.webhooks') ?? []
  ).map(c => {
    const format = c.getOptionalString('format') ?? 'json';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new Error(
        `awoooi.notifications.webhooks: format must be one of ${FORMATS.join(
          ', ',
        )}, got '${format}'`,
      );
    }
    const headers = c.getOptionalConfig('headers');
    return {
      name: c.getString('name'),
      url: c.getString('url'),
      format: format as WebhookTarget['format'],
      events: (c.getOptionalStringArray('events') ?? []) as AwoooiEventKind[],
      headers: Object.fromEntries(
        (headers?.keys() ?? []).map(k => [k, headers!.getString(k)]),
      ),
      timeoutMs: c.getOptionalNumber('timeoutMs') ?? 5000,
    };
  });
}

/** Sends AWOOOI events to the webhooks in `awoooi.notifications.webhooks`. */
export const awoooiModuleWebhookNotifier = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'webhook-notifier',
  register(reg) {
    reg.registerInit({
      deps: {
        notifiers: awoooiNotifiersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ notifiers, config, logger }) {
        const targets = readWebhookTargets(config);
        if (targets.length)
          notifiers.addNotifier(new WebhookNotifier(targets, logger));
      },
    });
  },
});
