// @ts-check

/**
 * Whether an incident still has a firing alert is asked on every resolved
 * alert: an index on (incident, status) answers it at the first firing
 * alert instead of reading every alert of a large incident. It serves the
 * lookups by incident alone too, so the index on incident_id goes: one index
 * less to update per stored alert.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.index(['incident_id', 'status'], 'alerts_incident_status_index');
  });
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex(['incident_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.index(['incident_id']);
  });
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex(['incident_id', 'status'], 'alerts_incident_status_index');
  });
};
