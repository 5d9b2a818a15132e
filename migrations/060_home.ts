/**
 * App Home:
 * - members.contact_frequency: how often a person wants prompts and introductions
 *   ('normal' | 'less' | 'rarely'); prompt and round planners honour it.
 * - a GIN index on passions.tags, so "communities you might like" finds the people who share a
 *   person's passions without scanning every answer (the Home tab opens within a second);
 * - a trigger that forgets a snapshot's uploaded heat map when its report is rewritten (the same
 *   day computed again), so the Home tab re-renders the chart only when the snapshot changed.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('members', (t) => {
    t.text('contact_frequency').notNullable().defaultTo('normal').comment('normal | less | rarely');
  });
  await knex.raw('create index passions_tags_gin on passions using gin (tags jsonb_path_ops)');
  await knex.raw(`
    create function report_snapshots_forget_chart() returns trigger language plpgsql as $$
    begin
      if new.report is distinct from old.report and new.chart_file_id is not distinct from old.chart_file_id then
        new.chart_file_id := null;
      end if;
      return new;
    end $$`);
  await knex.raw(`
    create trigger report_snapshots_forget_chart before update on report_snapshots
    for each row execute function report_snapshots_forget_chart()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists report_snapshots_forget_chart on report_snapshots');
  await knex.raw('drop function if exists report_snapshots_forget_chart()');
  await knex.raw('drop index if exists passions_tags_gin');
  await knex.schema.alterTable('members', (t) => {
    t.dropColumn('contact_frequency');
  });
}
