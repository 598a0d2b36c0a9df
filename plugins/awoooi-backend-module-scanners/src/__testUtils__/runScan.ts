import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import { ScanRunner } from '../schedule/ScanRunner';
import { readScanSettings } from '../settings';
import { ScanRunRecord, ScanRunStore } from '../store/ScanRunStore';
import type { Scanner } from '../types';

/** Runs a scanner once, as a manual trigger does, and returns the recorded run. */
export async function runScan(
  db: Knex,
  scanner: Scanner,
  options: { now?: Date; config?: object } = {},
): Promise<ScanRunRecord> {
  const store = ScanRunStore.create(db);
  const runner = new ScanRunner({
    store,
    scanners: new Map([[scanner.id, scanner]]),
    schedules: readScanSettings(new ConfigReader(options.config ?? {}))
      .schedules,
    logger: mockServices.logger.mock(),
    now: options.now ? () => options.now! : undefined,
  });
  const run = await runner.startManual(scanner.id, 'user:default/tester');
  await runner.idle();
  return (await store.get(run.id))!;
}
