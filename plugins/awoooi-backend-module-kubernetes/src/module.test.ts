import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AwoooiActionExecutor,
  AwoooiHealthProvider,
  awoooiExecutorsExtensionPoint,
  awoooiHealthExtensionPoint,
} from '@internal/plugin-awoooi-node';
import { awoooiModuleKubernetes } from './module';

type ConfigData = NonNullable<
  Parameters<typeof mockServices.rootConfig.factory>[0]
>['data'];

async function start(data: ConfigData) {
  const executors: AwoooiActionExecutor[] = [];
  const providers: AwoooiHealthProvider[] = [];
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
    ],
    features: [
      awoooiModuleKubernetes,
      mockServices.rootConfig.factory({ data }),
    ],
  });
  return { executors, providers };
}

describe('awoooiModuleKubernetes', () => {
  it('adds the executor and the health provider for configured clusters', async () => {
    const { executors, providers } = await start({
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
  });

  it('adds nothing without clusters', async () => {
    const { executors, providers } = await start({});
    expect(executors).toEqual([]);
    expect(providers).toEqual([]);
  });
});
