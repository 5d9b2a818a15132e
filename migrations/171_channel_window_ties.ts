/**
 * channels.window_ties / window_cross_ties: the distinct pairs of people who interacted in the
 * channel over the report window, and how many of them joined two departments, as the last
 * whole-workspace recompute of channel kinds counted them (after sync, before each daily snapshot).
 * A membership event decides one channel's kind again from these instead of scanning the window's
 * interactions (seconds at a million ties). Null: not counted yet.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.integer('window_ties');
    t.integer('window_cross_ties');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.dropColumn('window_ties');
    t.dropColumn('window_cross_ties');
  });
}
