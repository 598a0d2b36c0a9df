import { z } from 'zod';

/** The JSON Schema keywords the converter understands; anything else is ignored. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literalUnion(values: unknown[]): z.ZodTypeAny {
  const literals = values.map(v =>
    v === null ? z.null() : z.literal(v as z.Primitive),
  );
  if (literals.length === 0) return z.never();
  if (literals.length === 1) return literals[0];
  return z.union(
    literals as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]],
  );
}

function union(schemas: z.ZodTypeAny[]): z.ZodTypeAny {
  if (schemas.length === 1) return schemas[0];
  return z.union(
    schemas as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]],
  );
}

function stringSchema(schema: JsonSchema): z.ZodTypeAny {
  let s = z.string();
  if (typeof schema.minLength === 'number') s = s.min(schema.minLength);
  if (typeof schema.maxLength === 'number') s = s.max(schema.maxLength);
  if (typeof schema.pattern === 'string') {
    try {
      s = s.regex(new RegExp(schema.pattern, 'u'));
    } catch {
      // A pattern JavaScript cannot compile is left to the server to enforce.
    }
  }
  return s;
}

function numberSchema(schema: JsonSchema, integer: boolean): z.ZodTypeAny {
  let n = z.number();
  if (integer) n = n.int();
  if (typeof schema.minimum === 'number') n = n.gte(schema.minimum);
  if (typeof schema.maximum === 'number') n = n.lte(schema.maximum);
  if (typeof schema.exclusiveMinimum === 'number') {
    n = n.gt(schema.exclusiveMinimum);
  }
  if (typeof schema.exclusiveMaximum === 'number') {
    n = n.lt(schema.exclusiveMaximum);
  }
  return n;
}

function arraySchema(schema: JsonSchema): z.ZodTypeAny {
  let a = z.array(isSchema(schema.items) ? convert(schema.items) : z.any());
  if (typeof schema.minItems === 'number') a = a.min(schema.minItems);
  if (typeof schema.maxItems === 'number') a = a.max(schema.maxItems);
  return a;
}

function objectSchema(schema: JsonSchema): z.ZodTypeAny {
  const required = new Set(
    Array.isArray(schema.required) ? schema.required : [],
  );
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const converted = isSchema(property) ? convert(property) : z.any();
    shape[key] = required.has(key) ? converted : converted.optional();
  }
  // A required key without a declared property must still be present.
  for (const key of required) {
    if (!(key in shape)) {
      shape[key] = z.any().refine(v => v !== undefined, 'Required');
    }
  }
  const object = z.object(shape);
  if (schema.additionalProperties === false) return object.strict();
  if (isSchema(schema.additionalProperties)) {
    return object.catchall(convert(schema.additionalProperties));
  }
  return object.passthrough();
}

function typed(type: string, schema: JsonSchema): z.ZodTypeAny {
  switch (type) {
    case 'object':
      return objectSchema(schema);
    case 'string':
      return stringSchema(schema);
    case 'number':
      return numberSchema(schema, false);
    case 'integer':
      return numberSchema(schema, true);
    case 'boolean':
      return z.boolean();
    case 'array':
      return arraySchema(schema);
    case 'null':
      return z.null();
    default:
      return z.any();
  }
}

function convert(schema: JsonSchema): z.ZodTypeAny {
  let result: z.ZodTypeAny;
  if (Array.isArray(schema.enum)) {
    result = literalUnion(schema.enum);
  } else if ('const' in schema) {
    result = literalUnion([schema.const]);
  } else if (Array.isArray(schema.anyOf ?? schema.oneOf)) {
    const options = (schema.anyOf ?? schema.oneOf)!.filter(isSchema);
    result = options.length ? union(options.map(convert)) : z.any();
  } else if (Array.isArray(schema.type)) {
    result = schema.type.length
      ? union(schema.type.map(t => typed(t, schema)))
      : z.any();
  } else if (typeof schema.type === 'string') {
    result = typed(schema.type, schema);
  } else if (isSchema(schema.properties)) {
    // `type` left out but properties given: treat as an object.
    result = objectSchema(schema);
  } else {
    result = z.any();
  }
  return typeof schema.description === 'string'
    ? result.describe(schema.description)
    : result;
}

/**
 * A zod schema from a tool's JSON Schema `inputSchema`: objects (properties,
 * required, additionalProperties), string, number, integer, boolean, null,
 * arrays, enum/const, anyOf/oneOf and type unions, with the common length and
 * range limits. Anything else (`$ref`, `allOf`, formats) accepts any value, so
 * the server stays the final judge of what it does not describe here.
 */
export function jsonSchemaToZod(schema: unknown): z.ZodTypeAny {
  return isSchema(schema) ? convert(schema) : z.any();
}
