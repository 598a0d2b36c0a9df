import { badRequest } from './errors';

/** `metadata.labels`-style selector object of workloads and budgets. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside `( … )`. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

const KEY = '([A-Za-z0-9][A-Za-z0-9_./-]*)';
const VALUE = '([A-Za-z0-9_.-]*)';
const SET_TERM = new RegExp(`^${KEY}\\s+(in|notin)\\s+\\(([^()]*)\\)$`);
const NOT_EQUAL_TERM = new RegExp(`^${KEY}\\s*!=\\s*${VALUE}$`);
const EQUAL_TERM = new RegExp(`^${KEY}\\s*==?\\s*${VALUE}$`);
const ABSENT_TERM = new RegExp(`^!\\s*${KEY}$`);
const PRESENT_TERM = new RegExp(`^${KEY}$`);

function parseTerm(term: string): Requirement {
  const set = SET_TERM.exec(term);
  if (set) {
    const [, key, op, list] = set;
    const values = list.split(',').map(v => v.trim());
    return op === 'in'
      ? labels => key in labels && values.includes(labels[key])
      : labels => !(key in labels) || !values.includes(labels[key]);
  }
  const notEqual = NOT_EQUAL_TERM.exec(term);
  if (notEqual) {
    const [, key, value] = notEqual;
    return labels => labels[key] !== value;
  }
  const equal = EQUAL_TERM.exec(term);
  if (equal) {
    const [, key, value] = equal;
    return labels => labels[key] === value;
  }
  const absent = ABSENT_TERM.exec(term);
  if (absent) return labels => !(absent[1] in labels);
  const present = PRESENT_TERM.exec(term);
  if (present) return labels => present[1] in labels;
  throw badRequest(`unable to parse requirement: '${term}'`);
}

/** Parses a `labelSelector` query (`a=b,c!=d,e in (x,y),!f`) into a predicate. */
export function parseLabelSelector(
  selector: string | undefined,
): (labels: Record<string, string> | undefined) => boolean {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map(parseTerm);
  return labels => requirements.every(r => r(labels ?? {}));
}

/** True when `labels` satisfy a selector object; an empty selector selects all. */
export function matchesLabelSelector(
  selector: LabelSelectorObject | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (actual[key] !== value) return false;
  }
  for (const expr of selector?.matchExpressions ?? []) {
    const has = expr.key in actual;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(actual[expr.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(actual[expr.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `a=b,c=d` form of a selector object (for `Scale.status.selector`). */
export function formatLabelSelector(selector: LabelSelectorObject | undefined) {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const expr of selector?.matchExpressions ?? []) {
    const values = (expr.values ?? []).join(',');
    if (expr.operator === 'In') terms.push(`${expr.key} in (${values})`);
    if (expr.operator === 'NotIn') terms.push(`${expr.key} notin (${values})`);
    if (expr.operator === 'Exists') terms.push(expr.key);
    if (expr.operator === 'DoesNotExist') terms.push(`!${expr.key}`);
  }
  return terms.join(',');
}

function valueAtPath(obj: unknown, path: string): string {
  let node: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return '';
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined || node === null ? '' : String(node);
}

/** Parses a `fieldSelector` (`spec.nodeName=n1,status.phase!=Running`). */
export function parseFieldSelector(
  selector: string | undefined,
): (obj: unknown) => boolean {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map(term => {
    const match = term.match(/^([A-Za-z0-9_.]+)\s*(!=|==|=)\s*(.*)$/);
    if (!match) throw badRequest(`invalid field selector: '${term}'`);
    const [, path, op, value] = match;
    return (obj: unknown) =>
      op === '!='
        ? valueAtPath(obj, path) !== value
        : valueAtPath(obj, path) === value;
  });
  return obj => requirements.every(r => r(obj));
}
