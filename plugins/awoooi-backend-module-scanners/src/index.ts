/**
 * AWOOOI backend module: the scheduled scanners (capacity, compliance,
 * assets, alert-rule sync, FinOps), their stores and their routes under
 * `/api/awoooi`.
 *
 * @packageDocumentation
 */
export { awoooiModuleScanners as default } from './module';
