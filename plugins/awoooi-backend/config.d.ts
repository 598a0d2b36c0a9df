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
      /**
       * Backstage service principals allowed to send alerts, by subject
       * (`external:<subject>` of a `backend.auth.externalAccess` token,
       * `plugin:<pluginId>`). Unset: any service principal. People never.
       */
      allowedServices?: string[];
      /**
       * Largest alert webhook body (default `5mb`); every alert within it is
       * stored. Bytes, or a size such as `20mb`.
       */
      bodyLimit?: string | number;
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
    correlation?: {
      /**
       * Alerts on related entities (within analysis.maxDepth hops) whose start
       * times are at most this far apart belong to one incident (default 10 min).
       */
      window?: HumanDuration | string;
    };
    /**
     * Golden signals from Prometheus as evidence in the topology analysis.
     * Entities opt in with the annotation
     * `awoooi.io/prometheus-selector` (PromQL label matchers).
     */
    metrics?: {
      /**
       * Serve `GET /metrics` without a Backstage token (default false: a
       * service token, or a user with `awoooi.audit.read`).
       */
      public?: boolean;
      /** Default true; false turns metric evidence off. */
      enabled?: boolean;
      /** Name of the server under `awoooi.prometheus.servers` (default: the first). */
      source?: string;
      /** History each signal is compared with (default 7 days). */
      lookback?: HumanDuration | string;
      /** Range-query step (default 5 minutes). */
      step?: HumanDuration | string;
      /**
       * Step at which the history older than two hours before the incident
       * is read for the baseline (default 1 hour; a value no coarser than
       * `step` reads the whole lookback at `step`). Each sample is still one
       * `step`-wide rate: the baseline sees the same spread from fewer steps.
       * Never coarser than a 168th of `lookback`, so a short lookback keeps
       * enough samples.
       */
      historyStep?: HumanDuration | string;
      /** Longest wait for one query (default 10 s). */
      timeout?: HumanDuration | string;
      /** Longest wait for all the queries of one analysis (default 30 s). */
      totalTimeout?: HumanDuration | string;
      /** The incident window starts this long before the incident opened (default 15 minutes). */
      incidentLead?: HumanDuration | string;
      /** Query conventions: http, istio, container, node (default all). */
      presets?: string[];
      /**
       * PromQL per signal (`latency.p90`, `errors`, `availability`, `requests`,
       * `saturation`, `cpu`, `memory`…) with `$selector` where the entity's
       * label matchers go; replaces the presets' queries for that signal.
       */
      queries?: { [signal: string]: string };
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
    execution?: {
      /**
       * How long an approved action may run before it is aborted and its
       * proposal ends UNKNOWN (default 10 min); an action may declare its own.
       */
      timeout?: HumanDuration | string;
    };
    /**
     * Every executed fix is watched after it runs: VERIFIED as soon as its
     * workload is healthy and the incident's alerts resolved, INEFFECTIVE when
     * that has not happened by the window's end, REGRESSED when new alerts
     * fire on the target or its blast radius.
     */
    verification?: {
      /** How long a fix has to show recovery (default 10 min). */
      window?: HumanDuration | string;
      /** How often open windows are checked (default 15 s). */
      interval?: HumanDuration | string;
      /** Per-action windows, e.g. `{ scale_deployment: { window: 5m } }`. */
      actions?: {
        [action: string]: { window?: HumanDuration | string };
      };
    };
    /**
     * What AWOOOI shares through Backstage's cache service (backend.cache:
     * memory, or Redis/memcache across instances). PostgreSQL stays the
     * system of record; the cache only saves repeated work.
     */
    cache?: {
      /** Default true. */
      enabled?: boolean;
      /** How long a Prometheus answer about a fixed window is reused (default 10 minutes). */
      prometheusTtl?:
        | string
        | { hours?: number; minutes?: number; seconds?: number };
      /** How long a model's answer to the same redacted input is reused (default 1 hour). */
      brainTtl?:
        | string
        | { hours?: number; minutes?: number; seconds?: number };
    };
    /** Base URL of the Backstage frontend used in notification links (default app.baseUrl). */
    notificationLinkBase?: string;
  };
}
