import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awoooiBrainsExtensionPoint,
  type AwoooiBrain,
} from '@awoooi/plugin-awoooi-node';
import awoooiModuleOllamaBrain from './index';

async function brainsFor(config: object): Promise<AwoooiBrain[]> {
  const brains: AwoooiBrain[] = [];
  await startTestBackend({
    extensionPoints: [
      [awoooiBrainsExtensionPoint, { addBrain: b => brains.push(b) }],
    ],
    features: [
      awoooiModuleOllamaBrain,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return brains;
}

describe('awoooiModuleOllamaBrain', () => {
  it('adds the ollama brain when awoooi.brain.ollama is configured', async () => {
    const brains = await brainsFor({
      awoooi: { brain: { ollama: { model: 'llama3.1:8b', timeout: '90s' } } },
    });
    expect(brains.map(b => b.id)).toEqual(['ollama']);
  });

  it('adds nothing without that section', async () => {
    expect(
      await brainsFor({ awoooi: { brain: { provider: 'ollama' } } }),
    ).toEqual([]);
  });

  it('refuses a section without a model', async () => {
    await expect(
      brainsFor({
        awoooi: { brain: { ollama: { baseUrl: 'http://127.0.0.1:1' } } },
      }),
    ).rejects.toThrow(/model/);
  });
});
