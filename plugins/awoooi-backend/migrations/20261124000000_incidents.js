// @ts-check

/**
 * Alerts, incidents, their analyses and live-reasoning transcripts, encrypted
 * Privacy-Shield mappings, and the append-only operation log.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incidents', table => {
    table.string('id', 36).primary();
    table.string('entity_ref').notNullable();
    table.string('group_key').notNullable();
    // entity_ref + group_key while open, null once resolved: at most one open
    // incident per entity and alert group, enforced by the database.
    table.string('open_key').nullable().unique();
    table.text('title').notNullable();
    table.string('severity', 16).notNullable();
    table.string('state', 16).notNullable();
    table.string('analysis_state', 16).notNullable();
    table.integer('analysis_attempts').notNullable().defaultTo(0);
    table.timestamp('analysis_claimed_at', { useTz: true }).nullable();
    table.integer('analysis_version').notNullable().defaultTo(0);
    table.double('cost_per_hour').nullable();
    table.string('notified_severity', 16).nullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'state']);
    table.index(['analysis_state']);
    table.index(['opened_at']);
  });

  await knex.schema.createTable('alerts', table => {
    table.string('id', 36).primary();
    table.string('fingerprint').notNullable().unique();
    table.string('source', 16).notNullable();
    table.string('status', 16).notNullable();
    table.string('severity', 16).notNullable();
    table.text('title').notNullable();
    table.text('labels').notNullable();
    table.text('annotations').notNullable();
    table.string('group_key').notNullable();
    table.string('entity_ref').nullable();
    table
      .string('incident_id', 36)
      .nullable()
      .references('id')
      .inTable('incidents')
      .onDelete('SET NULL');
    // Hash of what the sender said; a re-sent identical alert changes nothing.
    table.string('content_hash', 64).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).nullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['incident_id']);
    table.index(['entity_ref', 'status']);
  });

  await knex.schema.createTable('incident_analyses', table => {
    table
      .string('incident_id', 36)
      .primary()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('brain', 64).notNullable();
    table.text('narrative').notNullable();
    table.text('root_causes').notNullable();
    table.text('blast_radius').notNullable();
    table.double('cost_per_hour').nullable();
    table.string('currency', 8).notNullable();
    table.integer('entities_walked').notNullable();
    table.text('remediations').notNullable();
    table.text('notes').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('incident_transcript', table => {
    table.bigIncrements('id').primary();
    table
      .string('incident_id', 36)
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.string('kind', 16).notNullable();
    table.text('text').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['incident_id', 'seq']);
  });

  await knex.schema.createTable('privacy_scopes', table => {
    table.string('scope_id', 64).primary();
    // AES-256-GCM ciphertext of the serialised mapping; never plaintext.
    table.text('ciphertext').notNullable();
    table.integer('version').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('automation_operation_log', table => {
    table.bigIncrements('id').primary();
    table.string('op_type', 64).notNullable();
    table.string('actor').notNullable();
    table.string('entity_ref').nullable();
    table.string('incident_id', 36).nullable();
    table.string('proposal_id', 36).nullable();
    table.text('details').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['op_type']);
    table.index(['incident_id']);
    table.index(['proposal_id']);
    table.index(['entity_ref']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_operation_log');
  await knex.schema.dropTable('privacy_scopes');
  await knex.schema.dropTable('incident_transcript');
  await knex.schema.dropTable('incident_analyses');
  await knex.schema.dropTable('alerts');
  await knex.schema.dropTable('incidents');
};
