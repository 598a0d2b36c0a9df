import { buildBrainPrompt } from './prompt';
import {
  labelledBrainInput,
  PRIVACY_LABELS,
  RAW_PII_VALUES,
} from './testing/labelledBrainInput';

describe('buildBrainPrompt', () => {
  const input = labelledBrainInput();
  const prompt = buildBrainPrompt(input);
  const all = `${prompt.system}\n${prompt.user}`;

  it('asks for one JSON object with the remediation fields', () => {
    expect(prompt.system).toContain('single JSON object');
    for (const field of [
      'narrative',
      'action',
      'target',
      'entityRef',
      'params',
      'risk',
      'title',
      'rationale',
    ]) {
      expect(prompt.system).toContain(`"${field}"`);
    }
  });

  it('restricts actions to the available ones and names them', () => {
    expect(prompt.system).toMatch(
      /exactly one of the names in "availableActions"/,
    );
    for (const action of input.availableActions) {
      expect(prompt.user).toContain(`"name": "${action.name}"`);
    }
  });

  it('lists the targets each entity may be acted on, and binds the answer to them', () => {
    const bound = buildBrainPrompt({
      ...input,
      targets: [
        {
          entityRef: 'component:default/order-api',
          targets: ['deployment/prod/order-api'],
        },
      ],
    });
    expect(bound.system).toMatch(
      /one of the targets listed for that entityRef/,
    );
    const json = JSON.parse(bound.user.slice(bound.user.indexOf('{')));
    expect(json.targets).toEqual([
      {
        entityRef: 'component:default/order-api',
        targets: ['deployment/prod/order-api'],
      },
    ]);
  });

  it('gives the ranked causes, blast radius, alerts and cost', () => {
    expect(prompt.user).toContain('resource:default/orders-db');
    expect(prompt.user).toContain('component:default/checkout');
    expect(prompt.user).toContain('HighErrorRate');
    expect(prompt.user).toContain('"costPerHour": 1200');
    expect(prompt.user).toContain('Restart order-api');
  });

  it('keeps privacy labels and tells the model to copy them', () => {
    expect(prompt.system).toMatch(/\[IP_1\].*privacy labels/);
    for (const label of PRIVACY_LABELS) expect(prompt.user).toContain(label);
    for (const raw of RAW_PII_VALUES) expect(all).not.toContain(raw);
  });

  it('is valid JSON after the instruction line', () => {
    const json = prompt.user.slice(prompt.user.indexOf('{'));
    expect(JSON.parse(json).incident.id).toBe('inc-0001');
  });
});
