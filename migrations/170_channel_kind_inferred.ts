/**
 * channels.kind_inferred: whether the stored kind was inferred from data (who is in the channel and
 * talks there) rather than set by a lead or a name pattern, so the live report counts inferred
 * kinds (data.channels.inferred) and shows each stored reason as it was decided.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.boolean('kind_inferred').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.dropColumn('kind_inferred');
  });
}
