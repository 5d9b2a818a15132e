/**
 * - ask_requests.matched_tag / matched_via: the tag of the person asked that matched the ask (and
 *   whether they could teach it or love it), so the request DM and a newcomer's welcome group DM
 *   name it without ranking again;
 * - one open request per asker *and kind*: a newcomer's welcome introduction being arranged does
 *   not stop them asking a question of their own.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ask_requests', (t) => {
    t.text('matched_tag');
    t.text('matched_via').comment('teach | passion');
  });
  await knex.raw('drop index asks_one_open_per_asker');
  await knex.raw(`create unique index asks_one_open_per_asker on asks (team_id, asker_id, kind) where status = 'open'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index asks_one_open_per_asker');
  await knex.raw(`create unique index asks_one_open_per_asker on asks (team_id, asker_id) where status = 'open'`);
  await knex.schema.alterTable('ask_requests', (t) => {
    t.dropColumn('matched_tag');
    t.dropColumn('matched_via');
  });
}
