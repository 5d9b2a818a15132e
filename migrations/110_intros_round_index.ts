/**
 * intros(round_id): a round's intros are read by round (the round summary, the outcome follow-up) and
 * deleting a round cascades to its intros; without an index each of those scans every intro.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('intros', (t) => {
    t.index(['round_id'], 'intros_round_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('intros', (t) => {
    t.dropIndex(['round_id'], 'intros_round_id_index');
  });
}
