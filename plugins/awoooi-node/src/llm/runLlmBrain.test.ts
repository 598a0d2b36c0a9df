import type { LoggerService } from '@backstage/backend-plugin-api';
import { runLlmBrain, type LlmGenerate } from './runLlmBrain';
import {
  labelledBrainInput,
  labelledModelAnswer,
} from './testing/labelledBrainInput';
import { splitIntoChunks } from './testing/fakeModelReply';

const input = labelledBrainInput();

/** A model that streams `text` in fragments and reports token counts. */
function streaming(text: string): LlmGenerate {
  return async (_prompt, onToken) => {
    for (const chunk of splitIntoChunks(text, 5)) onToken(chunk);
    return { text, inputTokens: 321, outputTokens: 5 };
  };
}

/** A model that never answers and ignores its abort signal. */
const deaf: LlmGenerate = () => new Promise(() => {});

function collector() {
  const tokens: string[] = [];
  return { tokens, context: { onToken: (t: string) => tokens.push(t) } };
}

describe('runLlmBrain', () => {
  it('streams the tokens in order and uses the validated answer', async () => {
    const { tokens, context } = collector();
    const output = await runLlmBrain(
      streaming(labelledModelAnswer()),
      input,
      context,
      'ollama',
    );
    expect(tokens.join('')).toBe(labelledModelAnswer());
    expect(tokens).toHaveLength(5);
    expect(output.narrative).toMatch(/^orders-db has run out of connections/);
    expect(output.remediations.map(r => r.action)).toEqual([
      'failover_database',
    ]);
    expect(output.notes).toEqual([]);
  });

  it('passes the built prompt to the provider', async () => {
    const generate = jest.fn(streaming(labelledModelAnswer()));
    await runLlmBrain(generate, input, collector().context, 'openai');
    const [prompt, , signal] = generate.mock.calls[0];
    expect(prompt.system).toContain('availableActions');
    expect(prompt.user).toContain('inc-0001');
    expect(signal).toBeInstanceOf(AbortSignal);
  });

  it('prefixes validation notes with the provider name', async () => {
    const output = await runLlmBrain(
      streaming(JSON.stringify({ narrative: 'n', remediations: [] })),
      { ...input, baseline: { ...input.baseline, notes: ['runbook matched'] } },
      collector().context,
      'anthropic',
    );
    expect(output.notes).toEqual([
      'runbook matched',
      'anthropic: model proposed no remediation; deterministic remediations kept',
    ]);
  });

  it('falls back to the baseline on a malformed answer', async () => {
    const output = await runLlmBrain(
      streaming('The database is down, restart it.'),
      input,
      collector().context,
      'ollama',
    );
    expect(output.narrative).toBe(input.baseline.narrative);
    expect(output.remediations).toEqual(input.baseline.remediations);
    expect(output.notes).toEqual([
      'ollama: answer rejected (no JSON object in the answer); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline when the provider fails', async () => {
    const failing: LlmGenerate = async () => {
      throw Object.assign(new Error('500 upstream exploded'), { status: 500 });
    };
    const output = await runLlmBrain(
      failing,
      input,
      collector().context,
      'openai',
    );
    expect(output.remediations).toEqual(input.baseline.remediations);
    expect(output.notes).toEqual([
      'openai: request failed (HTTP 500: upstream exploded); deterministic analysis used',
    ]);
  });

  it('names the network error code', async () => {
    const refused: LlmGenerate = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
          code: 'ECONNREFUSED',
        }),
      });
    };
    const output = await runLlmBrain(
      refused,
      input,
      collector().context,
      'ollama',
    );
    expect(output.notes?.[0]).toBe(
      'ollama: request failed (ECONNREFUSED: fetch failed); deterministic analysis used',
    );
  });

  it('times out a provider that never answers, even one that ignores the signal', async () => {
    const started = Date.now();
    const output = await runLlmBrain(
      deaf,
      input,
      collector().context,
      'ollama',
      {
        timeoutMs: 50,
      },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(output.remediations).toEqual(input.baseline.remediations);
    expect(output.notes).toEqual([
      'ollama: request failed (timed out after 50 ms); deterministic analysis used',
    ]);
  });

  it('aborts the signal it handed to the provider on timeout', async () => {
    let seen: AbortSignal | undefined;
    const generate: LlmGenerate = (_prompt, _onToken, signal) => {
      seen = signal;
      return new Promise(() => {});
    };
    await runLlmBrain(generate, input, collector().context, 'x', {
      timeoutMs: 20,
    });
    expect(seen?.aborted).toBe(true);
  });

  it('stops forwarding tokens once it has given up', async () => {
    let late: ((t: string) => void) | undefined;
    const generate: LlmGenerate = (_prompt, onToken) => {
      onToken('{"narr');
      late = onToken;
      return new Promise(() => {});
    };
    const { tokens, context } = collector();
    await runLlmBrain(generate, input, context, 'x', { timeoutMs: 20 });
    late?.('ative": "too late"}');
    expect(tokens).toEqual(['{"narr']);
  });

  it('gives up when the analysis is cancelled', async () => {
    const controller = new AbortController();
    const pending = runLlmBrain(
      deaf,
      input,
      { onToken: () => {}, signal: controller.signal },
      'anthropic',
    );
    controller.abort();
    const output = await pending;
    expect(output.notes).toEqual([
      'anthropic: request failed (cancelled); deterministic analysis used',
    ]);
  });

  it('survives a transcript that throws', async () => {
    const output = await runLlmBrain(
      streaming(labelledModelAnswer()),
      input,
      {
        onToken: () => {
          throw new Error('signals down');
        },
      },
      'ollama',
    );
    expect(output.remediations[0].action).toBe('failover_database');
  });

  it('logs metadata only, never prompt or answer text', async () => {
    const logger = {
      info: jest.fn(),
      warn: jest.fn(),
      error: jest.fn(),
      debug: jest.fn(),
      child: jest.fn(),
    };
    await runLlmBrain(
      streaming(labelledModelAnswer()),
      input,
      collector().context,
      'ollama',
      { logger: logger as LoggerService, model: 'llama3.1' },
    );
    await runLlmBrain(
      streaming('not json at all'),
      input,
      collector().context,
      'ollama',
      { logger: logger as LoggerService, model: 'llama3.1' },
    );
    expect(logger.info).toHaveBeenCalledWith('ollama brain answer accepted', {
      provider: 'ollama',
      model: 'llama3.1',
      latencyMs: expect.any(Number),
      streamedChunks: 5,
      inputTokens: 321,
      outputTokens: 5,
      remediations: 1,
    });
    expect(logger.warn).toHaveBeenCalledWith('ollama brain answer not used', {
      provider: 'ollama',
      model: 'llama3.1',
      latencyMs: expect.any(Number),
      streamedChunks: 5,
      failure: 'answer rejected: no JSON object in the answer',
    });
    const logged = JSON.stringify([
      logger.info.mock.calls,
      logger.warn.mock.calls,
    ]);
    expect(logged).not.toContain('orders-db');
    expect(logged).not.toContain('[IP_1]');
    expect(logged).not.toContain('not json');
  });
});
