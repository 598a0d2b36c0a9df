// @ts-check

/**
 * Alert names and group keys are whatever a sender labels them, of any
 * length: they are stored whole as text.
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
};

/**
 * Group keys longer than 255 characters do not fit the old columns; they
 * are cut, which may merge groups that differed only past that point.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
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
