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

/** One pass of batchTemplate over a template's tokens. */
class TemplateRewrite {
  private readonly out: string[];
  private readonly labelSet: Set<string>;
  private readonly grouping: string;
  /** Closing `)` of the argument lists of aggregations without a prefix clause. */
  private readonly pendingAggregations = new Set<number>();
  private braceDepth = 0;
  private selectorHasPlaceholder = false;
  private sawPlaceholder = false;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly labels: readonly string[],
    private readonly matchers: string,
    private readonly vector: (argument: string) => string,
  ) {
    this.out = tokens.map(t => t.text);
    this.labelSet = new Set(labels);
    this.grouping = labels.join(', ');
  }

  run(): string | undefined {
    for (let i = 0; i < this.tokens.length; i++) {
      const last = this.step(i);
      if (last === undefined) return undefined;
      i = last;
    }
    return this.sawPlaceholder ? this.out.join('') : undefined;
  }

  /** Rewrites from token `i` on; the last token handled, or undefined to give up. */
  private step(i: number): number | undefined {
    const t = this.tokens[i];
    switch (t.kind) {
      case 'punct':
        return this.punct(i) ? i : undefined;
      case 'placeholder':
        return this.placeholder(i) ? i : undefined;
      case 'string':
        return this.string(t) ? i : undefined;
      case 'ident':
        return this.braceDepth > 0 ? i : this.ident(i);
      default:
        return i;
    }
  }

  private punct(i: number): boolean {
    const text = this.tokens[i].text;
    if (text === '{') {
      this.braceDepth++;
      this.selectorHasPlaceholder = false;
    } else if (text === '}') {
      this.braceDepth--;
      if (!this.selectorHasPlaceholder) return false;
    } else if (text === ')' && this.pendingAggregations.has(i)) {
      const word =
        this.tokens[nextIndex(this.tokens, i + 1)]?.text.toLowerCase();
      // The postfix form `sum(…) by (le)` is handled at its clause.
      if (word !== 'by' && word !== 'without') {
        this.out[i] = `) by (${this.grouping})`;
      }
    }
    return true;
  }

  private placeholder(i: number): boolean {
    if (this.braceDepth !== 1) return false;
    this.selectorHasPlaceholder = true;
    this.sawPlaceholder = true;
    this.out[i] = this.matchers;
    return true;
  }

  /**
   * Outside selectors strings are function parameters (label names of
   * label_replace, count_values …): one of the entity labels there may
   * rewrite or clash with it.
   */
  private string(t: Token): boolean {
    return !(this.braceDepth === 0 && this.labelSet.has(unquote(t.text) ?? ''));
  }

  private ident(i: number): number | undefined {
    const lower = this.tokens[i].text.toLowerCase();
    const after = nextIndex(this.tokens, i + 1);
    const next = this.tokens[after];
    if (LABEL_LISTS.has(lower)) return this.labelClause(i, lower, after);
    if (AGGREGATIONS.has(lower)) return this.aggregation(i, after);
    if (next?.text === '(') return this.functionCall(i, after);
    if (KEYWORDS.has(lower)) return i;
    // A metric name: it must carry the entity's matchers.
    return next?.text === '{' ? i : undefined;
  }

  /** `by (…)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left`/`group_right`. */
  private labelClause(
    i: number,
    lower: string,
    after: number,
  ): number | undefined {
    if (this.tokens[after]?.text !== '(') {
      return lower === 'group_left' || lower === 'group_right' ? i : undefined;
    }
    const close = closing(this.tokens, after);
    const names =
      close === -1 ? undefined : labelList(this.tokens, after, close);
    if (!names) return undefined;
    if (lower === 'without' || lower === 'ignoring') {
      return names.some(n => this.labelSet.has(n)) ? undefined : close;
    }
    if (lower === 'by' || lower === 'on') {
      const missing = this.labels.filter(l => !names.includes(l));
      if (missing.length > 0) {
        this.out[close] = `${names.length > 0 ? ', ' : ''}${missing.join(
          ', ',
        )})`;
      }
    }
    return close;
  }

  private aggregation(i: number, after: number): number | undefined {
    const next = this.tokens[after];
    if (next?.text === '(') {
      const close = closing(this.tokens, after);
      if (close === -1) return undefined;
      this.pendingAggregations.add(close);
      return i;
    }
    const word = next?.text.toLowerCase();
    return word === 'by' || word === 'without' ? i : undefined;
  }

  private functionCall(i: number, after: number): number | undefined {
    const name = this.tokens[i].text;
    if (UNBATCHABLE_FUNCTIONS.has(name)) return undefined;
    const close = closing(this.tokens, after);
    if (close === -1) return undefined;
    if (DATE_FUNCTIONS.has(name) && nextIndex(this.tokens, after + 1) === close)
      return undefined;
    if (name !== 'vector') return i;
    const inner = this.tokens.slice(after + 1, close);
    // A constant (or time()): anything else could depend on the entity.
    const constant = !inner.some(
      x =>
        x.kind === 'placeholder' ||
        x.kind === 'string' ||
        (x.kind === 'ident' && !['time', 'pi'].includes(x.text)) ||
        (x.kind === 'punct' && ['{', '['].includes(x.text)),
    );
    if (!constant) return undefined;
    this.out[i] = this.vector(inner.map(x => x.text).join(''));
    for (let j = i + 1; j <= close; j++) this.out[j] = '';
    return close;
  }
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
  return new TemplateRewrite(tokens, labels, matchers, vector).run();
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
  const { groups, alone } = groupBySelectorShape(entities);
  const queries = alone.flatMap(e => singleQueries(templates, e));
  for (const group of groups.values()) {
    for (const chunk of evenChunks(group.members, maxEntities)) {
      queries.push(...chunkQueries(templates, group, chunk));
    }
  }
  return queries;
}

/** An entity parsed, and the entities whose selectors share its shape. */
interface ShapeGroup {
  labels: string[];
  other: string[];
  members: Array<{ entity: EntitySelector; selector: ParsedSelector }>;
}

/** Entities by the shape of their selectors; those with no `=` matcher alone. */
function groupBySelectorShape(entities: readonly EntitySelector[]) {
  const groups = new Map<string, ShapeGroup>();
  const alone: EntitySelector[] = [];
  for (const entity of entities) {
    const selector = parseSelector(entity.selector);
    if (!selector || selector.equal.size === 0) {
      alone.push(entity);
      continue;
    }
    const labels = [...selector.equal.keys()].sort();
    const key = JSON.stringify([labels, selector.other]);
    const group = groups.get(key) ?? {
      labels,
      other: selector.other,
      members: [],
    };
    group.members.push({ entity, selector });
    groups.set(key, group);
  }
  return { groups, alone };
}

/** Chunks of even size: 50 entities by 16 are 13 + 13 + 12 + 12. */
function evenChunks<T>(items: readonly T[], most: number): T[][] {
  const count = Math.ceil(items.length / most);
  return Array.from({ length: count }, (_, c) =>
    items.slice(
      Math.round((c * items.length) / count),
      Math.round(((c + 1) * items.length) / count),
    ),
  );
}

/** The per-entity queries of one entity, for the signals given (default all). */
function singleQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  entity: EntitySelector,
  signals?: ReadonlySet<string>,
): SignalQuery[] {
  return signalQueries(templates, entity.selector)
    .filter(q => !signals || signals.has(q.signal))
    .map(q => ({
      ...q,
      by: [],
      entities: [{ entityRef: entity.entityRef, values: [] }],
    }));
}

/**
 * The queries of one chunk of entities of the same shape: one per signal,
 * and per entity for the signals whose templates cannot be batched.
 */
function chunkQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  { labels, other }: ShapeGroup,
  chunk: ShapeGroup['members'],
): SignalQuery[] {
  if (chunk.length === 1) return singleQueries(templates, chunk[0].entity);
  const values = chunk.map(m => labels.map(l => m.selector.equal.get(l)!));
  const matchers = chunkMatchers(labels, other, values);
  const combos = [...new Map(values.map(v => [JSON.stringify(v), v])).values()];
  const vector = labelledVector(labels, combos);
  const queries: SignalQuery[] = [];
  const unbatched = new Set<string>();
  for (const [signal, list] of templates) {
    const rewritten = list.map(t => batchTemplate(t, labels, matchers, vector));
    if (rewritten.some(r => r === undefined)) {
      unbatched.add(signal);
      continue;
    }
    queries.push({
      signal,
      promql: rewritten.map(r => `(${r})`).join(' or '),
      by: labels,
      entities: chunk.map((m, k) => ({
        entityRef: m.entity.entityRef,
        values: values[k],
      })),
    });
  }
  if (unbatched.size === 0) return queries;
  return queries.concat(
    chunk.flatMap(m => singleQueries(templates, m.entity, unbatched)),
  );
}

/** The shared matchers and, per label, one value or a regex of all of them. */
function chunkMatchers(
  labels: readonly string[],
  other: readonly string[],
  values: readonly string[][],
): string {
  return [
    ...other,
    ...labels.map((label, k) => {
      const distinct = [...new Set(values.map(v => v[k]))];
      return distinct.length === 1
        ? `${label}=${quote(distinct[0])}`
        : `${label}=~${quote(distinct.map(escapeRegex).join('|'))}`;
    }),
  ].join(',');
}
