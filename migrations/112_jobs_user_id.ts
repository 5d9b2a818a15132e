/**
 * jobs.user_id: the one person a job concerns (a prompt, an intro suggestion or reminder, a nudge —
 * every job creator that concerns one person puts them in the payload's `userId`), generated from
 * the payload so no job can miss it, and indexed with team_id: deleting a person's data finds their
 * jobs by index instead of scanning the text of every payload.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table jobs add column user_id text generated always as (payload->>'userId') stored`);
  await knex.raw(`create index jobs_team_user_index on jobs (team_id, user_id) where user_id is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists jobs_team_user_index');
  await knex.raw('alter table jobs drop column user_id');
}
