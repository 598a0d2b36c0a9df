import type { Config } from '@backstage/config';
import { z } from 'zod';

export interface ParamSpec {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  required: boolean;
  pattern?: string;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

const TYPES = ['string', 'integer', 'number', 'boolean'] as const;

function readSpec(config: Config, where: string): ParamSpec {
  const type = (config.getOptionalString('type') ??
    'string') as ParamSpec['type'];
  if (!TYPES.includes(type)) {
    throw new Error(`${where}.type must be one of ${TYPES.join(', ')}`);
  }
  const pattern = config.getOptionalString('pattern');
  if (pattern !== undefined) {
    try {
      RegExp(pattern);
    } catch (error) {
      throw new Error(`${where}.pattern: ${(error as Error).message}`);
    }
  }
  return {
    type,
    description: config.getOptionalString('description'),
    required: config.getOptionalBoolean('required') ?? true,
    pattern,
    enum: config.getOptionalStringArray('enum'),
    maxLength: config.getOptionalNumber('maxLength'),
    minimum: config.getOptionalNumber('minimum'),
    maximum: config.getOptionalNumber('maximum'),
  };
}

export function readParamSpecs(
  config: Config | undefined,
  where: string,
): Record<string, ParamSpec> {
  const specs: Record<string, ParamSpec> = {};
  for (const name of config?.keys() ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === 'target') {
      throw new Error(
        `${where}.params: '${name}' is not a usable parameter name`,
      );
    }
    specs[name] = readSpec(config!.getConfig(name), `${where}.params.${name}`);
  }
  return specs;
}

/** A string never starts with '-': a value must not turn into an option. */
function stringSchema(spec: ParamSpec): z.ZodTypeAny {
  if (spec.enum) return z.enum(spec.enum as [string, ...string[]]);
  let schema: z.ZodTypeAny = z
    .string()
    .min(1)
    .max(spec.maxLength ?? 4096)
    .refine(v => !v.startsWith('-'), 'must not start with "-"')
    .refine(v => !v.includes('\0'), 'must not contain NUL');
  if (spec.pattern) {
    const full = new RegExp(`^(?:${spec.pattern})$`);
    schema = schema.refine(v => full.test(v), `must match ${spec.pattern}`);
  }
  return schema;
}

function numberSchema(spec: ParamSpec): z.ZodTypeAny {
  let schema = spec.type === 'integer' ? z.number().int() : z.number().finite();
  if (spec.minimum !== undefined) schema = schema.min(spec.minimum);
  if (spec.maximum !== undefined) schema = schema.max(spec.maximum);
  return schema;
}

/** The strict zod schema of a command's parameters. */
export function paramsSchemaOf(specs: Record<string, ParamSpec>) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [name, spec] of Object.entries(specs)) {
    let schema: z.ZodTypeAny;
    if (spec.type === 'boolean') schema = z.boolean();
    else if (spec.type === 'string') schema = stringSchema(spec);
    else schema = numberSchema(spec);
    if (spec.description) schema = schema.describe(spec.description);
    shape[name] = spec.required ? schema : schema.optional();
  }
  return z.object(shape).strict();
}
