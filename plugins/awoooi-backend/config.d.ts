import { HumanDuration } from '@backstage/types';

export interface Config {
  awoooi?: {
    /**
     * Approver roles → catalog refs (groups or users) that hold them,
     * e.g. `sre: [group:default/sre]`.
     */
    roles?: {
      admin?: string[];
      devops?: string[];
      sre?: string[];
      cto?: string[];
      ciso?: string[];
    };
    /** Currency of costs and prices (default USD). */
    currency?: string;
    ingest?: {
      /**
       * Shared secret alert senders present as `x-awoooi-token: <secret>` or
       * `Authorization: Bearer <secret>`.
       * @visibility secret
       */
      sharedSecret?: string;
    };
    privacy?: {
      /**
       * Key (32+ characters) that encrypts stored Privacy-Shield mappings.
       * Without it mappings are not stored and parameters cannot be rehydrated.
       * @visibility secret
       */
      encryptionKey?: string;
    };
    analysis?: {
      /** Depth of both topology walks (default 3). */
      maxDepth?: number;
      /** How often the analysis queue is polled as a backstop (default 5 s). */
      pollInterval?: HumanDuration | string;
      /** A claimed analysis older than this is picked up again (default 2 min). */
      claimTimeout?: HumanDuration | string;
      /** Attempts before an analysis is marked failed (default 5). */
      maxAttempts?: number;
    };
    catalog?: {
      /** How often the cached catalog graph checks for changes (default 30 s). */
      refreshInterval?: HumanDuration | string;
    };
    brain?: {
      /** `deterministic` (default) or a brain module's id: ollama, openai, anthropic. */
      provider?: string;
    };
    /** Remediations the deterministic brain proposes, matched in order. */
    runbooks?: Array<{
      /** Glob on the alert group (alertname), case-insensitive; `*` matches any. */
      match: string;
      /** Root-cause class it applies to: database, cache, queue, resource, service or `*`. */
      appliesTo?: string;
      action: string;
      title: string;
      /** Raises (never lowers) the action's base risk. */
      risk?: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
      params?: { [key: string]: unknown };
    }>;
    approval?: {
      /** How long a proposal waits for signatures before it expires (default 1 h). */
      expiry?: HumanDuration | string;
      /** Trust scores at which patterns shed a signature (defaults: high 10, medium 5). */
      trust?: { high?: number; medium?: number };
      /** Action patterns trust is kept for, e.g. `restart_pod:pod/shop/nginx-*`; others are derived. */
      patterns?: string[];
      /** Blast radius (upstream entities) from which the dry-run warns (default 5). */
      blastRadiusWarnAt?: number;
    };
    /** Base URL of the Backstage frontend used in notification links (default app.baseUrl). */
    notificationLinkBase?: string;
  };
}
