import { badRequest, KubeApiError } from './errors';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepClone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Key-sorted copy, so equal objects serialise equally. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) out[key] = canonical(value[key]);
    }
    return out;
  }
  return value;
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, the rest replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return deepClone(patch);
  const result: Record<string, unknown> = isPlainObject(target)
    ? deepClone(target)
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw badRequest(`json patch path '${pointer}' must start with '/'`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function patchFailure(message: string) {
  return new KubeApiError(
    422,
    'Invalid',
    `the json patch could not be applied: ${message}`,
  );
}

function arrayIndex(container: unknown[], token: string, forInsert: boolean) {
  if (forInsert && token === '-') return container.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw patchFailure(`'${token}' is not an array index`);
  }
  const index = Number(token);
  const max = forInsert ? container.length : container.length - 1;
  if (index > max) throw patchFailure(`array index ${index} out of range`);
  return index;
}

/** The container holding the last token of `tokens`, walking from `doc`. */
function parentOf(doc: unknown, tokens: string[], path: string) {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      node = node[arrayIndex(node, token, false)];
    } else if (isPlainObject(node) && token in node) {
      node = node[token];
    } else {
      throw patchFailure(`path '${path}' does not exist`);
    }
  }
  if (!Array.isArray(node) && !isPlainObject(node)) {
    throw patchFailure(`path '${path}' does not exist`);
  }
  return node;
}

function getAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (!(last in parent)) throw patchFailure(`path '${path}' does not exist`);
  return parent[last];
}

function removeAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0)
    throw patchFailure('cannot remove the whole document');
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    return parent.splice(arrayIndex(parent, last, false), 1)[0];
  }
  if (!(last in parent)) throw patchFailure(`path '${path}' does not exist`);
  const old = parent[last];
  delete parent[last];
  return old;
}

function addAt(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return deepClone(value);
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, true), 0, deepClone(value));
  } else {
    parent[last] = deepClone(value);
  }
  return doc;
}

/** RFC 6902 JSON patch over a copy of `target`. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw badRequest('a json patch must be an array of operations');
  }
  let doc = deepClone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    if (!isPlainObject(raw) || typeof raw.path !== 'string') {
      throw badRequest('each json patch operation needs an op and a path');
    }
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, raw.value);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'replace':
        getAt(doc, raw.path);
        if (raw.path === '') {
          doc = deepClone(raw.value);
        } else {
          removeAt(doc, raw.path);
          doc = addAt(doc, raw.path, raw.value);
        }
        break;
      case 'move': {
        const value = removeAt(doc, String(raw.from));
        doc = addAt(doc, raw.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, getAt(doc, String(raw.from)));
        break;
      case 'test':
        if (!deepEqual(getAt(doc, raw.path), raw.value)) {
          throw patchFailure(`test of '${raw.path}' failed`);
        }
        break;
      default:
        throw badRequest(`unknown json patch op '${String(raw.op)}'`);
    }
  }
  return doc;
}
