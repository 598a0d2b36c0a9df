import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awoooiBrainsExtensionPoint,
  type AwoooiBrain,
} from '@awoooi/plugin-awoooi-node';
import awoooiModuleOpenAiBrain from './index';

async function brainsFor(config: object): Promise<AwoooiBrain[]> {
  const brains: AwoooiBrain[] = [];
  await startTestBackend({
    extensionPoints: [
      [awoooiBrainsExtensionPoint, { addBrain: b => brains.push(b) }],
    ],
    features: [
      awoooiModuleOpenAiBrain,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return brains;
}

describe('awoooiModuleOpenAiBrain', () => {
  it('adds the openai brain when awoooi.brain.openai is configured', async () => {
    const brains = await brainsFor({
      awoooi: {
        brain: {
          openai: { apiKey: 'sk-test', model: 'gpt-4o-mini', timeout: '90s' },
        },
      },
    });
    expect(brains.map(b => b.id)).toEqual(['openai']);
  });

  it('adds nothing without that section', async () => {
    expect(
      await brainsFor({ awoooi: { brain: { provider: 'openai' } } }),
    ).toEqual([]);
  });

  it('refuses a section without an API key', async () => {
    await expect(
      brainsFor({ awoooi: { brain: { openai: { model: 'gpt-4o-mini' } } } }),
    ).rejects.toThrow(/apiKey/);
  });
});
