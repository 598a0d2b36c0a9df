import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Applies the plugin's migrations, as the plugin does at start. */
export async function migrate(knex: Knex): Promise<Knex> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@awoooi/plugin-awoooi-backend',
      'migrations',
    ),
  });
  return knex;
}
