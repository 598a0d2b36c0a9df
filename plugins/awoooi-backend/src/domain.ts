import type {
  Alert,
  AlertSource,
  Severity,
} from '@awoooi/plugin-awoooi-common';

/** An alert after validation and entity mapping, ready to store. */
export interface NormalizedAlert {
  fingerprint: string;
  source: AlertSource;
  status: 'firing' | 'resolved';
  severity: Severity;
  title: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  groupKey: string;
  entityRef: string | null;
  startsAt: string;
  endsAt: string | null;
  contentHash: string;
}

/** Raw alert text, for the analysis only (it redacts before anything leaves). */
export interface RawAlert extends Alert {
  annotations: Record<string, string>;
  groupKey: string;
}
