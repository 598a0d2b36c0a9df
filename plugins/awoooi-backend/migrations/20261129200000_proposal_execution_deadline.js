// @ts-check

/**
 * When an EXECUTING proposal must have an outcome by. Past it, the reconcile
 * task ends the proposal (FAILED, or UNKNOWN once the action was sent), so a
 * crashed or hung execution never keeps a fix blocked.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('proposals', table => {
    table.timestamp('execution_deadline', { useTz: true }).nullable();
    table.index(['state', 'execution_deadline']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('proposals', table => {
    table.dropIndex(['state', 'execution_deadline']);
    table.dropColumn('execution_deadline');
  });
};
