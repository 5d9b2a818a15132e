/**
 * `weaver import EXPORT.zip` (issue 27): the day files of an export already counted into the live
 * database, so an interrupted import resumes after them. Keyed by the export (its file name and
 * size) and the day file's path inside it; ids and paths only.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('export_import_files', (t) => {
    t.text('team_id').notNullable();
    t.text('export_key').notNullable();
    t.text('day_file').notNullable();
    t.timestamp('done_at', { useTz: true }).notNullable();
    t.primary(['team_id', 'export_key', 'day_file']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('export_import_files');
}
