import { writeFileSync } from 'fs';
import { join } from 'path';

export interface AdopterConfigOptions {
  port: number;
  catalogFile: string;
  kubeUrl: string;
  kubeToken: string;
}

/**
 * The adopter's own portal settings, kept out of the README steps: where it
 * listens, its catalog, its sign-in (Backstage behind an OAuth2 proxy that
 * forwards the user name; guest stays for the browser), and the cluster
 * AWOOOI's Kubernetes module acts on (the cluster simulator here).
 */
export function writeAdopterConfig(appDir: string, o: AdopterConfigOptions) {
  const base = `http://localhost:${o.port}`;
  const yaml = `app:
  baseUrl: ${base}
backend:
  baseUrl: ${base}
  listen:
    port: ${o.port}
  cors:
    origin: ${base}
  database:
    client: better-sqlite3
    connection: ':memory:'
auth:
  providers:
    guest: {}
    oauth2Proxy:
      signIn:
        resolvers:
          - resolver: forwardedUserMatchingUserEntityName
catalog:
  locations:
    - type: file
      target: ${o.catalogFile}
      rules:
        - allow: [Component, Resource, Group, User]
awoooi:
  kubernetes:
    clusters:
      - name: prod
        url: ${o.kubeUrl}
        token: ${o.kubeToken}
        skipTLSVerify: true
`;
  const file = join(appDir, 'app-config.adopter.yaml');
  writeFileSync(file, yaml);
  return file;
}
