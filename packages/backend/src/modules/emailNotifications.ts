import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import notificationsModuleEmail from '@backstage/plugin-notifications-backend-module-email';

/** Where the e-mail module reads its settings (SMTP, SES, sendmail, …). */
export const EMAIL_CONFIG_KEY = 'notifications.processors.email';

/**
 * Backstage's e-mail notification processor, loaded only when
 * `notifications.processors.email` is configured: the module requires its
 * settings, and a backend without SMTP still starts. Every notification
 * AWOOOI sends to an entity's owners then also reaches their
 * `spec.profile.email`.
 */
export const emailNotificationsLoader = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has(EMAIL_CONFIG_KEY)) {
      yield notificationsModuleEmail;
    }
  },
});
