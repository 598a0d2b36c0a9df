import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AwoooiActionExecutor,
  AwoooiClusterSource,
  AwoooiHealthProvider,
  awoooiExecutorsExtensionPoint,
  awoooiHealthExtensionPoint,
  awoooiSourcesExtensionPoint,
} from '@awoooi/plugin-awoooi-node';
import { awoooiModuleKubernetes } from './module';

type ConfigData = NonNullable<
  Parameters<typeof mockServices.rootConfig.factory>[0]
>['data'];

async function start(data: ConfigData) {
  const executors: AwoooiActionExecutor[] = [];
  const providers: AwoooiHealthProvider[] = [];
  const sources: AwoooiClusterSource[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        awoooiExecutorsExtensionPoint,
        { addExecutor: (e: AwoooiActionExecutor) => executors.push(e) },
      ],
      [
        awoooiHealthExtensionPoint,
        { addHealthProvider: (p: AwoooiHealthProvider) => providers.push(p) },
      ],
      [
        awoooiSourcesExtensionPoint,
        {
          addClusterSource: (s: AwoooiClusterSource) => sources.push(s),
          addMetricsSource: () => {
            throw new Error('the Kubernetes module adds no metrics source');
          },
        },
      ],
    ],
    features: [
      awoooiModuleKubernetes,
      mockServices.rootConfig.factory({ data }),
    ],
  });
  return { executors, providers, sources };
}

describe('awoooiModuleKubernetes', () => {
  it('adds the executor, the health provider and a cluster source per cluster', async () => {
    const { executors, providers, sources } = await start({
      awoooi: {
        kubernetes: {
          clusters: [
            {
              name: 'demo',
              url: 'http://127.0.0.1:6443',
              token: 'demo-token',
              skipTLSVerify: true,
            },
          ],
        },
      },
    });
    expect(executors.map(e => e.id)).toEqual(['kubernetes']);
    expect((await executors[0].listActions()).map(a => a.name)).toContain(
      'cordon_node',
    );
    expect(providers.map(p => p.id)).toEqual(['kubernetes']);
    expect(sources.map(s => s.name)).toEqual(['demo']);
  });

  it('adds nothing without clusters', async () => {
    const { executors, providers, sources } = await start({});
    expect(executors).toEqual([]);
    expect(providers).toEqual([]);
    expect(sources).toEqual([]);
  });
});
