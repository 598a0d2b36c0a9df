// @ts-check

/**
 * The scheduled scanners: their runs, host capacity, the alert rule catalog,
 * the asset inventory, compliance snapshots and evidence, FinOps reports.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scan_runs', table => {
    table.increments('id');
    table.string('scan_id', 32).notNullable();
    table.string('trigger', 16).notNullable();
    table.string('triggered_by').nullable();
    // The cron slot a scheduled run is for: one run per slot, across instances.
    table.timestamp('scheduled_for', { useTz: true }).nullable();
    // scan_id while running, null once finished: one running run per scanner.
    table.string('running_key', 32).nullable().unique();
    table.string('status', 16).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('counts').notNullable();
    table.text('notes').notNullable();
    table.text('error').nullable();
    table.unique(['scan_id', 'scheduled_for']);
    table.index(['scan_id', 'id']);
  });

  await knex.schema.createTable('host_capacity_snapshot', table => {
    table.increments('id');
    table.integer('run_id').notNullable();
    table.string('server').notNullable();
    table.string('instance').notNullable();
    table.double('load1').notNullable();
    table.double('load5').notNullable();
    table.double('load15').notNullable();
    table.double('cpu_percent').notNullable();
    table.double('iowait_percent').notNullable();
    table.double('memory_percent').notNullable();
    table.double('swap_percent').notNullable();
    table.string('verdict', 16).notNullable();
    table.text('entity_refs').notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.index(['server', 'instance', 'run_id']);
    table.index(['run_id']);
  });

  await knex.schema.createTable('capacity_violation_event', table => {
    table.increments('id');
    table.string('server').notNullable();
    table.string('instance').notNullable();
    table.string('metric', 16).notNullable();
    table.double('value').notNullable();
    table.double('threshold').notNullable();
    table.text('entity_refs').notNullable();
    // server|instance|metric while open, null once resolved.
    table.string('open_key').nullable().unique();
    table.integer('opened_run_id').notNullable();
    table.integer('last_run_id').notNullable();
    table.timestamp('detected_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.index(['resolved_at']);
    table.index(['server', 'instance']);
  });

  await knex.schema.createTable('alert_rule_catalog', table => {
    table.string('id', 64).primary();
    table.string('server').notNullable();
    table.text('file').notNullable();
    table.string('group_name').notNullable();
    table.string('name').notNullable();
    // The nth rule of that name in its group (alerts often repeat per severity).
    table.integer('occurrence').notNullable();
    table.text('expression').notNullable();
    table.double('for_seconds').notNullable();
    table.text('labels').notNullable();
    table.text('annotations').notNullable();
    table.string('health', 16).notNullable();
    table.text('last_error').nullable();
    table.timestamp('last_evaluation', { useTz: true }).nullable();
    table.string('alert_state', 16).nullable();
    table.string('content_hash', 64).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('last_synced_at', { useTz: true }).notNullable();
    table.timestamp('retired_at', { useTz: true }).nullable();
    table.index(['server', 'status']);
  });

  await knex.schema.createTable('asset_inventory', table => {
    table.string('id', 1024).primary();
    table.string('source', 16).notNullable();
    // The discovery source that reports it: `catalog` or `kubernetes:<cluster>`.
    table.string('origin').notNullable();
    table.string('kind', 32).notNullable();
    table.string('name').notNullable();
    table.string('namespace').nullable();
    table.string('cluster').nullable();
    table.string('entity_ref').nullable();
    table.string('owner_ref').nullable();
    table.text('attributes').notNullable();
    table.text('coverage').notNullable();
    table.string('fingerprint', 64).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('gone_at', { useTz: true }).nullable();
    table.integer('last_run_id').notNullable();
    table.index(['origin', 'status']);
    table.index(['entity_ref']);
    table.index(['owner_ref']);
  });

  await knex.schema.createTable('asset_discovery_run', table => {
    table.increments('id');
    table.integer('run_id').notNullable();
    table.string('origin').notNullable();
    table.string('status', 16).notNullable();
    table.integer('found').notNullable();
    table.integer('new_count').notNullable();
    table.integer('changed_count').notNullable();
    table.integer('gone_count').notNullable();
    table.text('error').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['run_id']);
  });

  await knex.schema.createTable('asset_coverage_snapshot', table => {
    table.increments('id');
    table.integer('run_id').notNullable();
    table.string('dimension', 32).notNullable();
    table.integer('covered').notNullable();
    table.integer('total').notNullable();
    // Covered assets per source that makes the dimension known.
    table.text('by_source').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['run_id']);
  });

  await knex.schema.createTable('asset_compliance_snapshot', table => {
    table.increments('id');
    table.integer('run_id').notNullable();
    table.string('asset_id', 1024).notNullable();
    table.string('entity_ref').nullable();
    table.string('dimension', 32).notNullable();
    table.string('status', 16).notNullable();
    table.string('source', 32).nullable();
    table.text('evidence').notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.index(['asset_id', 'run_id']);
    table.index(['run_id']);
  });

  await knex.schema.createTable('compliance_score_history', table => {
    table.increments('id');
    table.integer('run_id').notNullable();
    table.string('asset_id', 1024).notNullable();
    table.string('entity_ref').nullable();
    table.string('owner_ref').nullable();
    table.double('score').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['asset_id', 'run_id']);
    table.index(['owner_ref', 'run_id']);
  });

  await knex.schema.createTable('compliance_evidence', table => {
    table.string('id', 36).primary();
    table.string('entity_ref').notNullable();
    table.string('dimension', 32).notNullable();
    table.string('result', 16).notNullable();
    table.text('summary').notNullable();
    table.string('source', 64).notNullable();
    table.text('details').notNullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('created_by').notNullable();
    table.index(['entity_ref', 'dimension', 'observed_at']);
  });

  await knex.schema.createTable('finops_recommendation', table => {
    table.string('id', 64).primary();
    table.string('cluster').notNullable();
    table.string('kind', 32).notNullable();
    table.string('resource').notNullable();
    table.string('entity_ref').nullable();
    table.double('monthly_cost').notNullable();
    table.boolean('realizable').notNullable();
    table.string('risk', 16).notNullable();
    table.string('action', 64).notNullable();
    table.text('detail').notNullable();
    table.string('proposal_id', 36).nullable();
    table.string('status', 16).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.integer('last_run_id').notNullable();
    table.index(['cluster', 'status']);
    table.index(['entity_ref', 'status']);
  });

  await knex.schema.createTable('finops_report', table => {
    table.increments('id');
    table.integer('run_id').notNullable();
    table.string('scope_type', 16).notNullable();
    table.string('scope').notNullable();
    table.string('currency', 8).notNullable();
    table.double('monthly_waste').notNullable();
    table.double('realizable').notNullable();
    table.double('freed').notNullable();
    table.double('annual').notNullable();
    table.text('recommendation_ids').notNullable();
    table.timestamp('generated_at', { useTz: true }).notNullable();
    table.index(['scope_type', 'scope', 'id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'finops_report',
    'finops_recommendation',
    'compliance_evidence',
    'compliance_score_history',
    'asset_compliance_snapshot',
    'asset_coverage_snapshot',
    'asset_discovery_run',
    'asset_inventory',
    'alert_rule_catalog',
    'capacity_violation_event',
    'host_capacity_snapshot',
    'scan_runs',
  ]) {
    await knex.schema.dropTable(table);
  }
};
