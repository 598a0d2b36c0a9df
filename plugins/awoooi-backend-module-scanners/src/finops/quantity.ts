const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * A Kubernetes resource quantity as a plain number: `250m` → 0.25,
 * `1Gi` → 1073741824, `1.5e3` → 1500. NaN when it is not a quantity.
 */
export function parseQuantity(text: unknown): number {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return NaN;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(
    text.trim(),
  );
  if (!match) return NaN;
  const [, number, suffix] = match;
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? NaN : Number(number) * factor;
}

export const GIB = 2 ** 30;

/** Bytes in GiB, from a quantity; 0 when absent or unreadable. */
export function quantityGi(text: unknown): number {
  const bytes = parseQuantity(text);
  return Number.isFinite(bytes) ? bytes / GIB : 0;
}

/** Cores, from a quantity; 0 when absent or unreadable. */
export function quantityCores(text: unknown): number {
  const cores = parseQuantity(text);
  return Number.isFinite(cores) ? cores : 0;
}
