import { jsonSchemaToZod } from './jsonSchemaToZod';

const ok = (schema: unknown, value: unknown) =>
  jsonSchemaToZod(schema).safeParse(value).success;

describe('jsonSchemaToZod', () => {
  const tool = {
    type: 'object',
    properties: {
      service: { type: 'string', minLength: 1, description: 'Service name' },
      replicas: { type: 'integer', minimum: 0, maximum: 10 },
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      dryRun: { type: 'boolean' },
      mode: { type: 'string', enum: ['fast', 'safe'] },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
      extra: { $ref: '#/definitions/whatever' },
    },
    required: ['service', 'replicas'],
  };

  it('accepts arguments that match', () => {
    expect(ok(tool, { service: 'web', replicas: 3 })).toBe(true);
    expect(
      ok(tool, {
        service: 'web',
        replicas: 0,
        ratio: 0.5,
        dryRun: true,
        mode: 'safe',
        tags: ['a', 'b'],
        extra: { anything: [1] },
        unknownKey: 'kept for the server to judge',
      }),
    ).toBe(true);
  });

  it.each([
    ['a missing required property', { replicas: 3 }],
    ['a wrong type', { service: 'web', replicas: '3' }],
    ['a non-integer', { service: 'web', replicas: 1.5 }],
    ['a value above maximum', { service: 'web', replicas: 11 }],
    ['a value below minimum', { service: 'web', replicas: -1 }],
    ['an empty string under minLength', { service: '', replicas: 1 }],
    ['a value outside the enum', { service: 'web', replicas: 1, mode: 'slow' }],
    ['a wrong item type', { service: 'web', replicas: 1, tags: [1] }],
    ['too many items', { service: 'web', replicas: 1, tags: ['a', 'b', 'c'] }],
    ['an exclusive bound', { service: 'web', replicas: 1, ratio: 1 }],
    ['a non-boolean', { service: 'web', replicas: 1, dryRun: 'yes' }],
    ['not an object', 'web'],
  ])('rejects %s', (_, value) => {
    expect(ok(tool, value)).toBe(false);
  });

  it('names the failing path', () => {
    const result = jsonSchemaToZod(tool).safeParse({
      service: 'web',
      replicas: 20,
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['replicas']);
  });

  it('keeps descriptions', () => {
    const schema = jsonSchemaToZod(tool) as any;
    expect(schema.shape.service.description).toBe('Service name');
  });

  it('honours additionalProperties', () => {
    const closed = {
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    };
    expect(ok(closed, { a: 'x' })).toBe(true);
    expect(ok(closed, { a: 'x', b: 1 })).toBe(false);
    const typedExtra = {
      type: 'object',
      additionalProperties: { type: 'number' },
    };
    expect(ok(typedExtra, { x: 1 })).toBe(true);
    expect(ok(typedExtra, { x: 'one' })).toBe(false);
  });

  it('requires a required key even without a declared property', () => {
    const schema = { type: 'object', required: ['id'] };
    expect(ok(schema, { id: 0 })).toBe(true);
    expect(ok(schema, {})).toBe(false);
  });

  it('handles enums of any type, const, type unions and anyOf', () => {
    expect(ok({ enum: [1, 'two', null] }, null)).toBe(true);
    expect(ok({ enum: [1, 'two', null] }, 2)).toBe(false);
    expect(ok({ const: 'yes' }, 'yes')).toBe(true);
    expect(ok({ const: 'yes' }, 'no')).toBe(false);
    expect(ok({ type: ['string', 'null'] }, null)).toBe(true);
    expect(ok({ type: ['string', 'null'] }, 3)).toBe(false);
    const anyOf = {
      anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[a-z]+$' }],
    };
    expect(ok(anyOf, 4)).toBe(true);
    expect(ok(anyOf, 'abc')).toBe(true);
    expect(ok(anyOf, 'ABC')).toBe(false);
  });

  it('checks nested objects in arrays', () => {
    const schema = {
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: { port: { type: 'integer' } },
            required: ['port'],
          },
        },
      },
    };
    expect(ok(schema, { ports: [{ port: 80 }] })).toBe(true);
    expect(ok(schema, { ports: [{}] })).toBe(false);
  });

  it('reads an object without type from its properties', () => {
    const schema = { properties: { a: { type: 'string' } }, required: ['a'] };
    expect(ok(schema, { a: 'x' })).toBe(true);
    expect(ok(schema, {})).toBe(false);
  });

  it('accepts anything it does not understand', () => {
    expect(ok({ allOf: [{ type: 'string' }] }, 42)).toBe(true);
    expect(ok({ type: 'tuple' }, [1])).toBe(true);
    expect(ok(undefined, { a: 1 })).toBe(true);
    expect(ok({ type: 'string', pattern: '(?<' }, 'still a string')).toBe(true);
  });
});
