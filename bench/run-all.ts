/**
 * Runs every benchmark the README lists and prints its numbers, then one
 * "below target" line per figure that misses its target: `yarn bench`.
 * Set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to run the
 * database benchmarks on PostgreSQL (SQLite in memory otherwise).
 */
import { assetsFigures, formatAssetsBench, runAssetsBench } from './assets';
import {
  formatPipelineBench,
  pipelineFigures,
  runPipelineBench,
} from './pipeline';
import {
  formatPrivacyBench,
  privacyFigures,
  runPrivacyBench,
} from './privacy-shield';
import { Figure, targetReport } from './targets';
import { runTopologyBench, topologyFigures } from './topology';
import { formatAnomalyBench, runAnomalyBench } from './anomalies';
import {
  metricEvidenceFigures,
  runMetricEvidenceBench,
} from './metricEvidence';
import {
  correlationFigures,
  formatCorrelationBench,
  runCorrelationBench,
} from './correlation';

async function main() {
  const figures: Figure[] = [];

  const privacy = await runPrivacyBench();
  console.log(formatPrivacyBench(privacy));
  figures.push(...privacyFigures(privacy));

  const topology = runTopologyBench();
  for (const r of topology) console.log(JSON.stringify(r));
  figures.push(...topologyFigures(topology));

  const pipeline = await runPipelineBench();
  console.log(formatPipelineBench(pipeline));
  figures.push(...pipelineFigures(pipeline));

  for (const r of await runAssetsBench()) {
    console.log(formatAssetsBench(r));
    figures.push(...assetsFigures(r));
  }

  const correlation = await runCorrelationBench();
  console.log(formatCorrelationBench(correlation));
  figures.push(...correlationFigures(correlation));

  // The anomaly benchmark prints its own accuracy targets per fault kind.
  console.log(formatAnomalyBench(await runAnomalyBench()));
  const metricEvidence = await runMetricEvidenceBench();
  console.log(
    JSON.stringify(metricEvidence ?? 'metric evidence: no Prometheus, skipped'),
  );
  if (metricEvidence) figures.push(...metricEvidenceFigures(metricEvidence));

  for (const line of targetReport(figures)) console.log(line);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
