import type {
  AwoooiBrain,
  BrainInput,
  BrainOutput,
} from '../../extensions/brains';
import { labelledBrainInput, RAW_PII_VALUES } from './labelledBrainInput';

export interface CollectedAnalysis {
  output: BrainOutput;
  /** Every token the brain streamed, in order. */
  tokens: string[];
  elapsedMs: number;
}

/** Runs one analysis and keeps what the thinking terminal would have shown. */
export async function analyzeCollecting(
  brain: AwoooiBrain,
  input: BrainInput = labelledBrainInput(),
): Promise<CollectedAnalysis> {
  const tokens: string[] = [];
  const started = Date.now();
  const output = await brain.analyze(input, {
    onToken: text => tokens.push(text),
  });
  return { output, tokens, elapsedMs: Date.now() - started };
}

/** The raw values behind the fixture's privacy labels that occur in `text`. */
export function findRawPii(text: string): string[] {
  return RAW_PII_VALUES.filter(value => text.includes(value));
}
