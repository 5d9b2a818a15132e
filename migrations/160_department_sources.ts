/**
 * Departments from where the organisation keeps them (issue 27):
 * - members.division / members.manager_id: what SCIM's enterprise extension says besides the department;
 * - members.profile_read_at: when the profile-field back-fill read this person (null: not yet), so the
 *   back-fill resumes after a restart and its progress is a count;
 * - department_reads: the last read of each source per workspace (SCIM, an HR file), with the file's
 *   name and date, shown beside the report's department coverage.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('members', (t) => {
    t.text('division');
    t.text('manager_id');
    t.timestamp('profile_read_at', { useTz: true });
  });
  await knex.schema.createTable('department_reads', (t) => {
    t.text('team_id').notNullable();
    t.text('source').notNullable().comment('scim | csv');
    t.timestamp('read_at', { useTz: true }).notNullable();
    t.text('file_name');
    t.timestamp('file_modified_at', { useTz: true });
    t.integer('rows_applied').notNullable().defaultTo(0);
    t.integer('people_changed').notNullable().defaultTo(0);
    t.primary(['team_id', 'source']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('department_reads');
  await knex.schema.alterTable('members', (t) => {
    t.dropColumn('division');
    t.dropColumn('manager_id');
    t.dropColumn('profile_read_at');
  });
}
