/**
 * events_seen.processed_at: when the event's handlers finished. An event in the local journal
 * (issue 24) whose row exists but was never marked processed (the process stopped or died while it
 * was handled) is run again when the journal is replayed; one marked processed is not.
 * Rows written before this migration count as processed.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table events_seen add column processed_at timestamptz');
  await knex.raw('update events_seen set processed_at = seen_at');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table events_seen drop column processed_at');
}
