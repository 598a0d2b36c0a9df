import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Runnable } from './config/readRunnerConfig';

/** An executable's path: as given when it has a slash, else the first on PATH. */
export async function resolveExecutable(
  name: string,
): Promise<string | undefined> {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map(dir => join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  return undefined;
}

async function digestOf(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/**
 * The `executable` check: the program (and for a playbook, the playbook
 * file) exists. The digest of the program or playbook goes into the dry-run
 * state, so a file changed after approval voids the approval.
 */
export async function locate(
  runnable: Runnable,
  ansiblePlaybook: string,
): Promise<{ check: DryRunCheck; digest?: string }> {
  const program =
    runnable.kind === 'command' ? runnable.argv[0] : ansiblePlaybook;
  const path = await resolveExecutable(program);
  if (!path) {
    return {
      check: {
        name: 'executable',
        outcome: 'fail',
        detail: `${program} is not an executable file here`,
      },
    };
  }
  if (runnable.kind === 'command') {
    return {
      check: { name: 'executable', outcome: 'pass', detail: path },
      digest: await digestOf(path),
    };
  }
  const playbook =
    isAbsolute(runnable.playbook) || !runnable.cwd
      ? runnable.playbook
      : join(runnable.cwd, runnable.playbook);
  try {
    return {
      check: {
        name: 'executable',
        outcome: 'pass',
        detail: `${path} with playbook ${runnable.playbook}`,
      },
      digest: await digestOf(playbook),
    };
  } catch (error) {
    return {
      check: {
        name: 'executable',
        outcome: 'fail',
        detail: `playbook ${runnable.playbook} cannot be read: ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }`,
      },
    };
  }
}
