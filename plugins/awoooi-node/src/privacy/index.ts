/**
 * The Privacy Shield: detects personal and secret data, replaces
 * it with per-incident pseudonyms and restores it at the execution boundary.
 */
export { PrivacyShield } from './PrivacyShield';
export { PrivacyScope } from './PrivacyScope';
export type {
  PrivacyMappingEntry,
  PrivacyScopeJSON,
  PrivacyScopeOptions,
} from './PrivacyScope';
export { InvalidPrivacyMappingError, UnknownLabelError } from './errors';
export { PII_TYPES } from './types';
export type {
  DetectedEntity,
  PiiType,
  RedactedEntity,
  RedactionResult,
} from './types';
