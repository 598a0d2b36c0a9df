import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/awoooi-test-utils';
import { insertMany, isUniqueViolation } from '@awoooi/plugin-awoooi-node';

// insertMany is the database kit's (in -node, whose own tests need no
// database); it is tested here, where the test databases are.

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function table(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  await knex.schema.createTable('things', t => {
    t.string('id').primary();
    t.string('key').notNullable().unique();
    t.text('text').nullable();
    t.integer('count').notNullable();
    t.boolean('flag').notNullable().defaultTo(false);
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('kept').notNullable().defaultTo('default');
  });
  return knex;
}

const row = (i: number, text: string | null = `text ${i}`) => ({
  id: `id-${i}`,
  key: `k${i}`,
  text,
  count: i,
  flag: i % 2 === 0,
  at: new Date(Date.UTC(2026, 10, 29, 3, i)).toISOString(),
});

async function read(knex: Awaited<ReturnType<typeof table>>) {
  return (await knex('things').orderBy('count')).map(r => ({
    ...r,
    flag: Boolean(r.flag),
    at: new Date(r.at).toISOString(),
  }));
}

describe.each(databases.eachSupportedId())('insertMany on %s', databaseId => {
  it('inserts thousands of rows with their types, defaults for the columns not given', async () => {
    const knex = await table(databaseId);
    const rows = Array.from({ length: 5_000 }, (_, i) =>
      row(i, i ? `«${i}» "q" \\ ☃` : null),
    );
    await insertMany(knex, 'things', rows, { columns: ['key'] });
    const stored = await read(knex);
    expect(stored).toHaveLength(5_000);
    expect(stored[0]).toEqual({ ...rows[0], kept: 'default' });
    expect(stored[4_999]).toEqual({ ...rows[4_999], kept: 'default' });
  });

  it('without a conflict rule, rejects a clash as a unique violation and stores none of the rows', async () => {
    const knex = await table(databaseId);
    await insertMany(knex, 'things', [row(1)]);
    const error = await insertMany(knex, 'things', [row(2), row(1)]).catch(
      e => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect((await read(knex)).map(r => r.key)).toEqual(['k1']);
  });

  it('keeps the stored row on a clash, or overwrites only the columns to merge', async () => {
    const knex = await table(databaseId);
    await insertMany(knex, 'things', [row(1), row(2)], { columns: ['key'] });
    const again = [{ ...row(1), id: 'new-1', text: 'changed' }];
    await insertMany(knex, 'things', again, { columns: ['key'] });
    expect((await read(knex))[0]).toMatchObject({ id: 'id-1', text: 'text 1' });
    await insertMany(knex, 'things', again, {
      columns: ['key'],
      merge: ['text'],
    });
    expect(await read(knex)).toEqual([
      { ...row(1), text: 'changed', kept: 'default' },
      { ...row(2), kept: 'default' },
    ]);
  });
});

describe.each(
  databases.eachSupportedId().filter(([id]) => id.startsWith('POSTGRES')),
)('insertMany on %s, a value left undefined', databaseId => {
  it('gets the column default, as a bound insert gives it, not NULL from JSON', async () => {
    const knex = await table(databaseId);
    await insertMany(
      knex,
      'things',
      [
        { ...row(1), kept: 'given' },
        { ...row(2), kept: undefined },
      ],
      { columns: ['key'] },
    );
    expect((await read(knex)).map(r => r.kept)).toEqual(['given', 'default']);
  });
});
