export interface Config {
  awoooi?: {
    brain?: {
      /**
       * A model behind the Anthropic Messages API. Present → the `anthropic`
       * brain is available; select it with `awoooi.brain.provider: anthropic`.
       */
      anthropic?: {
        /** Base URL of the API, without `/v1` (default: Anthropic's own API). */
        baseUrl?: string;
        /**
         * API key.
         * @visibility secret
         */
        apiKey: string;
        /** Model name. */
        model: string;
        /** Most tokens one answer may use (default 4096). */
        maxTokens?: number;
        /**
         * Longest wait for one analysis (default 60 s): `90s`, `PT2M` or
         * `{ seconds: 90 }`.
         */
        timeout?:
          | string
          | {
              hours?: number;
              minutes?: number;
              seconds?: number;
              milliseconds?: number;
            };
      };
    };
  };
}
