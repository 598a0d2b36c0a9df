// @ts-check
const { createHash } = require('crypto');

/**
 * Open incidents' `open_key` holds a hash of the alert group instead of the
 * alert group itself (alert text stays in the raw alerts table only).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const open = await knex('incidents')
    .select('id', 'entity_ref', 'group_key')
    .whereNotNull('open_key');
  for (const row of open) {
    const hash = createHash('sha256').update(row.group_key).digest('hex');
    await knex('incidents')
      .where({ id: row.id })
      .update({ open_key: `${row.entity_ref}|${hash}` });
  }
};

/** @param {import('knex').Knex} _knex */
exports.down = async function down(_knex) {
  // The alert group can't be recovered from its hash; keys stay hashed.
};
