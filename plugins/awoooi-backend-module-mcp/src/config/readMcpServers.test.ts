import { ConfigReader, type JsonValue } from '@backstage/config';
import { isIncluded } from './include';
import { DEFAULT_MCP_TIMEOUT_MS, readMcpServers } from './readMcpServers';

const read = (servers: JsonValue) =>
  readMcpServers(new ConfigReader({ awoooi: { mcp: { servers } } }));

describe('readMcpServers', () => {
  it('reads stdio and HTTP servers with their defaults', () => {
    const [github, local] = read([
      {
        name: 'github',
        url: 'https://mcp.example/mcp',
        headers: { Authorization: 'Bearer t' },
        risk: 'medium',
        include: ['create_*'],
        tools: {
          create_issue: { risk: 'LOW', dryRunTool: 'search_issues' },
          search_issues: { readOnly: true },
        },
        timeout: '10s',
      },
      {
        name: 'local-ops',
        command: 'ops-mcp',
        args: ['--stdio'],
        env: { TOKEN: 'x' },
      },
    ]);
    expect(github).toEqual({
      name: 'github',
      transport: {
        kind: 'http',
        url: 'https://mcp.example/mcp',
        headers: { Authorization: 'Bearer t' },
      },
      risk: 'MEDIUM',
      include: ['create_*'],
      tools: {
        create_issue: {
          risk: 'LOW',
          dryRunTool: 'search_issues',
          readOnly: undefined,
        },
        search_issues: {
          risk: undefined,
          dryRunTool: undefined,
          readOnly: true,
        },
      },
      timeoutMs: 10_000,
    });
    expect(local).toEqual({
      name: 'local-ops',
      transport: {
        kind: 'stdio',
        command: 'ops-mcp',
        args: ['--stdio'],
        env: { TOKEN: 'x' },
      },
      risk: 'HIGH',
      include: undefined,
      tools: {},
      timeoutMs: DEFAULT_MCP_TIMEOUT_MS,
    });
  });

  it('reads nothing without servers', () => {
    expect(readMcpServers(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [[{ name: 'a' }], /exactly one of command/],
    [[{ name: 'a', command: 'x', url: 'http://y' }], /exactly one of command/],
    [[{ name: 'a.b', command: 'x' }], /only letters, digits/],
    [
      [
        { name: 'a', command: 'x' },
        { name: 'a', url: 'http://y' },
      ],
      /duplicate server name/,
    ],
    [[{ name: 'a', url: 'mcp.example' }], /url must start with http/],
    [
      [{ name: 'a', url: 'http://y', env: { A: 'b' } }],
      /only apply to a command/,
    ],
    [[{ name: 'a', command: 'x', headers: { A: 'b' } }], /only apply to a url/],
    [
      [{ name: 'a', command: 'x', risk: 'EXTREME' }],
      /risk must be one of LOW, MEDIUM, HIGH, CRITICAL/,
    ],
    [
      [{ name: 'a', command: 'x', tools: { t: { risk: 'nope' } } }],
      /tool 't': risk must be one of/,
    ],
    [
      [{ name: 'a', command: 'x', tools: { t: { dryRunTool: 't' } } }],
      /its own dryRunTool/,
    ],
    [[{ name: 'a', command: 'x', timeout: '0s' }], /positive/],
  ])('refuses %j', (servers, error) => {
    expect(() => read(servers)).toThrow(error);
  });
});

describe('isIncluded', () => {
  it('offers every tool without include, else exact names and globs', () => {
    expect(isIncluded('anything', undefined)).toBe(true);
    expect(isIncluded('create_issue', ['create_*'])).toBe(true);
    expect(isIncluded('delete_repo', ['create_*', 'get_issue'])).toBe(false);
    expect(isIncluded('get_issue', ['create_*', 'get_issue'])).toBe(true);
    expect(isIncluded('get.issue', ['get_issue'])).toBe(false);
    expect(isIncluded('getXissue', ['get.issue'])).toBe(false);
    expect(isIncluded('x', [])).toBe(false);
  });
});
