/**
 * One range query per signal for a whole neighbourhood instead of one per
 * entity and signal.
 *
 * Entities whose selectors (`awoooi.io/prometheus-selector`) name the same
 * labels with `=` and share their other matchers are queried together: the
 * `=` matchers become one regex matcher per label (values escaped), every
 * aggregation of the template keeps those labels (`sum(…)` becomes
 * `sum by (service) (…)`), and the answer's series go back to the entities
 * by their values of those labels. The per-entity query of a template sums
 * whatever series it returns; the batched one sums the series of each
 * entity's label values, which are the same series. Templates whose meaning
 * would change when rewritten (a series not scoped by `$selector`, a
 * function that drops labels, a matching that ignores the entity labels)
 * and entities that share their selector's shape with no other entity are
 * queried one by one, as before.
 */
import { signalQueries } from './signalQueries';

/** An entity and its selector as parsePrometheusSelector returns it. */
export interface EntitySelector {
  entityRef: string;
  selector: string;
}

/**
 * One range query and whose series its answer holds: a series belongs to
 * an entity when its labels named in `by` have the entity's `values`
 * (a missing label reads as ""). With `by` empty every series belongs to
 * every entity listed (the query of one entity).
 */
export interface SignalQuery {
  signal: string;
  promql: string;
  by: string[];
  entities: Array<{ entityRef: string; values: string[] }>;
}

export interface BatchOptions {
  /**
   * Most entities in one query; default 16. Prometheus does about the same
   * work for one large query as for a few smaller ones, which finish sooner
   * each, keep below the per-query timeout and spread over its cores.
   */
  maxEntities?: number;
}

const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);

/** Functions whose result has no labels or whose labels cannot be kept per entity. */
const UNBATCHABLE_FUNCTIONS = new Set([
  'scalar',
  'absent',
  'absent_over_time',
  'info',
]);

/** Date functions read `vector(time())` when called without an argument. */
const DATE_FUNCTIONS = new Set([
  'minute',
  'hour',
  'day_of_week',
  'day_of_month',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
]);

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'inf',
  'nan',
]);

const LABEL_LISTS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);

type TokenKind =
  | 'space'
  | 'string'
  | 'number'
  | 'ident'
  | 'placeholder'
  | 'punct';

interface Token {
  kind: TokenKind;
  text: string;
}

const TOKEN_PATTERNS: Array<[TokenKind, RegExp]> = [
  ['space', /\s+|#[^\n]*/y],
  ['string', /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/y],
  ['placeholder', /\$selector/y],
  ['ident', /[a-zA-Z_:][a-zA-Z0-9_:]*/y],
  [
    'number',
    /(?:0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?)(?:[a-zA-Z]+\d*)*/y,
  ],
  ['punct', /=~|!~|==|!=|<=|>=|[-+*/%^=<>(){}[\],@:]/y],
];

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    let token: Token | undefined;
    for (const [kind, pattern] of TOKEN_PATTERNS) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        token = { kind, text: match[0] };
        break;
      }
    }
    if (!token) return undefined;
    tokens.push(token);
    at += token.text.length;
  }
  return tokens;
}

/** Index of the next token that is not whitespace, or tokens.length. */
function nextIndex(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < tokens.length && tokens[i].kind === 'space') i++;
  return i;
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === '}' || t.text === ']') {
      depth--;
      if (depth === 0) return t.text === ')' ? i : -1;
    }
  }
  return -1;
}

/** The label names of a `(a, b)` list at `open`, or undefined when it holds anything else. */
function labelList(
  tokens: readonly Token[],
  open: number,
  close: number,
): string[] | undefined {
  const names: string[] = [];
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i];
    if (t.kind === 'space' || (t.kind === 'punct' && t.text === ',')) continue;
    if (t.kind !== 'ident') return undefined;
    names.push(t.text);
  }
  return names;
}

/**
 * A template rewritten for a group of entities, or undefined when the
 * rewrite could change what the query means for one of them.
 *
 * `labels` are the labels that tell the entities apart, `matchers` what
 * replaces `$selector`, `vector` what replaces `vector(x)` (a function
 * giving one series of value x per entity).
 */
export function batchTemplate(
  template: string,
  labels: readonly string[],
  matchers: string,
  vector: (argument: string) => string,
): string | undefined {
  const tokens = tokenize(template);
  if (!tokens) return undefined;
  const out: string[] = tokens.map(t => t.text);
  const labelSet = new Set(labels);
  const grouping = labels.join(', ');
  /** Closing `)` of the argument lists of aggregations without a prefix clause. */
  const pendingAggregations = new Set<number>();
  let braceDepth = 0;
  let selectorHasPlaceholder = false;
  let sawPlaceholder = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.text === '{') {
        braceDepth++;
        selectorHasPlaceholder = false;
      } else if (t.text === '}') {
        braceDepth--;
        if (!selectorHasPlaceholder) return undefined;
      } else if (t.text === ')' && pendingAggregations.has(i)) {
        const word = tokens[nextIndex(tokens, i + 1)]?.text.toLowerCase();
        // The postfix form `sum(…) by (le)` is handled at its clause.
        if (word !== 'by' && word !== 'without') {
          out[i] = `) by (${grouping})`;
        }
      }
      continue;
    }
    if (t.kind === 'placeholder') {
      if (braceDepth !== 1) return undefined;
      selectorHasPlaceholder = true;
      sawPlaceholder = true;
      out[i] = matchers;
      continue;
    }
    if (t.kind === 'string') {
      // Outside selectors strings are function parameters (label names of
      // label_replace, count_values …): one of the entity labels there may
      // rewrite or clash with it.
      if (braceDepth === 0 && labelSet.has(unquote(t.text) ?? '')) {
        return undefined;
      }
      continue;
    }
    if (t.kind !== 'ident' || braceDepth > 0) continue;

    const lower = t.text.toLowerCase();
    const after = nextIndex(tokens, i + 1);
    const next = tokens[after];
    if (LABEL_LISTS.has(lower)) {
      if (next?.text !== '(') {
        if (lower === 'group_left' || lower === 'group_right') continue;
        return undefined;
      }
      const close = closing(tokens, after);
      const names = close === -1 ? undefined : labelList(tokens, after, close);
      if (!names) return undefined;
      if (lower === 'without' || lower === 'ignoring') {
        if (names.some(n => labelSet.has(n))) return undefined;
      } else if (lower === 'by' || lower === 'on') {
        const missing = labels.filter(l => !names.includes(l));
        if (missing.length > 0) {
          out[close] = `${names.length > 0 ? ', ' : ''}${missing.join(', ')})`;
        }
      }
      i = close;
      continue;
    }
    if (AGGREGATIONS.has(lower)) {
      if (next?.text === '(') {
        const close = closing(tokens, after);
        if (close === -1) return undefined;
        pendingAggregations.add(close);
        continue;
      }
      const word = next?.text.toLowerCase();
      if (word === 'by' || word === 'without') continue;
      return undefined;
    }
    if (next?.text === '(') {
      if (UNBATCHABLE_FUNCTIONS.has(t.text)) return undefined;
      const close = closing(tokens, after);
      if (close === -1) return undefined;
      if (DATE_FUNCTIONS.has(t.text) && nextIndex(tokens, after + 1) === close)
        return undefined;
      if (t.text === 'vector') {
        const inner = tokens.slice(after + 1, close);
        // A constant (or time()): anything else could depend on the entity.
        if (
          inner.some(
            x =>
              x.kind === 'placeholder' ||
              x.kind === 'string' ||
              (x.kind === 'ident' && !['time', 'pi'].includes(x.text)) ||
              (x.kind === 'punct' && ['{', '['].includes(x.text)),
          )
        )
          return undefined;
        const argument = inner.map(x => x.text).join('');
        out[i] = vector(argument);
        for (let j = i + 1; j <= close; j++) out[j] = '';
        i = close;
      }
      continue;
    }
    if (KEYWORDS.has(lower)) continue;
    // A metric name: it must carry the entity's matchers.
    if (next?.text !== '{') return undefined;
  }
  return sawPlaceholder ? out.join('') : undefined;
}

/** The value of a PromQL string literal, or undefined for an escape it does not know. */
export function unquote(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (literal[0] === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (e in simple) {
      out += simple[e];
      continue;
    }
    const hex = (len: number) => {
      const digits = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits)) return undefined;
      i += len;
      return parseInt(digits, 16);
    };
    let code: number | undefined;
    if (e === 'x') code = hex(2);
    else if (e === 'u') code = hex(4);
    else if (e === 'U') code = hex(8);
    else if (/[0-7]/.test(e ?? '')) {
      const digits = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      i += 2;
      code = parseInt(digits, 8);
    }
    if (code === undefined || code > 0x10ffff) return undefined;
    out += String.fromCodePoint(code);
  }
  return out;
}

/** A PromQL double-quoted string literal of the value. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** The value matched literally by a (fully anchored, RE2) regex. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

interface ParsedSelector {
  /** `=` matchers: label → value. */
  equal: Map<string, string>;
  /** Every other matcher, normalised, sorted. */
  other: string[];
}

const MATCHER_PARTS =
  /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*")$/;

/** Splits a normalised selector (`a="x",b=~"y"`) into its matchers. */
function parseSelector(selector: string): ParsedSelector | undefined {
  const parts: string[] = [];
  const literal =
    /\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*/y;
  let at = 0;
  while (at < selector.length) {
    literal.lastIndex = at;
    const m = literal.exec(selector);
    if (!m) return undefined;
    parts.push(m[0].trim());
    at = literal.lastIndex;
    if (at < selector.length) {
      if (selector[at] !== ',') return undefined;
      at++;
    }
  }
  const equal = new Map<string, string>();
  const other: string[] = [];
  for (const part of parts) {
    const m = MATCHER_PARTS.exec(part);
    if (!m) return undefined;
    const [, label, op, literalText] = m;
    if (op === '=' && label !== '__name__') {
      const value = unquote(literalText);
      if (value === undefined || equal.has(label)) return undefined;
      equal.set(label, value);
    } else {
      other.push(`${label}${op}${literalText}`);
    }
  }
  other.sort();
  return { equal, other };
}

/** One series per entity of value `argument`, labelled like the entity's series. */
function labelledVector(
  labels: readonly string[],
  combos: ReadonlyArray<readonly string[]>,
) {
  return (argument: string) =>
    `(${combos
      .map(values =>
        labels.reduce(
          (expr, label, k) =>
            `label_replace(${expr}, ${quote(label)}, ${quote(
              values[k].replace(/\$/g, '$$$$'),
            )}, "", "")`,
          `vector(${argument})`,
        ),
      )
      .join(' or ')})`;
}

/**
 * The range queries of the signals of a neighbourhood: per signal one query
 * for each group of entities that can be asked together, and one per entity
 * for the others (see the module comment).
 */
export function batchSignalQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  entities: readonly EntitySelector[],
  options: BatchOptions = {},
): SignalQuery[] {
  const maxEntities = Math.max(1, options.maxEntities ?? 16);
  const queries: SignalQuery[] = [];
  const single = (entity: EntitySelector, signals?: Set<string>) => {
    for (const q of signalQueries(templates, entity.selector)) {
      if (signals && !signals.has(q.signal)) continue;
      queries.push({
        ...q,
        by: [],
        entities: [{ entityRef: entity.entityRef, values: [] }],
      });
    }
  };

  const groups = new Map<
    string,
    { labels: string[]; other: string[]; members: EntitySelector[] }
  >();
  const parsed = new Map<EntitySelector, ParsedSelector>();
  for (const entity of entities) {
    const selector = parseSelector(entity.selector);
    if (!selector || selector.equal.size === 0) {
      single(entity);
      continue;
    }
    parsed.set(entity, selector);
    const labels = [...selector.equal.keys()].sort();
    const key = JSON.stringify([labels, selector.other]);
    const group = groups.get(key) ?? {
      labels,
      other: selector.other,
      members: [],
    };
    group.members.push(entity);
    groups.set(key, group);
  }

  for (const { labels, other, members } of groups.values()) {
    // Chunks of even size: 50 entities by 16 are 13 + 13 + 12 + 12.
    const count = Math.ceil(members.length / maxEntities);
    for (let c = 0; c < count; c++) {
      const chunk = members.slice(
        Math.round((c * members.length) / count),
        Math.round(((c + 1) * members.length) / count),
      );
      if (chunk.length === 1) {
        single(chunk[0]);
        continue;
      }
      const values = chunk.map(e =>
        labels.map(l => parsed.get(e)!.equal.get(l)!),
      );
      const combos = [
        ...new Map(values.map(v => [JSON.stringify(v), v])).values(),
      ];
      const matchers = [
        ...other,
        ...labels.map((label, k) => {
          const distinct = [...new Set(values.map(v => v[k]))];
          return distinct.length === 1
            ? `${label}=${quote(distinct[0])}`
            : `${label}=~${quote(distinct.map(escapeRegex).join('|'))}`;
        }),
      ].join(',');
      const vector = labelledVector(labels, combos);
      const unbatched = new Set<string>();
      for (const [signal, list] of templates) {
        const rewritten = list.map(t =>
          batchTemplate(t, labels, matchers, vector),
        );
        if (rewritten.some(r => r === undefined)) {
          unbatched.add(signal);
          continue;
        }
        queries.push({
          signal,
          promql: rewritten.map(r => `(${r})`).join(' or '),
          by: labels,
          entities: chunk.map((e, k) => ({
            entityRef: e.entityRef,
            values: values[k],
          })),
        });
      }
      if (unbatched.size > 0) {
        for (const entity of chunk) single(entity, unbatched);
      }
    }
  }
  return queries;
}
