import { readToolOutput, truncate } from './toolResult';

describe('readToolOutput', () => {
  it('joins text and names other content', () => {
    expect(
      readToolOutput({
        content: [
          { type: 'text', text: 'first' },
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'resource', resource: { uri: 'file:///a', text: 'inline' } },
          { type: 'resource', resource: { uri: 'file:///b', blob: 'AA' } },
          { type: 'resource_link', uri: 'file:///c', name: 'c' },
        ],
      }),
    ).toEqual({
      isError: false,
      text: 'first\n[image image/png]\ninline\n[resource file:///b]\n[resource file:///c]',
    });
  });

  it('falls back to structured content and reports isError', () => {
    expect(
      readToolOutput({
        isError: true,
        content: [],
        structuredContent: { n: 1 },
      }),
    ).toEqual({ isError: true, text: '{"n":1}' });
    expect(readToolOutput({ toolResult: 'legacy' })).toEqual({
      isError: false,
      text: '"legacy"',
    });
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with a note', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('abcdefgh', 5)).toBe('abcde… (3 more characters)');
  });
});
