/**
 * interaction_tombstones: what was un-counted (a reaction removed, a mention edited out, a message
 * deleted, a message edited: `<channel>:<ts>:edited`) and when; interaction_ledger.counted_at:
 * when a counted interaction was last (re)counted. Slack may deliver events out of order (a retried reaction_added after its
 * reaction_removed, a message after its deletion): an interaction that happened before its
 * tombstone is not counted again; one that happened after it (the emoji added back) is. Ids and a
 * day only, pruned with the interaction counts by the retention job, deleted with a person's data.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('interaction_tombstones', (t) => {
    t.text('team_id').notNullable();
    t.text('source').notNullable().comment('the interaction_ledger source that was un-counted');
    t.date('day').notNullable();
    t.text('actor_id').notNullable();
    t.text('target_id').notNullable();
    t.timestamp('removed_at', { useTz: true }).notNullable();
    t.primary(['team_id', 'source']);
    t.index(['team_id', 'day']);
  });
  await knex.schema.alterTable('interaction_ledger', (t) => {
    // An edit or deletion reads one message's counted sources: find them by channel and day.
    t.index(['team_id', 'channel_id', 'day']);
    // The latest time the interaction was (re)counted: a removal older than that does not undo it.
    t.timestamp('counted_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interaction_ledger', (t) => {
    t.dropIndex(['team_id', 'channel_id', 'day']);
    t.dropColumn('counted_at');
  });
  await knex.schema.dropTable('interaction_tombstones');
}
