/**
 * channels.renamed_at: the time of the last channel_rename applied, so a rename Slack delivers
 * late (a retry, out of order) does not undo a newer one.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.timestamp('renamed_at', { useTz: true }).comment('event time of the last channel_rename applied');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.dropColumn('renamed_at');
  });
}
