/**
 * Test helpers the AWOOOI backend plugin and its modules share: the test
 * databases, free ports and child processes, a local Prometheus and
 * node_exporter, TLS servers, catalog entities and container metrics.
 */
export * from './testDatabases';
export * from './processes';
export * from './localPrometheus';
export * from './prometheusSource';
export * from './catalogEntities';
export * from './containerMetrics';
export * from './tlsServers';
export * from './visibilityCatalog';
