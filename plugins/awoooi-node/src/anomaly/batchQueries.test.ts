import { batchSignalQueries } from './batchQueries';
import { escapeRegex, unquote } from './promqlLiterals';
import { batchTemplate } from './templateRewrite';
import { signalQueries, signalTemplates } from './signalQueries';

const rewrite = (template: string, labels = ['service']) =>
  batchTemplate(
    template,
    labels,
    'service=~"a|b"',
    arg => `(labelled(${arg}))`,
  );

describe('batchTemplate', () => {
  it('keeps the entity labels through every aggregation', () => {
    expect(rewrite('sum(rate(x{$selector}[5m]))')).toBe(
      'sum(rate(x{service=~"a|b"}[5m])) by (service)',
    );
    expect(
      rewrite(
        'histogram_quantile(0.9, sum by (le) (rate(x_bucket{$selector}[5m]))) / 1000',
      ),
    ).toBe(
      'histogram_quantile(0.9, sum by (le, service) (rate(x_bucket{service=~"a|b"}[5m]))) / 1000',
    );
    expect(rewrite('SUM(x{$selector}) BY (le)')).toBe(
      'SUM(x{service=~"a|b"}) BY (le, service)',
    );
    expect(rewrite('sum without (instance) (x{$selector})')).toBe(
      'sum without (instance) (x{service=~"a|b"})',
    );
    expect(
      rewrite(
        '1 - avg(rate(node_cpu_seconds_total{mode="idle",$selector}[5m]))',
      ),
    ).toBe(
      '1 - avg(rate(node_cpu_seconds_total{mode="idle",service=~"a|b"}[5m])) by (service)',
    );
    expect(rewrite('a{$selector} / on (instance) b{$selector}')).toBe(
      'a{service=~"a|b"} / on (instance, service) b{service=~"a|b"}',
    );
    expect(rewrite('a{$selector} / on() group_left b{$selector}')).toBe(
      'a{service=~"a|b"} / on(service) group_left b{service=~"a|b"}',
    );
  });

  it('gives vector(x) one series per entity', () => {
    expect(rewrite('sum(x{$selector}) or vector(0)')).toBe(
      'sum(x{service=~"a|b"}) by (service) or (labelled(0))',
    );
  });

  it('refuses what could change the meaning for one entity', () => {
    for (const template of [
      'sum(x{job="all"})', // not scoped by the entity
      'sum(x{$selector}) / sum(total)', // a bare metric name
      'scalar(sum(x{$selector}))',
      'absent(x{$selector})',
      'sum without (service) (x{$selector})',
      'a{$selector} / ignoring (service) b{$selector}',
      'label_replace(x{$selector}, "service", "$1", "pod", "(.*)")',
      'count_values("service", x{$selector})',
      'x{$selector} * on() hour()',
      'vector(sum(x{$selector}))',
      '42',
    ]) {
      expect({ template, batched: rewrite(template) }).toEqual({
        template,
        batched: undefined,
      });
    }
  });

  it('rewrites every preset', () => {
    for (const [signal, list] of signalTemplates([
      'http',
      'istio',
      'container',
      'node',
    ])) {
      for (const template of list) {
        expect({ signal, batched: rewrite(template) }).toEqual({
          signal,
          batched: expect.any(String),
        });
      }
    }
  });
});

describe('label values', () => {
  it('unquotes PromQL strings', () => {
    expect(unquote('"a\\"b\\\\c\\n\\x41\\u00e9\\101"')).toBe('a"b\\c\nAéA');
    expect(unquote("'x'")).toBe('x');
    expect(unquote('`raw\\`')).toBe('raw\\');
    expect(unquote('"\\q"')).toBeUndefined();
  });

  it('escapes regex metacharacters', () => {
    expect(escapeRegex('a.b|c(d)*+?[x]{1}^$\\')).toBe(
      'a\\.b\\|c\\(d\\)\\*\\+\\?\\[x\\]\\{1\\}\\^\\$\\\\',
    );
    const pattern = new RegExp(`^(?:${escapeRegex('a.b|c')})$`);
    expect(pattern.test('a.b|c')).toBe(true);
    expect(pattern.test('axb|c')).toBe(false);
  });
});

describe('batchSignalQueries', () => {
  const templates = signalTemplates(['http']);

  it('asks once per signal for entities whose selectors share a shape', () => {
    const queries = batchSignalQueries(templates, [
      { entityRef: 'component:default/a', selector: 'service="a"' },
      { entityRef: 'component:default/b', selector: 'service="b.c"' },
      { entityRef: 'component:default/b2', selector: 'service="b.c"' },
    ]);
    expect(queries).toHaveLength(templates.size);
    const requests = queries.find(q => q.signal === 'requests')!;
    expect(requests).toEqual({
      signal: 'requests',
      promql:
        '(sum(rate(http_server_request_duration_seconds_count{service=~"a|b\\\\.c"}[5m])) by (service))',
      by: ['service'],
      entities: [
        { entityRef: 'component:default/a', values: ['a'] },
        { entityRef: 'component:default/b', values: ['b.c'] },
        { entityRef: 'component:default/b2', values: ['b.c'] },
      ],
    });
  });

  it('groups by the labels a selector names and its other matchers', () => {
    const queries = batchSignalQueries(templates, [
      { entityRef: 'a', selector: 'service="a",namespace="prod"' },
      { entityRef: 'b', selector: 'namespace="dev",service="b"' },
      { entityRef: 'c', selector: 'service="c"' },
      { entityRef: 'd', selector: 'service="d"' },
      { entityRef: 'e', selector: 'app=~"e|f"' },
      { entityRef: 'f', selector: 'service="f",env!="test"' },
    ]);
    const requests = queries.filter(q => q.signal === 'requests');
    expect(requests.map(q => [q.by, q.entities.map(e => e.entityRef)])).toEqual(
      expect.arrayContaining([
        [[], ['e']],
        [
          ['namespace', 'service'],
          ['a', 'b'],
        ],
        [['service'], ['c', 'd']],
        [[], ['f']],
      ]),
    );
    expect(requests).toHaveLength(4);
    expect(requests.find(q => q.entities[0].entityRef === 'a')?.promql).toBe(
      '(sum(rate(http_server_request_duration_seconds_count{namespace=~"prod|dev",service=~"a|b"}[5m])) by (namespace, service))',
    );
    // An entity alone asks exactly what it asked before.
    expect(requests.find(q => q.entities[0].entityRef === 'f')?.promql).toBe(
      signalQueries(templates, 'service="f",env!="test"').find(
        q => q.signal === 'requests',
      )?.promql,
    );
  });

  it('asks entity by entity for the templates it cannot batch', () => {
    const custom = new Map([
      ['requests', ['sum(rate(x{$selector}[5m]))']],
      ['errors', ['sum(rate(x{$selector}[5m])) / scalar(sum(rate(x[5m])))']],
    ]);
    const queries = batchSignalQueries(custom, [
      { entityRef: 'a', selector: 'service="a"' },
      { entityRef: 'b', selector: 'service="b"' },
    ]);
    expect(queries.map(q => [q.signal, q.by, q.entities.length])).toEqual([
      ['requests', ['service'], 2],
      ['errors', [], 1],
      ['errors', [], 1],
    ]);
  });

  it('splits large neighbourhoods into several queries', () => {
    const entities = Array.from({ length: 5 }, (_, i) => ({
      entityRef: `e${i}`,
      selector: `service="s${i}"`,
    }));
    const queries = batchSignalQueries(
      new Map([['requests', ['sum(x{$selector})']]]),
      entities,
      { maxEntities: 2 },
    );
    expect(queries.map(q => q.entities.map(e => e.entityRef))).toEqual([
      ['e0', 'e1'],
      ['e2'],
      ['e3', 'e4'],
    ]);
  });
});
