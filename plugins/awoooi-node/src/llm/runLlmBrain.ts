import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  BrainContext,
  BrainInput,
  BrainOutput,
} from '../extensions/brains';
import { buildBrainPrompt, type BrainPrompt } from './prompt';
import { parseBrainAnswer } from './parseBrainAnswer';
import {
  describeLlmFailure,
  LlmCancelledError,
  LlmTimeoutError,
} from './describeLlmFailure';

/** How long a model may take for one analysis unless configured otherwise. */
export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

/** What a provider's call returns once the model has finished streaming. */
export interface LlmGeneration {
  /** The whole answer text, as streamed. */
  text: string;
  /** Prompt tokens, when the provider reports them. */
  inputTokens?: number;
  /** Answer tokens, when the provider reports them. */
  outputTokens?: number;
}

/**
 * One streaming call to a model. It passes each text fragment to `onToken` as
 * it arrives and stops when `signal` aborts.
 */
export type LlmGenerate = (
  prompt: BrainPrompt,
  onToken: (text: string) => void,
  signal: AbortSignal,
) => Promise<LlmGeneration>;

export interface RunLlmBrainOptions {
  /** Longest wait for the whole answer (default {@link DEFAULT_LLM_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Receives metadata only: provider, model, latency, token counts. */
  logger?: LoggerService;
  /** Model name, for the log. */
  model?: string;
}

function withNotes(output: BrainOutput, notes: string[]): BrainOutput {
  return { ...output, notes: [...(output.notes ?? []), ...notes] };
}

/**
 * The call's abort controller: it aborts at the timeout or when `outer`
 * aborts (cancellation). `aborted` rejects as soon as the call is aborted;
 * `release` stops the timer and stops listening to `outer`.
 */
function callDeadline(timeoutMs: number, outer?: AbortSignal) {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new LlmTimeoutError(timeoutMs)),
    timeoutMs,
  );
  const cancel = () => controller.abort(new LlmCancelledError());
  outer?.addEventListener('abort', cancel, { once: true });
  if (outer?.aborted) cancel();

  // Rejects as soon as the call is aborted, even if a client ignores the signal.
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(controller.signal.reason);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);

  const release = () => {
    clearTimeout(timer);
    outer?.removeEventListener('abort', cancel);
  };
  return { controller, aborted, release };
}

/**
 * Passes streamed text on to the transcript until `stop`, counting the
 * chunks; a transcript that throws is ignored.
 */
function tokenSink(forward: (text: string) => void) {
  let streaming = true;
  let chunks = 0;
  const onToken = (text: string) => {
    if (!streaming || !text) return;
    chunks++;
    try {
      forward(text);
    } catch {
      // a broken transcript must not break the analysis
    }
  };
  return {
    onToken,
    chunks: () => chunks,
    stop: () => {
      streaming = false;
    },
  };
}

/**
 * Streams the model's answer until it ends or the deadline aborts the call;
 * a failure is described (the abort's reason when the call was aborted).
 */
async function streamAnswer(
  generate: LlmGenerate,
  input: BrainInput,
  sink: ReturnType<typeof tokenSink>,
  deadline: ReturnType<typeof callDeadline>,
): Promise<
  | { generation: LlmGeneration }
  | { failure: ReturnType<typeof describeLlmFailure> }
> {
  const { controller } = deadline;
  try {
    const prompt = buildBrainPrompt(input);
    const call = generate(prompt, sink.onToken, controller.signal);
    call.catch(() => undefined);
    const generation = await Promise.race([call, deadline.aborted]);
    if (controller.signal.aborted) throw controller.signal.reason;
    return { generation };
  } catch (error) {
    const failure = describeLlmFailure(
      controller.signal.aborted ? controller.signal.reason : error,
    );
    if (!controller.signal.aborted) controller.abort(error);
    return { failure };
  } finally {
    sink.stop();
    deadline.release();
  }
}

/**
 * Runs one language-model analysis the way every provider must: build the
 * prompt, stream the answer through `context.onToken`, validate it, and fall
 * back to the deterministic baseline with a note on any failure (network,
 * HTTP error, timeout, cancellation, malformed answer). It never throws, so a
 * model outage never fails an analysis.
 */
export async function runLlmBrain(
  generate: LlmGenerate,
  input: BrainInput,
  context: BrainContext,
  providerName: string,
  options: RunLlmBrainOptions = {},
): Promise<BrainOutput> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const { logger, model } = options;
  const started = Date.now();
  const deadline = callDeadline(timeoutMs, context.signal);
  const sink = tokenSink(text => context.onToken(text));

  const meta = () => ({
    provider: providerName,
    model,
    latencyMs: Date.now() - started,
    streamedChunks: sink.chunks(),
  });

  const fallback = (note: string, failure: string): BrainOutput => {
    logger?.warn(`${providerName} brain answer not used`, {
      ...meta(),
      failure,
    });
    return withNotes(input.baseline, [
      `${providerName}: ${note}; deterministic analysis used`,
    ]);
  };

  const streamed = await streamAnswer(generate, input, sink, deadline);
  if ('failure' in streamed) {
    const { failure } = streamed;
    return fallback(`request failed (${failure.detail})`, failure.kind);
  }
  const { generation } = streamed;

  const parsed = parseBrainAnswer(generation.text, input);
  if (!parsed.ok) {
    return fallback(
      `answer rejected (${parsed.error})`,
      `answer rejected: ${parsed.error}`,
    );
  }
  logger?.info(`${providerName} brain answer accepted`, {
    ...meta(),
    inputTokens: generation.inputTokens,
    outputTokens: generation.outputTokens,
    remediations: parsed.output.remediations.length,
  });
  return withNotes(
    { ...parsed.output, notes: input.baseline.notes ?? [] },
    (parsed.output.notes ?? []).map(note => `${providerName}: ${note}`),
  );
}
