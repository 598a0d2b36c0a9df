/**
 * The kinds of personal or secret data the Privacy Shield recognises, each
 * with the prefix of its pseudonym label (`[IP_1]`, `[EMAIL_2]`, …).
 *
 * IPv6 addresses get their own `IPV6` prefix rather than sharing `IP`, so a
 * reader of redacted text still knows which address family was there.
 */
export const PII_TYPES = [
  'IP',
  'IPV6',
  'EMAIL',
  'UUID',
  'JWT',
  'KEY',
  'CARD',
  'PHONE',
  'URL',
] as const;

/** One kind of personal or secret data; also the prefix of its labels. */
export type PiiType = (typeof PII_TYPES)[number];

/** A span the detector found: offsets index the text that was scanned. */
export interface DetectedEntity {
  type: PiiType;
  /** Offset of the first character, inclusive. */
  start: number;
  /** Offset after the last character, exclusive. */
  end: number;
  value: string;
}

/** A span that was replaced by a label; offsets index the input text. */
export interface RedactedEntity {
  type: PiiType;
  start: number;
  end: number;
  label: string;
}

/** What `PrivacyScope.redact` returns. */
export interface RedactionResult {
  text: string;
  entities: RedactedEntity[];
}
