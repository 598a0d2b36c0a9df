export interface Config {
  awoooi?: {
    brain?: {
      /**
       * A model behind an OpenAI-compatible chat completions API (OpenAI,
       * vLLM, LocalAI, …). Present → the `openai` brain is available; select
       * it with `awoooi.brain.provider: openai`.
       */
      openai?: {
        /**
         * Base URL of the API including its version path, e.g.
         * `http://127.0.0.1:8000/v1` (default: OpenAI's own API).
         */
        baseUrl?: string;
        /**
         * API key, sent as a bearer token.
         * @visibility secret
         */
        apiKey: string;
        /** Model name, e.g. `gpt-4o-mini`. */
        model: string;
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
