/**
 * Rehydration met a label (`[IP_7]`) that this scope never issued: the text
 * was redacted in another scope, or a model invented the label. Restoring
 * nothing would send a placeholder to a real system, so it is an error.
 */
export class UnknownLabelError extends Error {
  name = 'UnknownLabelError';
  constructor(readonly label: string) {
    super(`Unknown privacy label ${label}: it was not issued in this scope`);
  }
}

/** `PrivacyScope.fromJSON` was given something that is not a valid mapping. */
export class InvalidPrivacyMappingError extends Error {
  name = 'InvalidPrivacyMappingError';
}
