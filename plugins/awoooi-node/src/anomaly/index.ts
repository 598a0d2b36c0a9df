export {
  parseSignal,
  signalMatches,
  type SignalDirection,
  type SignalFamily,
  type SignalInfo,
} from './signals';
export { prepareSeries, type MetricSample } from './series';
export {
  assessSignal,
  DEFAULT_ANOMALY_THRESHOLD,
  DEFAULT_LOOKBACK_MS,
  ONSET_LOOKBACK_MS,
  type DetectOptions,
  type SignalAnomaly,
  type SignalAssessment,
} from './detectAnomaly';
export {
  assessMetrics,
  withCoarseHistory,
  type MetricEvidence,
  type MetricSeries,
} from './metricEvidence';
export {
  DEFAULT_SIGNAL_PRESETS,
  parsePrometheusSelector,
  SELECTOR_PLACEHOLDER,
  SIGNAL_QUERY_PRESETS,
  signalQueries,
  signalTemplates,
} from './signalQueries';
export {
  batchSignalQueries,
  type BatchOptions,
  type EntitySelector,
  type SignalQuery,
} from './batchQueries';
export {
  entityQueries,
  fetchSignals,
  type EntitySignalQueries,
  type FetchSignalsOptions,
  type QueryWindow,
  type FetchSignalsResult,
} from './fetchSignals';
