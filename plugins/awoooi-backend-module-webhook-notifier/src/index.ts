/**
 * Slack-, Discord-compatible and JSON webhook notifications for AWOOOI.
 *
 * @packageDocumentation
 */
export { awoooiModuleWebhookNotifier as default } from './module';
export { WebhookNotifier } from './WebhookNotifier';
export type { WebhookTarget } from './WebhookNotifier';
export { webhookBody } from './payloads';
export type { WebhookFormat } from './payloads';
