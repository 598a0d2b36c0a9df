// @ts-check

const { createHash } = require('crypto');

/**
 * Alert names and group keys are whatever a sender labels them, of any
 * length: they are stored whole as text. The open-incident key, which needs a
 * unique index, becomes a fixed-length hash of entity and group key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // SQLite does not enforce varchar lengths; PostgreSQL does.
  if (knex.client.dialect === 'postgresql') {
    for (const name of ['incidents', 'alerts']) {
      await knex.schema.alterTable(name, table => {
        table.text('group_key').notNullable().alter();
      });
    }
  }
  const open = await knex('incidents')
    .select('id', 'entity_ref', 'group_key')
    .whereNotNull('open_key');
  for (const row of open) {
    await knex('incidents')
      .where('id', row.id)
      .update({ open_key: openKey(row.entity_ref, row.group_key) });
  }
};

/**
 * Group keys longer than 255 characters do not fit the old columns; they
 * are cut, which may merge groups that differed only past that point.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const open = await knex('incidents')
    .select('id', 'entity_ref', 'group_key')
    .whereNotNull('open_key');
  for (const row of open) {
    await knex('incidents')
      .where('id', row.id)
      .update({ open_key: `${row.entity_ref}|${row.group_key}`.slice(0, 255) });
  }
  if (knex.client.dialect === 'postgresql') {
    for (const name of ['incidents', 'alerts']) {
      await knex.raw(
        `update ?? set group_key = left(group_key, 255) where length(group_key) > 255`,
        [name],
      );
      await knex.schema.alterTable(name, table => {
        table.string('group_key').notNullable().alter();
      });
    }
  }
};

/**
 * Must equal IncidentStore's open key: sha256 of `entityRef|groupKey`, hex.
 *
 * @param {string} entityRef
 * @param {string} groupKey
 */
function openKey(entityRef, groupKey) {
  return createHash('sha256').update(`${entityRef}|${groupKey}`).digest('hex');
}
