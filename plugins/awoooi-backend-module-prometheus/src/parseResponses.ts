import type {
  PromRule,
  PromSample,
  PromSeries,
} from '@awoooi/plugin-awoooi-node';

/** A sample value as Prometheus encodes it: a string, including "NaN" and "+Inf". */
function sampleValue(raw: unknown): number {
  if (typeof raw !== 'string')
    throw new Error(`sample value ${String(raw)} is not a string`);
  return Number(raw);
}

function pair(raw: unknown): { timestamp: number; value: number } {
  if (!Array.isArray(raw) || raw.length !== 2)
    throw new Error('sample is not a [time, value] pair');
  return { timestamp: Number(raw[0]), value: sampleValue(raw[1]) };
}

/** The `data` of an instant query as samples; a scalar becomes one unlabelled sample. */
export function parseInstantData(data: any): PromSample[] {
  switch (data?.resultType) {
    case 'vector':
      return (data.result as any[]).map(r => ({
        labels: r.metric ?? {},
        ...pair(r.value),
      }));
    case 'scalar':
      return [{ labels: {}, ...pair(data.result) }];
    case 'matrix':
      throw new Error(
        'an instant query returned a range vector; query a single point, e.g. wrap it in last_over_time()',
      );
    default:
      throw new Error(`unsupported resultType ${String(data?.resultType)}`);
  }
}

/** The `data` of a range query as series. */
export function parseRangeData(data: any): PromSeries[] {
  if (data?.resultType !== 'matrix') {
    throw new Error(
      `a range query returned resultType ${String(
        data?.resultType,
      )}, not matrix`,
    );
  }
  return (data.result as any[]).map(r => ({
    labels: r.metric ?? {},
    values: (r.values as unknown[]).map(pair),
  }));
}

/** The `data` of `/api/v1/rules`: every rule of every group, flattened. */
export function parseRulesData(data: any): PromRule[] {
  if (!Array.isArray(data?.groups))
    throw new Error('rules answer has no groups');
  const rules: PromRule[] = [];
  for (const group of data.groups as any[]) {
    for (const rule of (group.rules ?? []) as any[]) {
      rules.push({
        name: String(rule.name),
        group: String(group.name),
        file: String(group.file ?? ''),
        type: rule.type === 'recording' ? 'recording' : 'alerting',
        query: String(rule.query ?? ''),
        duration: Number(rule.duration ?? 0),
        labels: rule.labels ?? {},
        annotations: rule.annotations ?? {},
        health: String(rule.health ?? 'unknown'),
        ...(rule.lastError ? { lastError: String(rule.lastError) } : {}),
        ...(rule.lastEvaluation
          ? { lastEvaluation: String(rule.lastEvaluation) }
          : {}),
        ...(rule.state ? { state: String(rule.state) } : {}),
      });
    }
  }
  return rules;
}
