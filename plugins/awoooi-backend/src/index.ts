/**
 * The AWOOOI backend plugin.
 *
 * @packageDocumentation
 */
export { awoooiPlugin as default } from './plugin';
