/**
 * Runs every benchmark and prints its numbers: `yarn bench`.
 * Set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to run the
 * database benchmarks on PostgreSQL (SQLite in memory otherwise).
 */
import { formatPrivacyBench, runPrivacyBench } from './privacy-shield';
import { runTopologyBench } from './topology';
import { runPipelineBench } from './pipeline';
import { formatAnomalyBench, runAnomalyBench } from './anomalies';
import { runMetricEvidenceBench } from './metricEvidence';

async function main() {
  console.log(formatPrivacyBench(await runPrivacyBench()));
  for (const r of runTopologyBench()) console.log(JSON.stringify(r));
  const pipeline = await runPipelineBench();
  console.log(JSON.stringify(pipeline));
  console.log(formatAnomalyBench(await runAnomalyBench()));
  const metricEvidence = await runMetricEvidenceBench();
  console.log(
    JSON.stringify(metricEvidence ?? 'metric evidence: no Prometheus, skipped'),
  );
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
