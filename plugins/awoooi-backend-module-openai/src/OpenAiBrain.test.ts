import { llmTesting } from '@awoooi/plugin-awoooi-node';
import { OpenAiBrain } from './OpenAiBrain';

const {
  analyzeCollecting,
  fakeOpenAiChatCompletions,
  findRawPii,
  labelledModelAnswer,
  PRIVACY_LABELS,
  splitIntoChunks,
  startLoopbackServer,
} = llmTesting;

describe('OpenAiBrain against a loopback OpenAI-compatible server', () => {
  const replies: llmTesting.FakeModelReply[] = [];
  let server: llmTesting.LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackServer(
      fakeOpenAiChatCompletions(
        () => replies.shift() ?? { type: 'error', status: 500 },
      ),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const brain = (timeoutMs = 5_000) =>
    new OpenAiBrain({
      baseUrl: `${server.url}/v1`,
      apiKey: 'sk-loopback-test',
      model: 'gpt-4o-mini',
      timeoutMs,
    });

  it('streams chat completions through the openai client and uses the validated answer', async () => {
    const chunks = splitIntoChunks(labelledModelAnswer(), 12);
    replies.push({ type: 'stream', chunks });

    const { output, tokens } = await analyzeCollecting(brain());

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-loopback-test');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toContain('application/json');
    expect(request.json).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      response_format: { type: 'json_object' },
      messages: [
        {
          role: 'system',
          content: expect.stringContaining('availableActions'),
        },
        { role: 'user', content: expect.stringContaining('inc-0001') },
      ],
    });

    expect(tokens).toEqual(chunks);
    expect(output.narrative).toMatch(/^orders-db has run out of connections/);
    expect(output.remediations).toEqual([
      expect.objectContaining({
        action: 'failover_database',
        entityRef: 'resource:default/orders-db',
        risk: 'HIGH',
      }),
    ]);
    expect(output.notes).toEqual([]);
  });

  it('sends privacy labels and none of the values behind them', async () => {
    replies.push({ type: 'stream', chunks: [labelledModelAnswer()] });
    await analyzeCollecting(brain());
    const body = server.requests[0].body;
    expect(findRawPii(body)).toEqual([]);
    for (const label of PRIVACY_LABELS) expect(body).toContain(label);
  });

  it('falls back to the baseline on a malformed answer', async () => {
    replies.push({ type: 'stream', chunks: ['{"narrative": ', '42}'] });
    const { output, tokens } = await analyzeCollecting(brain());
    expect(tokens).toEqual(['{"narrative": ', '42}']);
    expect(output.narrative).toMatch(/^order-api fails/);
    expect(output.notes).toEqual([
      'openai: answer rejected (narrative: Expected string, received number); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline on HTTP 500, without retrying', async () => {
    replies.push({
      type: 'error',
      status: 500,
      message: 'upstream overloaded',
    });
    const { output } = await analyzeCollecting(brain());
    expect(server.requests).toHaveLength(1);
    expect(output.remediations[0].action).toBe('restart_deployment');
    expect(output.notes).toEqual([
      'openai: request failed (HTTP 500: upstream overloaded); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline when the server hangs', async () => {
    replies.push({ type: 'hang' });
    const { output, elapsedMs } = await analyzeCollecting(brain(300));
    expect(elapsedMs).toBeLessThan(5_000);
    expect(output.notes).toEqual([
      'openai: request failed (timed out after 300 ms); deterministic analysis used',
    ]);
  });
});
