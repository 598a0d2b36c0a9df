import { llmTesting } from '@awoooi/plugin-awoooi-node';
import { OllamaBrain } from './OllamaBrain';

const {
  analyzeCollecting,
  fakeOllamaChat,
  findRawPii,
  labelledModelAnswer,
  PRIVACY_LABELS,
  splitIntoChunks,
  startLoopbackServer,
} = llmTesting;

describe('OllamaBrain against a loopback Ollama server', () => {
  const replies: llmTesting.FakeModelReply[] = [];
  let server: llmTesting.LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackServer(
      fakeOllamaChat(() => replies.shift() ?? { type: 'error', status: 500 }),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const brain = (timeoutMs = 5_000) =>
    new OllamaBrain({ baseUrl: server.url, model: 'llama3.1:8b', timeoutMs });

  it('streams a chat through the ollama client and uses the validated answer', async () => {
    const chunks = splitIntoChunks(labelledModelAnswer(), 12);
    replies.push({ type: 'stream', chunks });

    const { output, tokens } = await analyzeCollecting(brain());

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/chat');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^ollama-js\//);
    expect(request.json).toMatchObject({
      model: 'llama3.1:8b',
      stream: true,
      format: 'json',
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
    replies.push({ type: 'stream', chunks: ['The database ', 'is down.'] });
    const { output, tokens } = await analyzeCollecting(brain());
    expect(tokens).toEqual(['The database ', 'is down.']);
    expect(output.narrative).toMatch(/^order-api fails/);
    expect(output.notes).toEqual([
      'ollama: answer rejected (no JSON object in the answer); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline on HTTP 500', async () => {
    replies.push({ type: 'error', status: 500, message: 'out of memory' });
    const { output } = await analyzeCollecting(brain());
    expect(output.remediations[0].action).toBe('restart_deployment');
    expect(output.notes).toEqual([
      'ollama: request failed (HTTP 500: out of memory); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline when the server hangs', async () => {
    replies.push({ type: 'hang' });
    const { output, elapsedMs } = await analyzeCollecting(brain(300));
    expect(elapsedMs).toBeLessThan(5_000);
    expect(output.notes).toEqual([
      'ollama: request failed (timed out after 300 ms); deterministic analysis used',
    ]);
  });

  it('falls back to the baseline when nothing listens', async () => {
    const closed = await startLoopbackServer(() => {});
    await closed.close();
    const { output } = await analyzeCollecting(
      new OllamaBrain({ baseUrl: closed.url, model: 'llama3.1:8b' }),
    );
    expect(output.notes?.[0]).toMatch(
      /^ollama: request failed \(ECONNREFUSED.*\); deterministic analysis used$/,
    );
  });
});
