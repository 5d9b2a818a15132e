/**
 * The ordered list of migrations. Add a new file and append it here; never edit an applied one.
 * Listing them statically lets the same code run under tsx, jest and a compiled build.
 */
import type { Knex } from 'knex';
import * as m001 from './001_initial_schema';
import * as m060 from './060_home';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Array<[string, Migration]> = [
  ['001_initial_schema', m001],
  ['060_home', m060],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
