export interface Config {
  awoooi?: {
    prometheus?: {
      /**
       * Prometheus servers the scanners query (capacity, alert rules,
       * FinOps usage). Each becomes one metrics source, named by `name`.
       */
      servers?: Array<{
        /** Unique name, recorded with every scan result. */
        name: string;
        /** e.g. `http://prometheus:9090`; a path prefix is kept. */
        baseUrl: string;
        /**
         * Sent as `Authorization: Bearer <token>`.
         * @visibility secret
         */
        token?: string;
        /** Basic auth user (with `password`), for a guarding proxy. */
        username?: string;
        /**
         * Basic auth password.
         * @visibility secret
         */
        password?: string;
        /**
         * Longest wait for one request (default 30 s): `10s`, `PT1M` or
         * `{ seconds: 10 }`.
         */
        timeout?:
          | string
          | {
              hours?: number;
              minutes?: number;
              seconds?: number;
              milliseconds?: number;
            };
      }>;
    };
  };
}
