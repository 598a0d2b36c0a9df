import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdioServerFiles, TestServerState } from './testServer';

export interface StdioTestServer {
  /** `command` and `args` of the server entry in config. */
  command: string;
  args: string[];
  setState(state: TestServerState): Promise<void>;
  calls(): Promise<Array<{ tool: string; args: Record<string, unknown> }>>;
  /** Pid of the last server process started. */
  pid(): Promise<number>;
  cleanup(): Promise<void>;
}

/**
 * Writes a server script into a temp dir; the executor starts it as a child
 * process (Node with the Backstage TypeScript transform) and talks over stdio.
 */
export async function prepareStdioTestServer(
  state: TestServerState,
): Promise<StdioTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'awoooi-mcp-stdio-'));
  const files = stdioServerFiles(dir);
  const script = join(dir, 'server.js');
  await writeFile(
    script,
    `require(${JSON.stringify(require.resolve('./testServer'))})` +
      `.runStdioTestServer(${JSON.stringify(dir)});\n`,
  );
  await writeFile(files.state, JSON.stringify(state));
  return {
    command: process.execPath,
    args: [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      script,
    ],
    setState: next => writeFile(files.state, JSON.stringify(next)),
    calls: async () =>
      (await readFile(files.calls, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line)),
    pid: async () => Number(await readFile(files.pid, 'utf8')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
