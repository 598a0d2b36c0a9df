import '@testing-library/jest-dom';

/**
 * Fails a test that logs a console error of its own. Two deprecation warnings
 * come from libraries the UI is built on (Material UI v4 and the table in
 * core-components, under React 18) and are not ours to fix, so they are let
 * through silently.
 */
const LIBRARY_WARNINGS = [
  /Support for defaultProps will be removed from (function|memo) components/,
  /findDOMNode is deprecated/,
];

/** Enough of printf-style formatting for React's `Warning: %s` messages. */
function formatArgs(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(String).join(' ');
  let index = 0;
  const text = first.replace(/%[sdio]/g, () => String(rest[index++]));
  return [text, ...rest.slice(index).map(String)].join(' ');
}

let logged: string[] = [];
let spy: jest.SpyInstance | undefined;

beforeEach(() => {
  logged = [];
  spy = jest
    .spyOn(console, 'error')
    .mockImplementation((...args: unknown[]) => {
      const message = formatArgs(args);
      if (!LIBRARY_WARNINGS.some(pattern => pattern.test(message))) {
        logged.push(message);
      }
    });
});

afterEach(() => {
  spy?.mockRestore();
  if (logged.length > 0) {
    throw new Error(`console.error was called:\n${logged.join('\n---\n')}`);
  }
});
