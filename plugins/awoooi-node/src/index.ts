/**
 * Backend library of AWOOOI: extension points and the pure engines.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './roles';
