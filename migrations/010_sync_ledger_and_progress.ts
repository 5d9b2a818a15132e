/**
 * Sync bookkeeping (issue 3):
 * - interaction_ledger: one row per counted interaction source (a message's reply or mention, one
 *   person's emoji on a message). Counts in `interactions` are only incremented for ledger rows
 *   that were newly inserted, so a re-run sync, a retried or replayed event, or the same message
 *   seen by both history back-fill and a live event is counted once. Holds ids and a day only,
 *   never text; pruned with `interactions` by the retention job.
 * - sync_runs / sync_steps: the current back-fill run per workspace and the steps it finished,
 *   so an interrupted `weaver sync` (or sync job) resumes where it stopped.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('interaction_ledger', (t) => {
    t.text('team_id').notNullable();
    t.text('source').notNullable().comment('channel:ts:kind:target[:reactor:emoji]; ids only');
    t.date('day').notNullable();
    t.text('channel_id').notNullable();
    t.text('actor_id').notNullable();
    t.text('target_id').notNullable();
    t.text('kind').notNullable();
    t.primary(['team_id', 'source']);
    t.index(['team_id', 'day']);
  });

  await knex.schema.createTable('sync_runs', (t) => {
    t.text('team_id').notNullable().primary();
    t.text('run_id').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).comment('null while a run is unfinished (it resumes)');
    t.timestamp('history_oldest', { useTz: true })
      .notNullable()
      .comment('history window start, fixed for the whole run');
    t.timestamp('last_finished_at', { useTz: true }).comment('end of the last complete run');
  });

  await knex.schema.createTable('sync_steps', (t) => {
    t.text('team_id').notNullable();
    t.text('run_id').notNullable();
    t.text('step').notNullable().comment('users | channels | members:<channel> | history:<channel> | ...');
    t.primary(['team_id', 'run_id', 'step']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sync_steps');
  await knex.schema.dropTableIfExists('sync_runs');
  await knex.schema.dropTableIfExists('interaction_ledger');
}
