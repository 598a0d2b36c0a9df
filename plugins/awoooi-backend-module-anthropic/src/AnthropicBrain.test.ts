import { llmTesting } from '@awoooi/plugin-awoooi-node';
import { AnthropicBrain } from './AnthropicBrain';

const {
  analyzeCollecting,
  fakeAnthropicMessages,
  findRawPii,
  labelledModelAnswer,
  PRIVACY_LABELS,
  splitIntoChunks,
  startLoopbackServer,
} = llmTesting;

describe('AnthropicBrain against a loopback Anthropic server', () => {
  const replies: llmTesting.FakeModelReply[] = [];
  let server: llmTesting.LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackServer(
      fakeAnthropicMessages(
        () => replies.shift() ?? { type: 'error', status: 500 },
      ),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const brain = (timeoutMs = 5_000) =>
    new AnthropicBrain({
      baseUrl: server.url,
      apiKey: 'sk-ant-loopback-test',
      model: 'claude-test-model',
      maxTokens: 2_048,
      timeoutMs,
    });

  it('streams a message through the anthropic client and uses the validated answer', async () => {
    const chunks = splitIntoChunks(labelledModelAnswer(), 12);
    replies.push({ type: 'stream', chunks });

    const { output, tokens } = await analyzeCollecting(brain());

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    const credentials = [
      request.headers['x-api-key'],
      request.headers.authorization,
    ];
    expect(credentials).toContainEqual(
      expect.stringMatching(/^(Bearer )?sk-ant-loopback-test$/),
    );
    expect(request.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toMatchObject({
      model: 'claude-test-model',
      max_tokens: 2_048,
      stream: true,
      system: expect.stringContaining('availableActions'),
      messages: [
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
    replies.push({
      type: 'stream',
      chunks: ['```json\n{"narrative": "cut o', 'ff mid-answer'],
    });
    const { output, tokens } = await analyzeCollecting(brain());
    expect(tokens).toHaveLength(2);
    expect(output.narrative).toMatch(/^order-api fails/);
    expect(output.notes).toEqual([
      'anthropic: answer rejected (no JSON object in the answer); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline on HTTP 500, without retrying', async () => {
    replies.push({ type: 'error', status: 500, message: 'Overloaded' });
    const { output } = await analyzeCollecting(brain());
    expect(server.requests).toHaveLength(1);
    expect(output.remediations[0].action).toBe('restart_deployment');
    expect(output.notes).toEqual([
      expect.stringMatching(
        /^anthropic: request failed \(HTTP 500: .*Overloaded.*\); deterministic analysis used$/,
      ),
    ]);
  });

  it('falls back to the baseline when the server hangs', async () => {
    replies.push({ type: 'hang' });
    const { output, elapsedMs } = await analyzeCollecting(brain(300));
    expect(elapsedMs).toBeLessThan(5_000);
    expect(output.notes).toEqual([
      'anthropic: request failed (timed out after 300 ms); deterministic analysis used',
    ]);
  });
});
