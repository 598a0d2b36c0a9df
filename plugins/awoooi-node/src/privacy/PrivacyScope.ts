import { describeZodError } from '../validation/describeZodError';
import { z } from 'zod';
import { mapStrings } from './deepMap';
import { InvalidPrivacyMappingError, UnknownLabelError } from './errors';
import { PrivacyShield } from './PrivacyShield';
import { PII_TYPES, PiiType, RedactedEntity, RedactionResult } from './types';

/** One pseudonym of a scope: `[EMAIL_2]` stands for `alice@example.com`. */
export interface PrivacyMappingEntry {
  label: string;
  type: PiiType;
  value: string;
}

/** The serialised form of a scope's mapping, for a backend to persist. */
export interface PrivacyScopeJSON {
  version: 1;
  entries: PrivacyMappingEntry[];
}

export interface PrivacyScopeOptions {
  /** The detector to use; a shared default one otherwise. */
  shield?: PrivacyShield;
}

const TYPE_ALTERNATIVES = [...PII_TYPES]
  .sort((a, b) => b.length - a.length)
  .join('|');
// Anything shaped like a label of a known type; `[INFO]` or `[1]` is not.
const LABEL_PATTERN = new RegExp(`\\[(${TYPE_ALTERNATIVES})_(\\d+)\\]`, 'g');
// A label as this scope issues it: numbered from 1, no leading zero.
const ISSUED_LABEL = new RegExp(`^\\[(${TYPE_ALTERNATIVES})_([1-9]\\d*)\\]$`);

const snapshotSchema = z.object({
  version: z.literal(1),
  entries: z.array(
    z.object({
      label: z.string(),
      type: z.enum(PII_TYPES),
      value: z.string().min(1),
    }),
  ),
});

const defaultShield = new PrivacyShield();

/**
 * The pseudonym mapping of one incident. Within a scope the same value always
 * gets the same label and distinct values get distinct labels, across any
 * number of calls; two scopes share nothing. Rehydration only restores
 * labels this scope issued.
 */
export class PrivacyScope {
  private readonly shield: PrivacyShield;
  private readonly labelByValue = new Map<string, string>();
  private readonly entryByLabel = new Map<string, PrivacyMappingEntry>();
  private readonly lastNumber = new Map<PiiType, number>();

  constructor(options: PrivacyScopeOptions = {}) {
    this.shield = options.shield ?? defaultShield;
  }

  /** How many distinct values this scope has labelled. */
  get size(): number {
    return this.entryByLabel.size;
  }

  /**
   * Replaces every detected value with its label. Entity offsets index the
   * input text, so a caller can still highlight what was hidden.
   */
  redact(text: string): RedactionResult {
    const found = this.shield.detect(text);
    if (found.length === 0) return { text, entities: [] };
    const entities: RedactedEntity[] = [];
    let out = '';
    let copied = 0;
    for (const { type, start, end, value } of found) {
      const label = this.labelFor(type, value);
      out += text.slice(copied, start) + label;
      entities.push({ type, start, end, label });
      copied = end;
    }
    out += text.slice(copied);
    return { text: out, entities };
  }

  /** A copy of `value` with every string in it redacted, at any depth. */
  redactObject<T>(value: T): T {
    return mapStrings(value, text => this.redact(text).text);
  }

  /**
   * Puts the real values back in place of this scope's labels. Text without
   * labels comes back unchanged.
   *
   * @throws UnknownLabelError for a label this scope did not issue.
   */
  rehydrate(text: string): string {
    if (text.indexOf('[') < 0) return text;
    return text.replace(LABEL_PATTERN, label => {
      const entry = this.entryByLabel.get(label);
      if (!entry) throw new UnknownLabelError(label);
      return entry.value;
    });
  }

  /** A copy of `value` (e.g. tool arguments) with every string rehydrated. */
  rehydrateObject<T>(value: T): T {
    return mapStrings(value, text => this.rehydrate(text));
  }

  /** The value behind `label`, if this scope issued it. */
  lookup(label: string): string | undefined {
    return this.entryByLabel.get(label)?.value;
  }

  /** The mapping, in the order the labels were issued. */
  toJSON(): PrivacyScopeJSON {
    return {
      version: 1,
      entries: [...this.entryByLabel.values()].map(entry => ({ ...entry })),
    };
  }

  /**
   * Restores a scope from `toJSON()` output; later redactions continue the
   * numbering where it stopped.
   *
   * @throws InvalidPrivacyMappingError when `json` is not a valid mapping.
   */
  static fromJSON(
    json: unknown,
    options: PrivacyScopeOptions = {},
  ): PrivacyScope {
    const parsed = snapshotSchema.safeParse(json);
    if (!parsed.success) {
      throw new InvalidPrivacyMappingError(
        `Invalid privacy mapping: ${describeZodError(parsed.error)}`,
      );
    }
    const scope = new PrivacyScope(options);
    for (const entry of parsed.data.entries) scope.restore(entry);
    return scope;
  }

  private restore(entry: PrivacyMappingEntry): void {
    const match = ISSUED_LABEL.exec(entry.label);
    if (!match || match[1] !== entry.type) {
      throw new InvalidPrivacyMappingError(
        `Invalid privacy mapping: label ${entry.label} does not fit type ${entry.type}`,
      );
    }
    if (this.entryByLabel.has(entry.label)) {
      throw new InvalidPrivacyMappingError(
        `Invalid privacy mapping: label ${entry.label} appears twice`,
      );
    }
    if (this.labelByValue.has(entry.value)) {
      throw new InvalidPrivacyMappingError(
        `Invalid privacy mapping: labels ${this.labelByValue.get(
          entry.value,
        )} and ${entry.label} share one value`,
      );
    }
    this.remember(entry);
    const n = Number(match[2]);
    if (n > (this.lastNumber.get(entry.type) ?? 0)) {
      this.lastNumber.set(entry.type, n);
    }
  }

  private labelFor(type: PiiType, value: string): string {
    const known = this.labelByValue.get(value);
    if (known) return known;
    const n = (this.lastNumber.get(type) ?? 0) + 1;
    this.lastNumber.set(type, n);
    const label = `[${type}_${n}]`;
    this.remember({ label, type, value });
    return label;
  }

  private remember(entry: PrivacyMappingEntry): void {
    this.labelByValue.set(entry.value, entry.label);
    this.entryByLabel.set(entry.label, { ...entry });
  }
}
