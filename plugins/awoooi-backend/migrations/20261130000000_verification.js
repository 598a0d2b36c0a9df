// @ts-check

/**
 * Every executed fix is verified in a window after it runs; one row per
 * execution holds the window and, once decided, its single outcome (the
 * conditional update on a null outcome lets only one instance decide).
 * Trust patterns remember their last outcome, and whether a regressed
 * automatic run stopped automatic runs until a person approves again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('proposal_verifications', table => {
    table
      .string('proposal_id', 36)
      .primary()
      .references('id')
      .inTable('proposals')
      .onDelete('CASCADE');
    table.timestamp('executed_at', { useTz: true }).notNullable();
    table.timestamp('deadline', { useTz: true }).notNullable();
    // VERIFIED, INEFFECTIVE or REGRESSED; null while the window is open.
    table.string('outcome', 16).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.timestamp('checked_at', { useTz: true }).nullable();
    table.text('detail').nullable();
    table.string('rollback_proposal_id', 36).nullable();
    table.index(['outcome', 'deadline']);
  });
  await knex.schema.alterTable('trust_patterns', table => {
    table.string('last_outcome', 16).nullable();
    table.boolean('auto_suspended').notNullable().defaultTo(false);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('trust_patterns', table => {
    table.dropColumn('auto_suspended');
    table.dropColumn('last_outcome');
  });
  await knex.schema.dropTable('proposal_verifications');
};
