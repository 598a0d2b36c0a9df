/**
 * The events-plugin module of AWOOOI: HTTP ingress topics for alerts.
 *
 * @packageDocumentation
 */
export { eventsModuleAwoooiIngress as default } from './module';
