import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awoooiExecutorsExtensionPoint,
  type AwoooiActionExecutor,
} from '@awoooi/plugin-awoooi-node';
import awoooiModuleRunner, { RunnerActionExecutor } from './index';

async function startWith(config: object) {
  const executors: AwoooiActionExecutor[] = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [awoooiExecutorsExtensionPoint, { addExecutor: e => executors.push(e) }],
    ],
    features: [
      awoooiModuleRunner,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return { backend, executors };
}

describe('awoooiModuleRunner', () => {
  it('adds nothing without config', async () => {
    const { backend, executors } = await startWith({});
    expect(executors).toEqual([]);
    await backend.stop();
  });

  it('adds the runner executor for the named commands', async () => {
    const { backend, executors } = await startWith({
      awoooi: {
        runner: { commands: { uptime: { argv: ['/usr/bin/uptime'] } } },
      },
    });
    expect(executors).toHaveLength(1);
    expect(executors[0]).toBeInstanceOf(RunnerActionExecutor);
    expect((await executors[0].listActions()).map(a => a.name)).toEqual([
      'runner.uptime',
    ]);
    await backend.stop();
  });
});
