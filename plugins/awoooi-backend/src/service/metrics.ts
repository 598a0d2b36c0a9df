import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The plugin's Prometheus metrics, on its own registry (served at /metrics). */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    alertsReceived: new Counter({
      name: 'awoooi_alerts_received_total',
      help: 'Alerts received, by source and outcome (created, updated, unchanged, unmapped, rejected)',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
    incidentsOpen: new Gauge({
      name: 'awoooi_incidents_open',
      help: 'Open incidents (sampled by the analysis queue)',
      registers: [registry],
    }),
    analysisSeconds: new Histogram({
      name: 'awoooi_analysis_duration_seconds',
      help: 'Time from claiming an incident to its stored analysis',
      buckets: [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
      ],
      registers: [registry],
    }),
    llmCalls: new Counter({
      name: 'awoooi_llm_calls_total',
      help: 'Language-model calls, by provider',
      labelNames: ['provider'],
      registers: [registry],
    }),
    llmFailures: new Counter({
      name: 'awoooi_llm_failures_total',
      help: 'Language-model answers that failed or were rejected, by provider',
      labelNames: ['provider'],
      registers: [registry],
    }),
  };
}

export type AwoooiMetrics = ReturnType<typeof createMetrics>;
