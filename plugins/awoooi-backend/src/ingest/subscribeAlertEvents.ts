import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import type { AlertIngestor, IngestSource } from './AlertIngestor';
import { INGEST_TOPICS } from './topics';

/** Alerts through Backstage's events system: HTTP ingress topics and Kafka. */
export async function subscribeAlertEvents(
  events: EventsService,
  ingestor: AlertIngestor,
  logger: LoggerService,
) {
  await events.subscribe({
    id: 'awoooi-alert-ingest',
    topics: Object.keys(INGEST_TOPICS),
    onEvent: async params => {
      const source: IngestSource = INGEST_TOPICS[params.topic];
      try {
        await ingestor.ingest(source, params.eventPayload);
      } catch (error) {
        // Validation messages quote what was sent: redacted (no incident
        // yet, so a throwaway scope) before it is logged.
        const reason = new PrivacyScope().redact((error as Error).message).text;
        logger.warn(`Rejected ${source} alert event: ${reason}`);
      }
    },
  });
}
