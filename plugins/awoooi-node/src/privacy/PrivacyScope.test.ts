import { InvalidPrivacyMappingError, UnknownLabelError } from './errors';
import { PrivacyScope } from './PrivacyScope';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('PrivacyScope.redact', () => {
  it('replaces values with typed labels and reports offsets into the input', () => {
    const scope = new PrivacyScope();
    const input = 'user 10.0.0.1 alice@x.io';
    const result = scope.redact(input);
    expect(result.text).toBe('user [IP_1] [EMAIL_1]');
    expect(result.entities).toEqual([
      { type: 'IP', start: 5, end: 13, label: '[IP_1]' },
      { type: 'EMAIL', start: 14, end: 24, label: '[EMAIL_1]' },
    ]);
    for (const e of result.entities) {
      expect(scope.lookup(e.label)).toBe(input.slice(e.start, e.end));
    }
  });

  it('gives the same value the same label across calls, distinct values distinct labels', () => {
    const scope = new PrivacyScope();
    expect(scope.redact('from 10.0.0.1 to 10.0.0.2').text).toBe(
      'from [IP_1] to [IP_2]',
    );
    expect(scope.redact('retry 10.0.0.2 then 10.0.0.1').text).toBe(
      'retry [IP_2] then [IP_1]',
    );
    expect(scope.redact('new 10.0.0.3, mail bob@example.com').text).toBe(
      'new [IP_3], mail [EMAIL_1]',
    );
    expect(scope.redact('again bob@example.com').text).toBe('again [EMAIL_1]');
    expect(scope.size).toBe(4);
  });

  it('keeps scopes apart', () => {
    const a = new PrivacyScope();
    const b = new PrivacyScope();
    a.redact('10.0.0.1 and 10.0.0.2');
    expect(b.redact('only 10.0.0.2 here').text).toBe('only [IP_1] here');
    expect(a.lookup('[IP_1]')).toBe('10.0.0.1');
    expect(b.lookup('[IP_1]')).toBe('10.0.0.2');
    expect(() => b.rehydrate('[IP_2]')).toThrow(UnknownLabelError);
  });

  it('leaves text without personal data untouched', () => {
    const scope = new PrivacyScope();
    const text =
      '2026-11-24T03:12:45Z order-api-7f9c6d5b8-abcde took 5m30s (v1.20.3, 95.3%, :8080)';
    expect(scope.redact(text)).toEqual({ text, entities: [] });
    expect(scope.size).toBe(0);
  });

  it('does not touch the labels of an earlier redaction', () => {
    const scope = new PrivacyScope();
    const once = scope.redact('password=hunter2 from 10.0.0.1').text;
    expect(once).toBe('password=[KEY_1] from [IP_1]');
    expect(scope.redact(once).text).toBe(once);
  });
});

describe('overlapping readings', () => {
  it('takes a URL with credentials whole, not the e-mail-like part inside it', () => {
    const scope = new PrivacyScope();
    const { text, entities } = scope.redact(
      'proxy https://alice:pw@example.com/x and alice@example.com',
    );
    expect(text).toBe('proxy [URL_1] and [EMAIL_1]');
    expect(entities.map(e => e.type)).toEqual(['URL', 'EMAIL']);
  });

  it('labels a JWT as JWT, not KEY, behind Bearer and in token settings', () => {
    const scope = new PrivacyScope();
    expect(scope.redact(`Authorization: Bearer ${JWT}`).text).toBe(
      'Authorization: Bearer [JWT_1]',
    );
    expect(scope.redact(`access_token=${JWT}`).text).toBe(
      'access_token=[JWT_1]',
    );
    expect(scope.redact(`{"id_token": "${JWT}"}`).text).toBe(
      '{"id_token": "[JWT_1]"}',
    );
  });

  it('takes a provider token inside a URL as part of the URL', () => {
    const scope = new PrivacyScope();
    const token = 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d';
    expect(
      scope.redact(`git clone https://x:${token}@github.com/a/b.git`).text,
    ).toBe('git clone [URL_1]');
  });

  it('takes the IP inside a URL with credentials as part of the URL', () => {
    const scope = new PrivacyScope();
    expect(scope.redact('dsn mysql://root:pw@10.0.0.5:3306/app').text).toBe(
      'dsn [URL_1]',
    );
  });
});

describe('PrivacyScope.rehydrate', () => {
  it('restores a string', () => {
    const scope = new PrivacyScope();
    const input = 'restart pod on 10.0.0.7 for carol@example.org';
    expect(scope.rehydrate(scope.redact(input).text)).toBe(input);
  });

  it('leaves text that was never redacted alone', () => {
    const scope = new PrivacyScope();
    scope.redact('10.0.0.1');
    for (const text of [
      '[INFO] ready',
      'array[1] = x',
      '[IP] [KEY_] [ip_1]',
      '',
    ]) {
      expect(scope.rehydrate(text)).toBe(text);
    }
  });

  it('throws a typed error on a label this scope never issued', () => {
    const scope = new PrivacyScope();
    scope.redact('10.0.0.1');
    expect(() => scope.rehydrate('ssh [IP_1] then [IP_7]')).toThrow(
      UnknownLabelError,
    );
    const error = thrownBy(() => scope.rehydrate('drain [EMAIL_3]'));
    expect(error).toBeInstanceOf(UnknownLabelError);
    expect(error).toMatchObject({
      label: '[EMAIL_3]',
      message: expect.stringContaining('[EMAIL_3]'),
    });
  });

  it('restores every string in a deep object without changing the input', () => {
    const scope = new PrivacyScope();
    const args = {
      action: 'restart_pod',
      target: { host: '10.0.0.7', owners: ['bob@example.com', 'ops'] },
      retries: 3,
      dryRun: false,
      note: null,
    };
    const redacted = scope.redactObject(args);
    expect(redacted).toEqual({
      action: 'restart_pod',
      target: { host: '[IP_1]', owners: ['[EMAIL_1]', 'ops'] },
      retries: 3,
      dryRun: false,
      note: null,
    });
    expect(args.target.host).toBe('10.0.0.7');
    const restored = scope.rehydrateObject(redacted);
    expect(restored).toEqual(args);
    expect(restored).not.toBe(args);
  });

  it('keeps object keys, and shared or cyclic references, as they are', () => {
    const scope = new PrivacyScope();
    const shared = { ip: '10.0.0.9' };
    const node: Record<string, unknown> = {
      '10.0.0.1': 'key',
      a: shared,
      b: shared,
    };
    node.self = node;
    const copy = scope.redactObject(node);
    expect(Object.keys(copy)).toEqual(['10.0.0.1', 'a', 'b', 'self']);
    expect(copy.a).toEqual({ ip: '[IP_1]' });
    expect(copy.a).toBe(copy.b);
    expect(copy.self).toBe(copy);
  });

  it('throws on an unknown label anywhere in a deep object', () => {
    const scope = new PrivacyScope();
    expect(() =>
      scope.rehydrateObject({ steps: [{ cmd: 'ping [IP_2]' }] }),
    ).toThrow(UnknownLabelError);
  });
});

describe('PrivacyScope serialisation', () => {
  it('round-trips through JSON and continues the numbering', () => {
    const scope = new PrivacyScope();
    const first = scope.redact(
      '10.0.0.1 10.0.0.2 alice@example.com password=hunter2',
    );
    const json = JSON.parse(JSON.stringify(scope));
    expect(json).toEqual({
      version: 1,
      entries: [
        { label: '[IP_1]', type: 'IP', value: '10.0.0.1' },
        { label: '[IP_2]', type: 'IP', value: '10.0.0.2' },
        { label: '[EMAIL_1]', type: 'EMAIL', value: 'alice@example.com' },
        { label: '[KEY_1]', type: 'KEY', value: 'hunter2' },
      ],
    });
    const restored = PrivacyScope.fromJSON(json);
    expect(restored.rehydrate(first.text)).toBe(
      '10.0.0.1 10.0.0.2 alice@example.com password=hunter2',
    );
    expect(restored.redact('10.0.0.2 then 10.0.0.3').text).toBe(
      '[IP_2] then [IP_3]',
    );
    expect(restored.toJSON().entries).toHaveLength(5);
  });

  it.each([
    ['not an object', 'nope'],
    ['a wrong version', { version: 2, entries: [] }],
    [
      'an unknown type',
      { version: 1, entries: [{ label: '[SSN_1]', type: 'SSN', value: 'x' }] },
    ],
    [
      'a label of another type',
      {
        version: 1,
        entries: [{ label: '[IP_1]', type: 'EMAIL', value: 'a@b.io' }],
      },
    ],
    [
      'a malformed label',
      {
        version: 1,
        entries: [{ label: 'IP_1', type: 'IP', value: '10.0.0.1' }],
      },
    ],
    [
      'a label twice',
      {
        version: 1,
        entries: [
          { label: '[IP_1]', type: 'IP', value: '10.0.0.1' },
          { label: '[IP_1]', type: 'IP', value: '10.0.0.2' },
        ],
      },
    ],
    [
      'one value under two labels',
      {
        version: 1,
        entries: [
          { label: '[IP_1]', type: 'IP', value: '10.0.0.1' },
          { label: '[IP_2]', type: 'IP', value: '10.0.0.1' },
        ],
      },
    ],
  ])('rejects %s', (_, json) => {
    expect(() => PrivacyScope.fromJSON(json)).toThrow(
      InvalidPrivacyMappingError,
    );
  });
});
