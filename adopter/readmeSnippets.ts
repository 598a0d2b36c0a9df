import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * The install steps of the package READMEs, read from the READMEs themselves
 * so that the adopter test follows them as written. A step is a fenced code
 * block right after a marker comment: `<!-- adopter-test: install -->`
 * (shell `yarn … add …` lines), `backend` (lines for
 * packages/backend/src/index.ts) or `app-config` (YAML for app-config.yaml).
 */
export type SnippetKind = 'install' | 'backend' | 'app-config';

export interface Snippet {
  kind: SnippetKind;
  readme: string;
  text: string;
}

/** The READMEs an adopter follows, in the order of the top-level install guide. */
export const INSTALL_READMES = [
  'plugins/awoooi-backend/README.md',
  'plugins/awoooi-backend-module-scanners/README.md',
  'plugins/awoooi-backend-module-kubernetes/README.md',
  'plugins/awoooi/README.md',
  'packages/cli/README.md',
];

const MARKER =
  /<!-- adopter-test: (install|backend|app-config) -->\s*\n```[^\n]*\n([\s\S]*?)\n```/g;

export function snippetsOf(readme: string, markdown: string): Snippet[] {
  return [...markdown.matchAll(MARKER)].map(m => ({
    kind: m[1] as SnippetKind,
    readme,
    text: m[2],
  }));
}

export function readInstallSnippets(root: string): Snippet[] {
  return INSTALL_READMES.flatMap(readme =>
    snippetsOf(readme, readFileSync(join(root, readme), 'utf8')),
  );
}

export interface PackageAddition {
  /** Workspace folder relative to the app root ('.' for the root). */
  workspace: string;
  dev: boolean;
  packages: string[];
}

/** Parses `yarn [--cwd <dir>] add [--dev|-D] <packages…>` lines. */
export function parseInstall(text: string): PackageAddition[] {
  return text
    .split('\n')
    .map(line => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .map(line => {
      const words = line.split(/\s+/);
      if (words[0] !== 'yarn') throw new Error(`not a yarn command: ${line}`);
      let workspace = '.';
      let dev = false;
      const packages: string[] = [];
      for (let i = 1; i < words.length; i++) {
        if (words[i] === '--cwd') workspace = words[++i];
        else if (words[i] === '--dev' || words[i] === '-D') dev = true;
        else if (words[i] !== 'add') packages.push(words[i]);
      }
      if (!words.includes('add') || packages.length === 0)
        throw new Error(`not a yarn add command: ${line}`);
      return { workspace, dev, packages };
    });
}
