import { Db, insertMany, nowIso } from '@awoooi/plugin-awoooi-node';
import type { PrivacyScopeRow } from './rows';

/** Encrypted Privacy-Shield mappings, one row per scope (incident). */
export class PrivacyStore {
  static create(db: Db): PrivacyStore {
    return new PrivacyStore(db);
  }

  private constructor(private readonly db: Db) {}

  async load(
    scopeId: string,
    db: Db = this.db,
  ): Promise<{ ciphertext: string; version: number } | undefined> {
    const row = await db<PrivacyScopeRow>('privacy_scopes')
      .where('scope_id', scopeId)
      .first();
    return row
      ? { ciphertext: row.ciphertext, version: Number(row.version) }
      : undefined;
  }

  /**
   * Writes the first version of scopes that cannot exist yet (those of
   * incidents being opened in this transaction); a clash is an error.
   */
  async createAll(
    scopes: Array<{ scopeId: string; ciphertext: string }>,
    db: Db = this.db,
  ) {
    const updatedAt = nowIso();
    const rows = scopes.map(
      (s): PrivacyScopeRow => ({
        scope_id: s.scopeId,
        ciphertext: s.ciphertext,
        version: 1,
        updated_at: updatedAt,
      }),
    );
    await insertMany(db, 'privacy_scopes', rows);
  }

  /**
   * Saves with optimistic concurrency: false when someone else saved a newer
   * version since `expectedVersion` was read (the caller reloads and merges).
   */
  async save(
    scopeId: string,
    ciphertext: string,
    expectedVersion: number | null,
    db: Db = this.db,
  ) {
    const updatedAt = nowIso();
    if (expectedVersion === null) {
      const inserted = await db<PrivacyScopeRow>('privacy_scopes')
        .insert({
          scope_id: scopeId,
          ciphertext,
          version: 1,
          updated_at: updatedAt,
        })
        .onConflict('scope_id')
        .ignore()
        .returning('scope_id');
      return inserted.length === 1;
    }
    const n = await db<PrivacyScopeRow>('privacy_scopes')
      .where({ scope_id: scopeId, version: expectedVersion })
      .update({
        ciphertext,
        version: expectedVersion + 1,
        updated_at: updatedAt,
      });
    return n === 1;
  }
}
