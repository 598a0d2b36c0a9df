import { parseBrainAnswer } from './parseBrainAnswer';
import {
  labelledBrainInput,
  labelledModelAnswer,
} from './testing/labelledBrainInput';

const input = labelledBrainInput();

function answer(remediations: unknown[], narrative = 'orders-db is down') {
  return JSON.stringify({ narrative, remediations });
}

const failover = {
  action: 'failover_database',
  target: 'cluster/prod/orders-db',
  entityRef: 'resource:default/orders-db',
  params: { reason: 'pool exhausted' },
  risk: 'HIGH',
  title: 'Fail over orders-db',
  rationale: 'primary is saturated',
};

function accepted(text: string) {
  const result = parseBrainAnswer(text, input);
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.output;
}

describe('parseBrainAnswer', () => {
  it('accepts a valid answer, raising its understated risk to the base risk', () => {
    const output = accepted(labelledModelAnswer());
    expect(output.narrative).toContain('[IP_1]');
    expect(output.remediations).toEqual([
      {
        action: 'failover_database',
        target: 'cluster/prod/orders-db',
        entityRef: 'resource:default/orders-db',
        params: { reason: 'connection pool exhausted' },
        risk: 'HIGH',
        title: 'Fail over orders-db',
        rationale: 'The primary rejects new connections.',
      },
    ]);
    expect(output.notes).toEqual([]);
  });

  it('reads JSON inside a ```json fence', () => {
    const output = accepted(
      `Here is my analysis:\n\`\`\`json\n${answer([
        failover,
      ])}\n\`\`\`\nHope it helps.`,
    );
    expect(output.remediations.map(r => r.action)).toEqual([
      'failover_database',
    ]);
  });

  it('reads JSON wrapped in prose, with braces inside strings', () => {
    const output = accepted(
      `Sure! {not json} The answer is ${answer(
        [failover],
        'pool {exhausted} "quoted"',
      )} — done.`,
    );
    expect(output.narrative).toBe('pool {exhausted} "quoted"');
    expect(output.remediations).toHaveLength(1);
  });

  it('rejects text with no JSON object', () => {
    expect(parseBrainAnswer('I think the database is down.', input)).toEqual({
      ok: false,
      error: 'no JSON object in the answer',
    });
  });

  it('rejects truncated JSON', () => {
    const text = answer([failover]);
    expect(parseBrainAnswer(text.slice(0, text.length - 5), input).ok).toBe(
      false,
    );
  });

  it('rejects an answer without a narrative', () => {
    const result = parseBrainAnswer(
      JSON.stringify({ remediations: [failover] }),
      input,
    );
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('narrative'),
    });
  });

  it('drops a remediation whose action is not available and keeps the baseline when none is left', () => {
    const output = accepted(answer([{ ...failover, action: 'drop_database' }]));
    expect(output.remediations).toEqual(input.baseline.remediations);
    expect(output.notes).toEqual([
      "dropped remediation 'drop_database': action not available",
      'no model remediation was usable; deterministic remediations kept',
    ]);
  });

  it('drops a remediation on an entity outside the incident', () => {
    const output = accepted(
      answer([
        { ...failover, entityRef: 'resource:default/billing-db' },
        { ...failover, entityRef: 'Resource:default/Orders-DB' },
      ]),
    );
    expect(output.remediations).toHaveLength(1);
    // the input's spelling of the ref is used
    expect(output.remediations[0].entityRef).toBe('resource:default/orders-db');
    expect(output.notes).toEqual([
      "dropped remediation 'failover_database': entity 'resource:default/billing-db' is not part of the incident",
    ]);
  });

  it('drops a remediation whose target is not a workload of its entity', () => {
    const bound = {
      ...input,
      targets: [
        {
          entityRef: 'component:default/order-api',
          targets: ['deployment/prod/order-api'],
        },
        {
          entityRef: 'resource:default/orders-db',
          targets: ['cluster/prod/orders-db'],
        },
      ],
    };
    const scale = {
      action: 'scale_deployment',
      entityRef: 'component:default/order-api',
      params: { replicas: 0 },
    };
    const result = parseBrainAnswer(
      answer([
        // what an alert annotation asked for: a system workload
        { ...scale, target: 'deployment/kube-system/coredns' },
        // the database's target shown under the alerting entity
        { ...scale, target: 'cluster/prod/orders-db' },
        { ...scale, target: 'deployment/prod/order-api' },
        failover,
      ]),
      bound,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.output.remediations.map(r => r.target)).toEqual([
      'deployment/prod/order-api',
      'cluster/prod/orders-db',
    ]);
    expect(result.output.notes).toEqual([
      "dropped remediation 'scale_deployment': target 'deployment/kube-system/coredns' is not a workload of component:default/order-api",
      "dropped remediation 'scale_deployment': target 'cluster/prod/orders-db' is not a workload of component:default/order-api",
    ]);
  });

  it('never lets the model lower the base risk of an action', () => {
    const output = accepted(
      answer([
        { ...failover, risk: 'LOW' },
        {
          action: 'restart_deployment',
          target: 'deployment/prod/order-api',
          entityRef: 'component:default/order-api',
          risk: 'critical',
          title: 'Restart order-api',
        },
        {
          action: 'scale_deployment',
          target: 'deployment/prod/checkout',
          entityRef: 'component:default/checkout',
          params: { replicas: 6 },
          title: 'Scale checkout',
        },
      ]),
    );
    expect(output.remediations.map(r => [r.action, r.risk])).toEqual([
      ['failover_database', 'HIGH'],
      ['restart_deployment', 'CRITICAL'],
      ['scale_deployment', 'MEDIUM'],
    ]);
  });

  it('treats an action with an unreadable base risk as CRITICAL', () => {
    const result = parseBrainAnswer(answer([{ ...failover, risk: 'LOW' }]), {
      ...input,
      availableActions: [
        { name: 'failover_database', description: '', risk: 'spicy' },
      ],
    });
    expect(result.ok && result.output.remediations[0].risk).toBe('CRITICAL');
  });

  it('keeps the baseline remediations when the model proposes none', () => {
    const output = accepted(answer([]));
    expect(output.narrative).toBe('orders-db is down');
    expect(output.remediations).toEqual(input.baseline.remediations);
    expect(output.notes).toEqual([
      'model proposed no remediation; deterministic remediations kept',
    ]);
  });

  it('drops malformed remediations and fills optional fields', () => {
    const output = accepted(
      answer([
        { action: 'failover_database' },
        {
          action: 'restart_deployment',
          target: 'deployment/prod/order-api',
          entityRef: 'component:default/order-api',
          params: null,
        },
      ]),
    );
    expect(output.remediations).toEqual([
      {
        action: 'restart_deployment',
        target: 'deployment/prod/order-api',
        entityRef: 'component:default/order-api',
        params: {},
        risk: 'MEDIUM',
        title: 'restart_deployment deployment/prod/order-api',
        rationale: '',
      },
    ]);
    expect(output.notes).toEqual([
      expect.stringMatching(/^dropped remediation 1: target: Required/),
    ]);
  });

  it('rejects an invalid risk level in a remediation', () => {
    const output = accepted(answer([{ ...failover, risk: 'EXTREME' }]));
    expect(output.remediations).toEqual(input.baseline.remediations);
    expect(output.notes?.[0]).toMatch(/^dropped remediation 1: risk:/);
  });

  it('drops duplicate remediations', () => {
    const output = accepted(answer([failover, failover]));
    expect(output.remediations).toHaveLength(1);
  });
});
