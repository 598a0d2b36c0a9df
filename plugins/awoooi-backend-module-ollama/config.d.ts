export interface Config {
  awoooi?: {
    brain?: {
      /**
       * A model served by Ollama. Present → the `ollama` brain is available;
       * select it with `awoooi.brain.provider: ollama`.
       */
      ollama?: {
        /** Base URL of the Ollama server (default http://127.0.0.1:11434). */
        baseUrl?: string;
        /** Model name as Ollama knows it, e.g. `llama3.1:8b`. */
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
