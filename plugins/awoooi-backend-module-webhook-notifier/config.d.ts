export interface Config {
  awoooi?: {
    notifications?: {
      /** Webhooks that receive AWOOOI events. */
      webhooks?: Array<{
        name: string;
        /**
         * Incoming-webhook URL (it usually carries its secret).
         * @visibility secret
         */
        url: string;
        /** `slack`, `discord` or `json` (the notification as is). Default json. */
        format?: string;
        /** Event kinds to send (incident.opened, proposal.pending, …); all when absent. */
        events?: string[];
        /**
         * Extra request headers.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        timeoutMs?: number;
      }>;
    };
  };
}
