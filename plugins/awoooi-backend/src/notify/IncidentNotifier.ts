import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  AwoooiNotification,
  AwoooiNotifier,
} from '@awoooi/plugin-awoooi-node';

/**
 * Sends AWOOOI events to the affected entity's owners through Backstage
 * notifications, and to every notifier module (Slack, Discord, webhooks).
 * A failing channel is logged, never thrown: notifying must not break the
 * pipeline.
 */
export class IncidentNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly notifiers: AwoooiNotifier[],
    private readonly appBaseUrl: string,
    private readonly logger: LoggerService,
  ) {}

  /** Link to the entity's Incidents tab. */
  incidentsLink(entityRef: string): string {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `${this.appBaseUrl}/catalog/${namespace}/${kind.toLocaleLowerCase(
      'en-US',
    )}/${name}/incidents`;
  }

  /**
   * One Backstage notification to the owners of entities an incident affects
   * (not its root cause): they hear of it once, linked to the root cause.
   * Chat notifiers get only the main notification.
   */
  async sendDigest(
    notification: Omit<AwoooiNotification, 'link'>,
    affected: string[],
  ) {
    if (!this.notifications || affected.length === 0) return;
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: affected },
        payload: {
          title: notification.title,
          description: notification.description,
          link: this.incidentsLink(notification.entityRef),
          severity: notification.severity,
          topic: 'awoooi',
          scope: `awoooi:incident:${notification.incidentId}:affected`,
        },
      });
    } catch (error) {
      this.logger.warn(
        `Notification digest '${notification.kind}' failed: ${
          (error as Error)?.message
        }`,
      );
    }
  }

  async send(notification: Omit<AwoooiNotification, 'link'>) {
    const full: AwoooiNotification = {
      ...notification,
      link: this.incidentsLink(notification.entityRef),
    };
    const jobs: Array<Promise<void>> = [];
    if (this.notifications) {
      jobs.push(
        this.notifications.send({
          // An entity that is not a user or group resolves to its owner.
          recipients: { type: 'entity', entityRef: full.entityRef },
          payload: {
            title: full.title,
            description: full.description,
            link: full.link,
            severity: full.severity,
            topic: 'awoooi',
            // One notification per incident, updated as it escalates and resolves.
            scope: full.incidentId
              ? `awoooi:incident:${full.incidentId}`
              : undefined,
          },
        }),
      );
    }
    for (const n of this.notifiers) jobs.push(n.notify(full));
    const results = await Promise.allSettled(jobs);
    for (const r of results) {
      if (r.status === 'rejected') {
        this.logger.warn(
          `Notification '${full.kind}' failed: ${(r.reason as Error)?.message}`,
        );
      }
    }
  }
}
