// @ts-check

/**
 * Remediation proposals, their signatures (one row per person) and the
 * trust each action pattern has earned.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('proposals', table => {
    table.string('id', 36).primary();
    table.string('incident_id', 36).nullable();
    table.string('source', 16).notNullable();
    // One live proposal per incident (or recommendation), action and target.
    table.string('dedupe_key').notNullable().unique();
    table.string('action', 128).notNullable();
    table.string('executor', 64).notNullable();
    table.string('target').notNullable();
    table.string('entity_ref').notNullable();
    // Privacy-Shield output; real values exist only at the executor.
    table.text('params').notNullable();
    table.text('title').notNullable();
    table.string('base_risk', 16).notNullable();
    table.string('risk', 16).notNullable();
    table.string('pattern').notNullable();
    table.integer('trust_score').notNullable();
    table.text('required').notNullable();
    table.string('state', 16).notNullable();
    table.string('proposed_by').notNullable();
    table.text('dry_run').nullable();
    table.text('pre_execution_dry_run').nullable();
    table.text('result').nullable();
    table.text('reason').nullable();
    table.text('blast_radius').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['incident_id']);
    table.index(['entity_ref', 'state']);
    table.index(['state', 'expires_at']);
  });

  await knex.schema.createTable('proposal_signatures', table => {
    table.bigIncrements('id').primary();
    table
      .string('proposal_id', 36)
      .notNullable()
      .references('id')
      .inTable('proposals')
      .onDelete('CASCADE');
    table.string('user_ref').notNullable();
    table.string('role', 16).notNullable();
    table.string('decision', 16).notNullable();
    table.text('comment').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    // One signature per person per proposal, whatever the concurrency.
    table.unique(['proposal_id', 'user_ref']);
  });

  await knex.schema.createTable('trust_patterns', table => {
    table.string('pattern').primary();
    table.integer('score').notNullable();
    table.string('base_risk', 16).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('trust_patterns');
  await knex.schema.dropTable('proposal_signatures');
  await knex.schema.dropTable('proposals');
};
