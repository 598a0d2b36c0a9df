/**
 * Backend library of AWOOOI: extension points, the contracts its modules
 * share with the plugin (database kit, operation log, HTTP kit) and the
 * pure engines.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './database';
export * from './http';
export * from './roles';
export * from './privacy';
export * from './llm';
export * from './finops';
export * from './capacity';
export * from './topology';
export * from './anomaly';
export * from './brain';
export * from './config/readDurationMs';
export * from './alerts';
export * from './correlation';
export * from './validation/describeZodError';
export * from './hashing/stableHash';
