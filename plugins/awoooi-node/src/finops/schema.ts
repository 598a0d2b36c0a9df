import { describeZodError } from '../validation/describeZodError';
import { z } from 'zod';
import type { FinOpsInput, FinOpsPrices } from './types';

const name = z.string().min(1);
const amount = z.number().finite().nonnegative();

export const finOpsPvcSchema = z
  .object({
    namespace: name,
    name,
    storageGi: amount,
    storageClass: z.string(),
    boundToPod: z.boolean(),
    entityRef: name.optional(),
  })
  .strict();

export const finOpsPodSchema = z
  .object({
    namespace: name,
    name,
    owner: name.nullable(),
    cpuRequestCores: amount,
    memoryRequestGi: amount,
    dailyCpuCores: z.array(amount),
    dailyMemoryGi: z.array(amount),
    entityRef: name.optional(),
    nodeName: name.optional(),
  })
  .strict();

export const finOpsNodeSchema = z
  .object({
    name,
    nodeType: name,
    allocatableCpu: amount.positive(),
    allocatableMemoryGi: amount.positive(),
    requestedCpu: amount,
    requestedMemoryGi: amount,
    actualCpu: amount,
    actualMemoryGi: amount,
  })
  .strict();

// Unknown keys are refused everywhere: a misspelt field would otherwise read as
// "no data" and quietly change the money reported.
export const finOpsInputSchema = z
  .object({
    cluster: name,
    pvcs: z.array(finOpsPvcSchema),
    pods: z.array(finOpsPodSchema),
    nodes: z.array(finOpsNodeSchema),
  })
  .strict();

export const finOpsPricesSchema = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    vcpuHour: amount,
    gibHour: amount,
    storageGibMonth: amount,
    nodeTypes: z.record(amount).default({}),
  })
  .strict();

/** An input file of the `awoooi finops` command: the input plus optional prices. */
export const finOpsDocumentSchema = finOpsInputSchema
  .extend({ prices: finOpsPricesSchema.optional() })
  .strict();

export type FinOpsParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: string };

function parseWith<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
): FinOpsParseResult<T> {
  const result = schema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    error: describeZodError(result.error, { root: '', max: 1 }),
  };
}

/** Checks a FinOps input; the error is one line naming the first bad field. */
export function parseFinOpsInput(
  value: unknown,
): FinOpsParseResult<FinOpsInput> {
  return parseWith(finOpsInputSchema, value);
}

/** Checks a complete price table (a partial one would mix currencies with the defaults). */
export function parseFinOpsPrices(
  value: unknown,
): FinOpsParseResult<FinOpsPrices> {
  return parseWith(finOpsPricesSchema, value);
}

/** Checks an input document that may carry its own prices. */
export function parseFinOpsDocument(
  value: unknown,
): FinOpsParseResult<{ input: FinOpsInput; prices?: FinOpsPrices }> {
  const result = parseWith(finOpsDocumentSchema, value);
  if (!result.success) return result;
  const { prices, ...input } = result.data;
  return { success: true, data: prices ? { input, prices } : { input } };
}
