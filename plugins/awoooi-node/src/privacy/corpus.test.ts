import { CORPUS } from './__fixtures__/corpus';
import { PrivacyShield } from './PrivacyShield';
import { PII_TYPES, PiiType } from './types';

interface Span {
  type: PiiType;
  start: number;
  end: number;
}

const MARK = /\{\{([A-Z0-9]+):(.*?)\}\}/g;

/** Strips the `{{TYPE:value}}` marks and returns where they were. */
function parseMarkedLine(marked: string): { text: string; spans: Span[] } {
  const spans: Span[] = [];
  let text = '';
  let copied = 0;
  for (const match of marked.matchAll(MARK)) {
    const type = match[1] as PiiType;
    if (!PII_TYPES.includes(type)) throw new Error(`unknown type in ${marked}`);
    text += marked.slice(copied, match.index);
    spans.push({
      type,
      start: text.length,
      end: text.length + match[2].length,
    });
    text += match[2];
    copied = match.index! + match[0].length;
  }
  text += marked.slice(copied);
  return { text, spans };
}

const key = (s: Span) => `${s.type}@${s.start}-${s.end}`;

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function scoreCorpus() {
  const shield = new PrivacyShield();
  const scores = new Map<PiiType, Score>(
    PII_TYPES.map(t => [
      t,
      { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    ]),
  );
  const mistakes: string[] = [];
  for (const marked of CORPUS) {
    const { text, spans } = parseMarkedLine(marked);
    const expected = new Set(spans.map(key));
    const found = shield.detect(text);
    const foundKeys = new Set(found.map(key));
    for (const f of found) {
      const score = scores.get(f.type)!;
      if (expected.has(key(f))) {
        score.truePositives++;
      } else {
        score.falsePositives++;
        mistakes.push(`extra ${f.type} "${f.value}" in: ${text}`);
      }
    }
    for (const e of spans) {
      if (!foundKeys.has(key(e))) {
        scores.get(e.type)!.falseNegatives++;
        mistakes.push(
          `missed ${e.type} "${text.slice(e.start, e.end)}" in: ${text}`,
        );
      }
    }
  }
  return { scores, mistakes };
}

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

describe('Privacy Shield on the corpus', () => {
  const { scores, mistakes } = scoreCorpus();

  it('has a corpus large enough to mean something', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    const traps = CORPUS.filter(line => !line.includes('{{'));
    expect(traps.length).toBeGreaterThanOrEqual(25);
    for (const type of PII_TYPES) {
      const { truePositives, falseNegatives } = scores.get(type)!;
      expect({ type, enough: truePositives + falseNegatives >= 5 }).toEqual({
        type,
        enough: true,
      });
    }
  });

  it('reaches precision and recall of at least 0.98 for every type', () => {
    const rows = PII_TYPES.map(type => {
      const s = scores.get(type)!;
      return {
        type,
        expected: s.truePositives + s.falseNegatives,
        found: s.truePositives + s.falsePositives,
        precision: ratio(s.truePositives, s.truePositives + s.falsePositives),
        recall: ratio(s.truePositives, s.truePositives + s.falseNegatives),
      };
    });
    const table = [
      'type    expected  found  precision  recall',
      ...rows.map(
        r =>
          `${r.type.padEnd(8)}${String(r.expected).padStart(8)}${String(
            r.found,
          ).padStart(7)}${r.precision.toFixed(3).padStart(11)}${r.recall
            .toFixed(3)
            .padStart(8)}`,
      ),
      ...mistakes,
    ].join('\n');
    // eslint-disable-next-line no-console
    console.log(`Privacy Shield corpus (${CORPUS.length} lines)\n${table}`);
    for (const r of rows) {
      expect({ type: r.type, precisionOk: r.precision >= 0.98 }).toEqual({
        type: r.type,
        precisionOk: true,
      });
      expect({ type: r.type, recallOk: r.recall >= 0.98 }).toEqual({
        type: r.type,
        recallOk: true,
      });
    }
  });
});
