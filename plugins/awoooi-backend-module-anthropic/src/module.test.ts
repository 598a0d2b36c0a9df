import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awoooiBrainsExtensionPoint,
  type AwoooiBrain,
} from '@awoooi/plugin-awoooi-node';
import awoooiModuleAnthropicBrain from './index';

async function brainsFor(config: object): Promise<AwoooiBrain[]> {
  const brains: AwoooiBrain[] = [];
  await startTestBackend({
    extensionPoints: [
      [awoooiBrainsExtensionPoint, { addBrain: b => brains.push(b) }],
    ],
    features: [
      awoooiModuleAnthropicBrain,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return brains;
}

describe('awoooiModuleAnthropicBrain', () => {
  it('adds the anthropic brain when awoooi.brain.anthropic is configured', async () => {
    const brains = await brainsFor({
      awoooi: {
        brain: {
          anthropic: {
            apiKey: 'sk-ant-test',
            model: 'claude-test-model',
            maxTokens: 1024,
          },
        },
      },
    });
    expect(brains.map(b => b.id)).toEqual(['anthropic']);
  });

  it('adds nothing without that section', async () => {
    expect(
      await brainsFor({ awoooi: { brain: { provider: 'anthropic' } } }),
    ).toEqual([]);
  });

  it('refuses a maxTokens that is not a positive integer', async () => {
    await expect(
      brainsFor({
        awoooi: {
          brain: {
            anthropic: { apiKey: 'sk-ant-test', model: 'm', maxTokens: 0 },
          },
        },
      }),
    ).rejects.toThrow(/maxTokens/);
  });
});
