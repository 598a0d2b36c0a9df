import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface KubeConfigOptions {
  /** Server URL, e.g. `http://127.0.0.1:6443`. */
  url: string;
  token: string;
  /** Name of the cluster, user and context entries (default `kube-test-server`). */
  name?: string;
}

/** A JSON string is a valid YAML double-quoted scalar. */
const q = (value: string) => JSON.stringify(value);

/**
 * A kubeconfig for the simulator. `insecure-skip-tls-verify` is set because
 * `@kubernetes/client-node` refuses plain `http:` servers without it.
 */
export function kubeConfigYaml(options: KubeConfigOptions): string {
  const name = options.name ?? 'kube-test-server';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${q(name)}`,
    '    cluster:',
    `      server: ${q(options.url)}`,
    '      insecure-skip-tls-verify: true',
    'users:',
    `  - name: ${q(`${name}-user`)}`,
    '    user:',
    `      token: ${q(options.token)}`,
    'contexts:',
    `  - name: ${q(name)}`,
    '    context:',
    `      cluster: ${q(name)}`,
    `      user: ${q(`${name}-user`)}`,
    `current-context: ${q(name)}`,
    '',
  ].join('\n');
}

/** Writes the kubeconfig (mode 0600, it holds a token) and returns its path. */
export async function writeKubeConfig(
  path: string,
  options: KubeConfigOptions,
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeConfigYaml(options), { mode: 0o600 });
  return path;
}
