import * as k8s from '@kubernetes/client-node';
import type { KubeTestServer } from '../server/startKubeTestServer';

export { k8s };

/** A client-node KubeConfig pointing at the simulator (main identity by default). */
export function kubeConfigFor(server: KubeTestServer, token?: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(server.kubeConfigYaml(token));
  return kc;
}

/** The rejection of `call` as an ApiException, with its Status body parsed. */
export async function apiError(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof k8s.ApiException)) throw error;
    const raw = error.body as unknown;
    const status = typeof raw === 'string' && raw ? JSON.parse(raw) : raw;
    return { code: error.code, status };
  }
  throw new Error('expected the call to fail');
}

/** Sends a merge patch (client-node sends JSON patch unless told otherwise). */
export const mergePatch = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.MergePatch,
);
