/**
 * Issue 15: the lead's Home shows the trend of the headline numbers as an image, uploaded once per
 * snapshot like the heat map. report_snapshots.trend_file_id holds its Slack file id, and the
 * trigger that forgets the heat map when a snapshot's report is rewritten now forgets it too.
 * Old snapshots (SiloReport version 1) are upgraded when read (src/domain/silos/storedReport.ts).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('report_snapshots', (t) => {
    t.text('trend_file_id').comment('Slack file id of the uploaded trend chart PNG');
  });
  await knex.raw(`
    create or replace function report_snapshots_forget_chart() returns trigger language plpgsql as $$
    begin
      if new.report is distinct from old.report and new.chart_file_id is not distinct from old.chart_file_id then
        new.chart_file_id := null;
      end if;
      if new.report is distinct from old.report and new.trend_file_id is not distinct from old.trend_file_id then
        new.trend_file_id := null;
      end if;
      return new;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function report_snapshots_forget_chart() returns trigger language plpgsql as $$
    begin
      if new.report is distinct from old.report and new.chart_file_id is not distinct from old.chart_file_id then
        new.chart_file_id := null;
      end if;
      return new;
    end $$`);
  await knex.schema.alterTable('report_snapshots', (t) => {
    t.dropColumn('trend_file_id');
  });
}
