/** Why a Prometheus request failed; the message names the server and the URL. */
export type PrometheusErrorKind =
  /** No connection, DNS failure, timeout. */
  | 'unreachable'
  /** An HTTP status other than 2xx without a Prometheus error body. */
  | 'http'
  /** Prometheus refused or failed the query (`status: "error"`). */
  | 'query'
  /** The answer is not the Prometheus API's JSON. */
  | 'response';

export class PrometheusError extends Error {
  readonly name = 'PrometheusError';

  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    /** HTTP status, when a response came back. */
    readonly status?: number,
    /** Prometheus' `errorType` (bad_data, execution, timeout, …) for query errors. */
    readonly errorType?: string,
  ) {
    super(message);
  }
}
