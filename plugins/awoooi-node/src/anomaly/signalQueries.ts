/**
 * PromQL for the golden signals of an entity, from query templates and the
 * entity's label selector (`awoooi.io/prometheus-selector`).
 */

/** Where the selector goes in a template: `metric{$selector}`. */
export const SELECTOR_PLACEHOLDER = '$selector';

const HTTP = 'http_server_request_duration_seconds';
const ISTIO = 'istio_request_duration_milliseconds';
const ratio = (part: string, whole: string) => `(${part}) / (${whole})`;
const quantile = (q: number, buckets: string, scale = '') =>
  `histogram_quantile(${q}, sum by (le) (rate(${buckets}{$selector}[5m])))${scale}`;

/**
 * Templates for common conventions: OpenTelemetry HTTP server histograms,
 * Istio/Envoy sidecars, cAdvisor container metrics and node_exporter hosts.
 * An entity uses whichever its selector finds series for: the presets of a
 * signal are combined with PromQL `or`.
 */
export const SIGNAL_QUERY_PRESETS: Record<string, Record<string, string>> = {
  http: {
    'latency.avg': ratio(
      `sum(rate(${HTTP}_sum{$selector}[5m]))`,
      `sum(rate(${HTTP}_count{$selector}[5m]))`,
    ),
    'latency.p50': quantile(0.5, `${HTTP}_bucket`),
    'latency.p90': quantile(0.9, `${HTTP}_bucket`),
    'latency.p99': quantile(0.99, `${HTTP}_bucket`),
    errors: ratio(
      `sum(rate(${HTTP}_count{$selector,http_response_status_code=~"5.."}[5m])) or vector(0)`,
      `sum(rate(${HTTP}_count{$selector}[5m]))`,
    ),
    requests: `sum(rate(${HTTP}_count{$selector}[5m]))`,
  },
  istio: {
    'latency.avg': ratio(
      `sum(rate(${ISTIO}_sum{$selector}[5m])) / 1000`,
      `sum(rate(${ISTIO}_count{$selector}[5m]))`,
    ),
    'latency.p90': quantile(0.9, `${ISTIO}_bucket`, ' / 1000'),
    'latency.p99': quantile(0.99, `${ISTIO}_bucket`, ' / 1000'),
    errors: ratio(
      `sum(rate(istio_requests_total{$selector,response_code=~"5.."}[5m])) or vector(0)`,
      `sum(rate(istio_requests_total{$selector}[5m]))`,
    ),
    requests: `sum(rate(istio_requests_total{$selector}[5m]))`,
  },
  container: {
    cpu: 'sum(rate(container_cpu_usage_seconds_total{$selector}[5m]))',
    memory: 'sum(container_memory_working_set_bytes{$selector})',
  },
  node: {
    cpu: '1 - avg(rate(node_cpu_seconds_total{mode="idle",$selector}[5m]))',
    memory:
      '1 - sum(node_memory_MemAvailable_bytes{$selector}) / sum(node_memory_MemTotal_bytes{$selector})',
    saturation:
      'sum(node_load1{$selector}) / count(node_cpu_seconds_total{mode="idle",$selector})',
  },
};

export const DEFAULT_SIGNAL_PRESETS = ['http', 'istio', 'container', 'node'];

/** Templates per signal from presets, overridden signal by signal. */
export function signalTemplates(
  presets: readonly string[],
  overrides: Readonly<Record<string, string>> = {},
): Map<string, string[]> {
  const templates = new Map<string, string[]>();
  for (const preset of presets) {
    const set = SIGNAL_QUERY_PRESETS[preset];
    if (!set) throw new Error(`unknown metrics preset '${preset}'`);
    for (const [signal, template] of Object.entries(set)) {
      templates.set(signal, [...(templates.get(signal) ?? []), template]);
    }
  }
  for (const [signal, template] of Object.entries(overrides)) {
    templates.set(signal, [template]);
  }
  return templates;
}

const MATCHER =
  /\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*/y;

/**
 * The label matchers of a selector annotation (`service="checkout",
 * namespace=~"prod|canary"`), normalised; undefined when it is anything
 * else, so an annotation can never inject PromQL.
 */
export function parsePrometheusSelector(text: string): string | undefined {
  const matchers: string[] = [];
  let at = 0;
  for (;;) {
    MATCHER.lastIndex = at;
    const match = MATCHER.exec(text);
    if (!match) return undefined;
    matchers.push(match[0].trim());
    at = MATCHER.lastIndex;
    if (at === text.length) break;
    if (text[at] !== ',') return undefined;
    at++;
  }
  return matchers.length > 0 ? matchers.join(',') : undefined;
}

/** One query per signal: the templates with the selector filled in, joined by `or`. */
export function signalQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  selector: string,
): Array<{ signal: string; promql: string }> {
  return [...templates].map(([signal, list]) => ({
    signal,
    promql: list
      .map(t => `(${t.split(SELECTOR_PLACEHOLDER).join(selector)})`)
      .join(' or '),
  }));
}
