import type { IngestSource } from './AlertIngestor';

/** Events topics AWOOOI consumes: HTTP ingress (`/api/events/http/<topic>`) and Kafka. */
export const INGEST_TOPICS: Record<string, IngestSource> = {
  'awoooi.alertmanager': 'alertmanager',
  'awoooi.webhook': 'webhook',
  'awoooi.kafka': 'kafka',
};
