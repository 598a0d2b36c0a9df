import { unquote } from './promqlLiterals';
import {
  closing,
  labelList,
  nextIndex,
  tokenize,
  type Token,
} from './promqlTokens';
import {
  AGGREGATIONS,
  DATE_FUNCTIONS,
  KEYWORDS,
  LABEL_LISTS,
  UNBATCHABLE_FUNCTIONS,
} from './promqlWords';

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
