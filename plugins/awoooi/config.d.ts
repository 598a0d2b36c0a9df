export interface Config {
  awoooi?: {
    /**
     * Demo sign-in, for demos and development only. When set, the app's
     * sign-in page offers these users and signs in through the backend's
     * `demo` auth provider, which must allow the same refs.
     */
    demo?: {
      /**
       * The users to pick from.
       * @visibility frontend
       */
      users?: Array<{
        /**
         * Entity ref of the catalog user, e.g. `user:default/alice`.
         * @visibility frontend
         */
        userEntityRef: string;
        /**
         * Name shown on the picker; the ref when left out.
         * @visibility frontend
         */
        displayName?: string;
        /**
         * Approver roles shown next to the name (informational: roles come
         * from `awoooi.roles` on the backend).
         * @visibility frontend
         */
        roles?: string[];
      }>;
    };
  };
}
