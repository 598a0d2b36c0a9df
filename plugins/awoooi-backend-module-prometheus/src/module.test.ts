import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awoooiSourcesExtensionPoint,
  type AwoooiMetricsSource,
} from '@awoooi/plugin-awoooi-node';
import awoooiModulePrometheus, { PrometheusClient } from './index';

async function sourcesFor(config: object): Promise<AwoooiMetricsSource[]> {
  const sources: AwoooiMetricsSource[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        awoooiSourcesExtensionPoint,
        {
          addMetricsSource: s => sources.push(s),
          addClusterSource: () => {
            throw new Error('not a cluster module');
          },
        },
      ],
    ],
    features: [
      awoooiModulePrometheus,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return sources;
}

describe('awoooiModulePrometheus', () => {
  it('adds one metrics source per configured server', async () => {
    const sources = await sourcesFor({
      awoooi: {
        prometheus: {
          servers: [
            { name: 'eu', baseUrl: 'http://prom-eu:9090', timeout: '10s' },
            {
              name: 'us',
              baseUrl: 'https://prom-us.example/prometheus',
              token: 't',
            },
          ],
        },
      },
    });
    expect(sources.map(s => s.name)).toEqual(['eu', 'us']);
    expect(sources[0]).toBeInstanceOf(PrometheusClient);
  });

  it('adds nothing without servers', async () => {
    expect(await sourcesFor({})).toEqual([]);
  });

  it.each([
    [
      [
        { name: 'a', baseUrl: 'http://x' },
        { name: 'a', baseUrl: 'http://y' },
      ],
      /'a': duplicate server name/,
    ],
    [[{ name: 'a', baseUrl: 'prom:9090' }], /baseUrl must start with http/],
    [
      [{ name: 'a', baseUrl: 'http://x', token: 't', username: 'u' }],
      /either token or username\/password/,
    ],
    [[{ name: 'a', baseUrl: 'http://x', password: 'p' }], /needs a username/],
    [[{ baseUrl: 'http://x' }], /name/],
  ])('refuses bad servers %j', async (servers, message) => {
    await expect(
      sourcesFor({ awoooi: { prometheus: { servers } } }),
    ).rejects.toThrow(message);
  });
});
