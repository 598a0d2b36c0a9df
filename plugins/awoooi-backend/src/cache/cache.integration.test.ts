import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { OllamaBrain } from '@awoooi/plugin-awoooi-backend-module-ollama';
import { llmTesting } from '@awoooi/plugin-awoooi-node';
import { randomUUID } from 'node:crypto';
import { containerMetrics } from '@internal/awoooi-test-utils';
import { LocalPrometheus, startPrometheus } from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';
import { CachedBrain } from './CachedBrain';
import { CachedMetricsSource } from './CachedMetricsSource';

jest.setTimeout(60_000);

/** The cache service one backend instance gets, backed by the machine's Redis. */
function redisCache(namespace: string) {
  const config = new ConfigReader({
    backend: {
      cache: { store: 'redis', connection: 'redis://127.0.0.1:6379' },
    },
  });
  return CacheManager.fromConfig(config, {
    logger: mockServices.logger.mock(),
  }).forPlugin(namespace);
}

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
const DAY_MS = 86_400_000;

describe('the shared cache on Redis', () => {
  // One namespace per run: two "instances" share it, other runs do not.
  const namespace = `awoooi-test-${randomUUID()}`;

  describe('Prometheus answers about a window', () => {
    let prometheus: LocalPrometheus;
    beforeAll(async () => {
      prometheus = await startPrometheus({
        openMetrics: containerMetrics(
          [
            {
              namespace: 'shop',
              pod: 'web-1',
              container: 'web',
              cpuCores: () => 0.25,
              memoryBytes: 2 ** 28,
            },
          ],
          NOW,
          2,
        ),
      });
    });
    afterAll(() => prometheus?.stop());

    it('are served to another instance from Redis while Prometheus is down', async () => {
      const query = 'container_memory_working_set_bytes{pod="web-1"}';
      const start = new Date(NOW.getTime() - DAY_MS);
      const first = new CachedMetricsSource(
        prometheusSource('demo', prometheus.url),
        redisCache(namespace),
        60_000,
      );
      const answer = await first.queryRange(query, start, NOW, 3600);
      expect(answer).toHaveLength(1);
      expect(answer[0].values[0].value).toBe(2 ** 28);
      await prometheus.stop();

      const second = new CachedMetricsSource(
        prometheusSource('demo', prometheus.url),
        redisCache(namespace),
        60_000,
      );
      expect(await second.queryRange(query, start, NOW, 3600)).toEqual(answer);
      // Another window was never asked: it needs Prometheus, which is down.
      await expect(
        second.queryRange(query, start, new Date(NOW.getTime() - 1000), 3600),
      ).rejects.toThrow();
      // "Now" is never cached.
      await expect(second.query(query)).rejects.toThrow();
    });
  });

  describe('model answers', () => {
    const { fakeOllamaChat, labelledBrainInput, labelledModelAnswer } =
      llmTesting;
    let server: llmTesting.LoopbackServer;
    beforeAll(async () => {
      server = await llmTesting.startLoopbackServer(
        fakeOllamaChat(() => ({
          type: 'stream',
          chunks: [labelledModelAnswer()],
        })),
      );
    });
    afterAll(() => server.close());

    it('are keyed by the redacted input and reused across instances and incidents', async () => {
      const ollama = () =>
        new OllamaBrain({
          baseUrl: server.url,
          model: 'llama3.1:8b',
          timeoutMs: 5_000,
        });
      const first = new CachedBrain(ollama(), redisCache(namespace), 60_000);
      const second = new CachedBrain(ollama(), redisCache(namespace), 60_000);
      const input = labelledBrainInput();
      const tokens: string[] = [];
      const answer = await first.analyze(input, { onToken: () => {} });
      expect(server.requests).toHaveLength(1);

      const again = await second.analyze(
        { ...input, incident: { ...input.incident, id: 'inc-other' } },
        { onToken: t => tokens.push(t) },
      );
      expect(again).toEqual(answer);
      expect(tokens).toEqual([answer.narrative]);
      expect(server.requests).toHaveLength(1);

      // A different redacted input asks the model.
      await second.analyze(
        {
          ...input,
          alerts: [...input.alerts, { ...input.alerts[0], title: 'more' }],
        },
        { onToken: () => {} },
      );
      expect(server.requests).toHaveLength(2);
    });
  });
});
