import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AwoooiEventKind,
  AwoooiNotification,
  AwoooiNotifier,
} from '@awoooi/plugin-awoooi-node';
import { WebhookFormat, webhookBody } from './payloads';

export interface WebhookTarget {
  name: string;
  url: string;
  format: WebhookFormat;
  /** Only these kinds are sent; all when empty. */
  events: AwoooiEventKind[];
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Posts AWOOOI events to Slack-, Discord-compatible or plain JSON webhooks. */
export class WebhookNotifier implements AwoooiNotifier {
  readonly id = 'webhook';

  constructor(
    private readonly targets: WebhookTarget[],
    private readonly logger: LoggerService,
  ) {}

  async notify(notification: AwoooiNotification): Promise<void> {
    const wanted = this.targets.filter(
      t => t.events.length === 0 || t.events.includes(notification.kind),
    );
    const results = await Promise.allSettled(
      wanted.map(t => this.post(t, notification)),
    );
    const failed = results
      .map((r, i) =>
        r.status === 'rejected'
          ? `${wanted[i].name}: ${(r.reason as Error).message}`
          : undefined,
      )
      .filter(Boolean);
    if (failed.length) {
      // Never log the URL: webhook URLs carry their secret.
      this.logger.warn(`Webhook notification failed for ${failed.join('; ')}`);
      throw new Error(`${failed.length} of ${wanted.length} webhooks failed`);
    }
  }

  private async post(target: WebhookTarget, notification: AwoooiNotification) {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: JSON.stringify(webhookBody(target.format, notification)),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  }
}
