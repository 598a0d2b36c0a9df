export type AwoooiEventKind =
  | 'incident.opened'
  | 'incident.escalated'
  | 'incident.resolved'
  | 'proposal.pending'
  | 'proposal.executed'
  | 'proposal.failed'
  | 'proposal.voided'
  | 'proposal.rejected'
  | 'proposal.expired'
  /** How an executed fix turned out, once its verification decided. */
  | 'proposal.verified'
  | 'proposal.ineffective'
  | 'proposal.regressed';

/** A message about something AWOOOI did. Text is Privacy-Shield output. */
export interface AwoooiNotification {
  kind: AwoooiEventKind;
  title: string;
  description: string;
  entityRef: string;
  /** Absolute link to the entity's Incidents tab. */
  link: string;
  severity: 'critical' | 'high' | 'normal' | 'low';
  incidentId?: string;
  proposalId?: string;
}

/** Delivers notifications somewhere besides Backstage's own (Slack, Discord, a webhook). */
export interface AwoooiNotifier {
  readonly id: string;
  notify(notification: AwoooiNotification): Promise<void>;
}
