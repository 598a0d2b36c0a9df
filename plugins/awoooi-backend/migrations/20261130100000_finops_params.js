// @ts-check

/**
 * A FinOps recommendation carries the parameters of the fix it names
 * (`{ replicas: 1 }` for a scale-down), as JSON; the prose in `detail` is
 * for people only. Rows from before stay without parameters until the next
 * scan writes them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('finops_recommendation', table => {
    table.text('params').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('finops_recommendation', table => {
    table.dropColumn('params');
  });
};
