import type * as ClientNode from '@kubernetes/client-node';

/** The `@kubernetes/client-node` module (ESM-only). */
export type ClientNodeModule = typeof ClientNode;

/**
 * Loads client-node. Node 22 can `require()` an ES module, which also works
 * inside Jest's module registry; `import()` is the fallback for runtimes
 * that cannot.
 */
export async function loadClientNode(): Promise<ClientNodeModule> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@kubernetes/client-node');
  } catch {
    return await import('@kubernetes/client-node');
  }
}
