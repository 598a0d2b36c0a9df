import { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import type { PrivacyStore } from '../database/PrivacyStore';
import type { Db } from '@awoooi/plugin-awoooi-node';
import type { MappingCipher } from './encryption';

/**
 * Per-incident Privacy-Shield scopes, persisted encrypted so every backend
 * instance redacts one incident's values to the same labels and the
 * executor can rehydrate them. Without a key nothing is stored: labels stay
 * consistent within one analysis only, and rehydration is impossible.
 */
export class PrivacyVault {
  constructor(
    private readonly store: PrivacyStore,
    private readonly cipher: MappingCipher | undefined,
  ) {}

  get canRehydrate() {
    return this.cipher !== undefined;
  }

  /**
   * Runs `fn` with the incident's scope and saves new labels it created.
   * Retries on a concurrent save so two instances never fork a mapping.
   * `db` lets a caller inside a transaction (ingest) use its connection.
   */
  async withScope<T>(
    scopeId: string,
    fn: (scope: PrivacyScope) => T,
    db?: Db,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const { scope, version } = await this.load(scopeId, db);
      const before = scope.size;
      const result = fn(scope);
      if (!this.cipher || scope.size === before) return result;
      const saved = await this.store.save(
        scopeId,
        this.cipher.encrypt(JSON.stringify(scope.toJSON())),
        version,
        db,
      );
      if (saved) return result;
      if (attempt >= 5)
        throw new Error(`Privacy scope ${scopeId} kept changing; giving up`);
    }
  }

  /**
   * Runs `fn` once per new scope (incidents being opened: nothing is stored
   * for them yet) and saves the scopes that gained labels, in one go.
   */
  async withNewScopes<T>(
    scopeIds: string[],
    fn: (scopeId: string, scope: PrivacyScope) => T,
    db?: Db,
  ): Promise<Map<string, T>> {
    const results = new Map<string, T>();
    const saved: Array<{ scopeId: string; ciphertext: string }> = [];
    for (const scopeId of scopeIds) {
      const scope = new PrivacyScope();
      results.set(scopeId, fn(scopeId, scope));
      if (this.cipher && scope.size > 0) {
        const ciphertext = this.cipher.encrypt(JSON.stringify(scope.toJSON()));
        saved.push({ scopeId, ciphertext });
      }
    }
    await this.store.createAll(saved, db);
    return results;
  }

  /** The scope as stored (read-only use: rehydration at the executor). */
  async read(scopeId: string): Promise<PrivacyScope> {
    return (await this.load(scopeId)).scope;
  }

  private async load(scopeId: string, db?: Db) {
    const row = this.cipher ? await this.store.load(scopeId, db) : undefined;
    if (!row || !this.cipher)
      return { scope: new PrivacyScope(), version: null };
    return {
      scope: PrivacyScope.fromJSON(
        JSON.parse(this.cipher.decrypt(row.ciphertext)),
      ),
      version: row.version,
    };
  }
}
