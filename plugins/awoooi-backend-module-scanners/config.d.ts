import { HumanDuration } from '@backstage/types';

export interface Config {
  awoooi?: {
    scans?: {
      /** Default time zone of every scanner's cron (default Asia/Taipei). */
      timeZone?: string;
      /** Host capacity from Prometheus node_exporter (default daily 02:00). */
      capacity?: {
        cron?: string;
        timeZone?: string;
        timeout?: HumanDuration | string;
        /** PromQL range the host figures are averaged over (default 1d). */
        window?: string;
        thresholds?: {
          cpuWarning?: number;
          memoryWarning?: number;
          cpuCritical?: number;
          memoryCritical?: number;
        };
      };
      /** 7-dimension compliance (default daily 03:00). */
      compliance?: {
        cron?: string;
        timeZone?: string;
        timeout?: HumanDuration | string;
      };
      /** Asset inventory from the catalog and Kubernetes (default hourly). */
      assets?: {
        cron?: string;
        timeZone?: string;
        timeout?: HumanDuration | string;
      };
      /** Prometheus alert-rule catalog sync (default every 15 min). */
      rules?: {
        cron?: string;
        timeZone?: string;
        timeout?: HumanDuration | string;
      };
      /** FinOps waste (default daily 04:00). */
      finops?: {
        cron?: string;
        timeZone?: string;
        timeout?: HumanDuration | string;
      };
    };
    compliance?: {
      /** Weight of each dimension in the 0–100 score. */
      weights?: { [dimension: string]: number };
      /** Secrets older than this warn, twice as old fail (default 90 days). */
      secretMaxAge?: HumanDuration | string;
      /** Certificates expiring within this warn (default 30 days). */
      certificateWarning?: HumanDuration | string;
      /** Evidence older than this warns, per dimension. */
      evidenceMaxAge?: { [dimension: string]: HumanDuration | string };
      tls?: { timeout?: HumanDuration | string; ca?: string | string[] };
      /**
       * Where the TLS check of catalog-listed endpoints (`awoooi.io/endpoints`)
       * may connect; nothing else is probed. Host patterns (`shop.example.com`,
       * `*.example.com`, `*` for any host) allow public addresses only;
       * loopback, private, link-local and cloud-metadata addresses need an
       * address or CIDR entry (`10.1.0.0/16`, `fd12::/48`). Every address a
       * name resolves to is checked. Default: none.
       */
      allowedEndpoints?: string[];
    };
    finops?: {
      /** Price table; all of it when given. */
      prices?: {
        currency: string;
        vcpuHour: number;
        gibHour: number;
        storageGibMonth: number;
        nodeTypes?: { [type: string]: number };
      };
      days?: number;
      bufferFactor?: number;
      zombieCpuRatio?: number;
      zombieMinDays?: number;
      nodeMinRequestedShare?: number;
      nodeMaxActualShare?: number;
      clusters?: Array<{
        name: string;
        prometheus?: string;
        selector?: string;
      }>;
      /**
       * Action that resizes or removes an over-provisioned node: cloud-specific,
       * so a runbook offered through MCP or the runner (e.g. `resize_node`).
       * Without it (or when no executor offers it) node savings count as freed
       * and the recommendation is `drain_node`.
       */
      nodeResizeAction?: string;
    };
  };
}
