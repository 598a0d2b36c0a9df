/**
 * The PromQL words batchTemplate must recognise to decide whether a template
 * keeps its meaning once it asks for several entities at a time.
 */
export const AGGREGATIONS = new Set([
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
export const UNBATCHABLE_FUNCTIONS = new Set([
  'scalar',
  'absent',
  'absent_over_time',
  'info',
]);

/** Date functions read `vector(time())` when called without an argument. */
export const DATE_FUNCTIONS = new Set([
  'minute',
  'hour',
  'day_of_week',
  'day_of_month',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
]);

export const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'inf',
  'nan',
]);

export const LABEL_LISTS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);
