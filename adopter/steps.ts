import { cpSync, existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { run, RunOptions } from './process';
import { readInstallSnippets } from './readmeSnippets';
import {
  addProxySignIn,
  applyScaffoldFixes,
  applySnippets,
  CREATE_APP_VERSION,
  pointAtTarballs,
  Tarball,
} from './wireApp';

export const ROOT = join(__dirname, '..');
const MINUTE = 60_000;

export interface Work {
  dir: string;
  appDir: string;
  tarballDir: string;
  logPath: string;
  /** Logs and screenshots that outlive the temporary folder. */
  reports: string;
}

const opts = (w: Work, cwd: string, timeoutMs: number): RunOptions => ({
  cwd,
  logPath: w.logPath,
  timeoutMs,
});

/** `yarn build` at the root, then every publishable package packed. */
export async function buildAndPack(w: Work): Promise<Tarball[]> {
  await run('yarn', ['build'], opts(w, ROOT, 20 * MINUTE));
  await run(
    'bash',
    ['scripts/pack.sh', w.tarballDir],
    opts(w, ROOT, 20 * MINUTE),
  );
  return readdirSync(w.tarballDir)
    .filter(f => f.endsWith('.tgz'))
    .map(f => tarballInfo(join(w.tarballDir, f)));
}

function tarballInfo(file: string): Tarball {
  const out = require('child_process').execFileSync(
    'tar',
    ['xzf', file, '-O', 'package/package.json'],
    { encoding: 'utf8' },
  );
  const pkg = JSON.parse(out);
  return { name: pkg.name, version: pkg.version, file };
}

/** A brand-new app from create-app, checked to be this repo's Backstage release. */
export async function scaffold(w: Work) {
  await run(
    'bash',
    [
      '-c',
      `echo awoooi-adopter | npx -y @backstage/create-app@${CREATE_APP_VERSION} --skip-install --path ${w.appDir}`,
    ],
    opts(w, w.dir, 10 * MINUTE),
  );
  const want = JSON.parse(readFileSync(join(ROOT, 'backstage.json'), 'utf8'));
  const got = JSON.parse(
    readFileSync(join(w.appDir, 'backstage.json'), 'utf8'),
  );
  if (got.version !== want.version)
    throw new Error(
      `scaffold is Backstage ${got.version}, not ${want.version}`,
    );
  return `Backstage ${got.version} (create-app ${CREATE_APP_VERSION})`;
}

/** The README steps, the adopter's sign-in and catalog. */
export function wire(w: Work, tarballs: Tarball[]) {
  applyScaffoldFixes(w.appDir);
  pointAtTarballs(w.appDir, tarballs);
  const snippets = readInstallSnippets(ROOT);
  applySnippets(w.appDir, snippets, tarballs);
  addProxySignIn(w.appDir);
  cpSync(join(ROOT, 'adopter/catalog'), join(w.appDir, 'adopter-catalog'), {
    recursive: true,
  });
  return `${snippets.length} README steps applied (${snippets
    .map(s => `${s.readme.split('/')[1]}:${s.kind}`)
    .join(', ')})`;
}

/**
 * One install. Build scripts are skipped (native addons the app does not
 * run here take minutes on a small machine); better-sqlite3, which it does
 * run, is reused from this repo's install when it is the same version, or
 * built.
 */
export async function install(w: Work) {
  await run(
    'yarn',
    ['install', '--mode=skip-build', '--no-immutable'],
    opts(w, w.appDir, 20 * MINUTE),
  );
  const ours = join(ROOT, 'node_modules/better-sqlite3');
  const theirs = join(w.appDir, 'node_modules/better-sqlite3');
  const version = (dir: string) =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (
    existsSync(join(ours, 'build/Release/better_sqlite3.node')) &&
    version(ours) === version(theirs)
  ) {
    cpSync(join(ours, 'build'), join(theirs, 'build'), { recursive: true });
    return `better-sqlite3 ${version(theirs)} reused`;
  }
  await run(
    'yarn',
    ['rebuild', 'better-sqlite3'],
    opts(w, w.appDir, 20 * MINUTE),
  );
  return `better-sqlite3 ${version(theirs)} built`;
}

/** The production frontend bundle, served by the app backend. */
export async function buildFrontend(w: Work, configFile: string) {
  await run(
    'yarn',
    [
      'workspace',
      'app',
      'build',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    opts(w, w.appDir, 20 * MINUTE),
  );
}
