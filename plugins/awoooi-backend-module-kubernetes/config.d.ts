export interface Config {
  awoooi?: {
    kubernetes?: {
      /**
       * Clusters the executor, the health provider and the scanners use. The
       * first is the default; a target names another as `<name>:<kind>/…`.
       * Each needs exactly one of `url`, `kubeconfigPath` or `inCluster`.
       */
      clusters?: Array<{
        /** Letters, digits, '.', '_' or '-'; unique. */
        name: string;
        /** API server URL (a plain http:// URL needs skipTLSVerify: true). */
        url?: string;
        /**
         * Bearer token of the executor's identity (a service account), used with `url`.
         * @visibility secret
         */
        token?: string;
        /** Path of a kubeconfig file to load instead of url/token. */
        kubeconfigPath?: string;
        /** Context in that kubeconfig (default: its current-context). */
        context?: string;
        /** Use the pod's own service account (running inside the cluster). */
        inCluster?: boolean;
        /** Do not verify the API server's TLS certificate. */
        skipTLSVerify?: boolean;
        /** Base64-encoded PEM of the API server's certificate authority. */
        caData?: string;
      }>;
      health?: {
        /** How long a workload-health report is reused (default 15). */
        cacheSeconds?: number;
      };
    };
  };
}
