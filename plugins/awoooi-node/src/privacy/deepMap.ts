function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with `fn` applied to every string inside arrays and
 * plain objects, at any depth. Object keys and non-string leaves (numbers,
 * dates, class instances) are kept as they are; shared and cyclic
 * references stay shared and cyclic in the copy.
 */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  const copies = new Map<object, unknown>();
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return fn(node);
    if (typeof node !== 'object' || node === null) return node;
    const known = copies.get(node);
    if (known !== undefined) return known;
    if (Array.isArray(node)) {
      const copy: unknown[] = [];
      copies.set(node, copy);
      for (const item of node) copy.push(visit(item));
      return copy;
    }
    if (!isPlainObject(node)) return node;
    const copy: Record<string, unknown> = Object.create(
      Object.getPrototypeOf(node),
    );
    copies.set(node, copy);
    for (const key of Object.keys(node)) copy[key] = visit(node[key]);
    return copy;
  };
  return visit(value) as T;
}
