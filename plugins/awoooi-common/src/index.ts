/**
 * Isomorphic types, permissions and rules shared by the AWOOOI plugins.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './annotations';
export * from './types';
export * from './severity';
export * from './risk/types';
export * from './risk/matrix';
export * from './risk/trust';
export * from './risk/patterns';
export * from './risk/approvalRules';
export * from './scanTypes';
export * from './api';
export * from './metricAnomaly';
export * from './report';
