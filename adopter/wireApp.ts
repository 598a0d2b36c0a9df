import { appendFileSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseInstall, Snippet } from './readmeSnippets';

/**
 * @backstage/create-app's release for this repo's Backstage version
 * (backstage.json); the scaffold's own backstage.json is checked against it.
 */
export const CREATE_APP_VERSION = '0.9.2';

/** Adopter-side auth: sign-in through an OAuth2 proxy in front of Backstage. */
export const PROXY_AUTH_MODULE =
  '@backstage/plugin-auth-backend-module-oauth2-proxy-provider';
const PROXY_AUTH_RANGE = '^0.3.3';

type Json = Record<string, any>;
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file: string, value: Json) =>
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Names and versions of the packed tarballs (`<scope>-<name>.tgz`). */
export interface Tarball {
  name: string;
  version: string;
  file: string;
}

/**
 * Unpublished packages install from their tarballs: every @awoooi/* name
 * resolves to its tarball, as a registry would serve it.
 */
export function pointAtTarballs(appDir: string, tarballs: Tarball[]) {
  const file = join(appDir, 'package.json');
  const pkg = readJson(file);
  pkg.resolutions = { ...pkg.resolutions };
  for (const t of tarballs) pkg.resolutions[t.name] = `file:${t.file}`;
  writeJson(file, pkg);
}

/**
 * The version fixes a fresh 1.55 scaffold needs on its own (ENVIRONMENT.md):
 * its backend-defaults range predates the signals plugin it ships with.
 */
export function applyScaffoldFixes(appDir: string) {
  const file = join(appDir, 'packages/backend/package.json');
  const pkg = readJson(file);
  pkg.dependencies['@backstage/backend-defaults'] = '^0.19.0';
  writeJson(file, pkg);
}

/**
 * Applies the README steps: `yarn … add` lines become dependencies (one
 * install afterwards instead of one per line; the tarballs are not on a
 * registry `yarn add` could ask for the latest version), backend lines go
 * before `backend.start()`, YAML is appended to app-config.yaml.
 */
export function applySnippets(
  appDir: string,
  snippets: Snippet[],
  tarballs: Tarball[],
) {
  for (const s of snippets) {
    if (s.kind === 'install') addPackages(appDir, s.text, tarballs);
    else if (s.kind === 'backend') addBackendLines(appDir, s.text);
    else appendFileSync(join(appDir, 'app-config.yaml'), `\n${s.text}\n`);
  }
}

function addPackages(appDir: string, text: string, tarballs: Tarball[]) {
  for (const add of parseInstall(text)) {
    const file = join(appDir, add.workspace, 'package.json');
    const pkg = readJson(file);
    const field = add.dev ? 'devDependencies' : 'dependencies';
    pkg[field] = { ...pkg[field] };
    for (const name of add.packages) {
      const tarball = tarballs.find(t => t.name === name);
      if (!tarball) throw new Error(`README installs ${name}: no such tarball`);
      pkg[field][name] = `^${tarball.version}`;
    }
    writeJson(file, pkg);
  }
}

export function addBackendLines(appDir: string, lines: string) {
  const file = join(appDir, 'packages/backend/src/index.ts');
  const source = readFileSync(file, 'utf8');
  if (!source.includes('backend.start();'))
    throw new Error('packages/backend/src/index.ts has no backend.start()');
  const imports = lines
    .split('\n')
    .filter(l => l.startsWith('import '))
    .join('\n');
  const body = lines
    .split('\n')
    .filter(l => !l.startsWith('import '))
    .join('\n');
  writeFileSync(
    file,
    `${imports ? `${imports}\n` : ''}${source.replace(
      'backend.start();',
      `${body}\n\nbackend.start();`,
    )}`,
  );
}

/** The adopter's own sign-in: Backstage behind an OAuth2 proxy. */
export function addProxySignIn(appDir: string) {
  const file = join(appDir, 'packages/backend/package.json');
  const pkg = readJson(file);
  pkg.dependencies[PROXY_AUTH_MODULE] = PROXY_AUTH_RANGE;
  writeJson(file, pkg);
  addBackendLines(appDir, `backend.add(import('${PROXY_AUTH_MODULE}'));`);
}
