// @ts-check

/**
 * Correlated incidents: one incident spans every entity of an outage.
 * `incident_entities` lists the members (with their distance to the root
 * cause); `merged_into` points an absorbed incident at its survivor; the
 * lock row serialises correlation decisions across backend instances;
 * `proposal_incidents` links one open fix to every incident that needs it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_entities', table => {
    table
      .string('incident_id', 36)
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('entity_ref').notNullable();
    // Hops from this entity down to the incident's root cause; null when the
    // root cause is not below it.
    table.integer('hops_to_root_cause').nullable();
    table.primary(['incident_id', 'entity_ref']);
    table.index(['entity_ref']);
  });
  await knex.schema.alterTable('incidents', table => {
    table.string('merged_into', 36).nullable();
  });
  // At most one open proposal per (action, target): another incident that
  // needs the same fix is linked to it here.
  await knex.schema.createTable('proposal_incidents', table => {
    table
      .string('proposal_id', 36)
      .notNullable()
      .references('id')
      .inTable('proposals')
      .onDelete('CASCADE');
    table.string('incident_id', 36).notNullable();
    table.primary(['proposal_id', 'incident_id']);
    table.index(['incident_id']);
  });
  await knex.schema.createTable('awoooi_locks', table => {
    table.string('name', 64).primary();
  });
  await knex('awoooi_locks').insert({ name: 'correlation' });
  // Incidents are no longer unique per entity and alert group: correlation
  // places alerts. The old key (which held raw alert text) is cleared.
  await knex('incidents').update({ open_key: null });
  const incidents = await knex('incidents').select('id', 'entity_ref');
  for (let i = 0; i < incidents.length; i += 200) {
    await knex('incident_entities').insert(
      incidents.slice(i, i + 200).map(r => ({
        incident_id: r.id,
        entity_ref: r.entity_ref,
        hops_to_root_cause: 0,
      })),
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('awoooi_locks');
  await knex.schema.dropTable('proposal_incidents');
  await knex.schema.alterTable('incidents', table => {
    table.dropColumn('merged_into');
  });
  await knex.schema.dropTable('incident_entities');
};
