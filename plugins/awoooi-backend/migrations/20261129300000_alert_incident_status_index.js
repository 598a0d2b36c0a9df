// @ts-check

/**
 * Whether an incident still has a firing alert is asked on every resolved
 * alert: an index on (incident, status) answers it at the first firing
 * alert instead of reading every alert of a large incident.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.index(['incident_id', 'status'], 'alerts_incident_status_index');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex(['incident_id', 'status'], 'alerts_incident_status_index');
  });
};
