import { formatTarget, parseTarget } from './targets';

describe('targets', () => {
  it.each([
    [
      'pod/shop/order-api-6d9f7c5b8-x7k2p',
      { kind: 'pod', namespace: 'shop', name: 'order-api-6d9f7c5b8-x7k2p' },
    ],
    [
      'deployment/shop/order-api',
      { kind: 'deployment', namespace: 'shop', name: 'order-api' },
    ],
    [
      'pvc/data/old-reports-data',
      { kind: 'pvc', namespace: 'data', name: 'old-reports-data' },
    ],
    [
      'node/ip-10-0-1-11.eu-west-1.compute.internal',
      { kind: 'node', name: 'ip-10-0-1-11.eu-west-1.compute.internal' },
    ],
    [
      'prod-eu:deployment/shop/order-api',
      {
        cluster: 'prod-eu',
        kind: 'deployment',
        namespace: 'shop',
        name: 'order-api',
      },
    ],
  ])('parses and formats %s', (text, parsed) => {
    expect(parseTarget(text)).toEqual(parsed);
    expect(formatTarget(parseTarget(text))).toBe(text);
  });

  it.each([
    ['deployment/order-api', /expected deployment\/<namespace>\/<name>/],
    ['node/shop/worker', /expected node\/<name>/],
    ['statefulset/data/pg', /unknown kind 'statefulset'/],
    ['pod/shop/Order_API', /not a Kubernetes object name/],
    [':pod/shop/x', /'' is not a cluster name/],
    ['', /unknown kind ''/],
  ])('rejects %s', (text, message) => {
    expect(() => parseTarget(text)).toThrow(message);
  });
});
