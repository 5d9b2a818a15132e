/**
 * Asks ("who could help me with X?") and "away means away":
 * - members.status_text / status_emoji / status_expiration: the person's Slack status as
 *   users.list and user_change carry it (no extra API call), read to skip people who are away;
 * - members.not_for_questions: the person's own "not for questions" choice;
 * - asks: one request per asker (at most one open: a partial unique index), the topic in the
 *   asker's words and its canonical tag; the optional "why" is erased when the request closes;
 * - ask_requests: who was asked, in which order, and their answer. Never shown to anyone: it
 *   exists for the monthly limit per helper and so that nobody is asked twice for one request.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('members', (t) => {
    t.text('status_text');
    t.text('status_emoji');
    t.timestamp('status_expiration', { useTz: true }).comment('null: the status does not expire');
    t.boolean('not_for_questions').notNullable().defaultTo(false).comment('"Not for questions" on the Home tab');
  });
  await knex.schema.createTable('asks', (t) => {
    t.bigIncrements('id');
    t.text('team_id').notNullable();
    t.text('asker_id').notNullable();
    t.text('kind').notNullable().defaultTo('ask').comment('ask | welcome (a newcomer’s first introduction)');
    t.text('topic').notNullable().comment('in the asker’s words, as they asked');
    t.jsonb('topic_tags').notNullable().defaultTo('[]').comment('canonical tags of the topic');
    t.text('why').comment('optional; erased when the request closes');
    t.boolean('outside_department').notNullable().defaultTo(false);
    t.text('status').notNullable().defaultTo('open').comment('open | matched | unanswered | withdrawn');
    t.text('helper_id').comment('who accepted (matched only)');
    t.text('group_channel_id');
    t.text('kept_for_round').comment('period key of the round the unanswered topic weighed in');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.index(['team_id', 'status']);
    t.index(['team_id', 'asker_id']);
  });
  await knex.raw(`create unique index asks_one_open_per_asker on asks (team_id, asker_id) where status = 'open'`);
  await knex.schema.createTable('ask_requests', (t) => {
    t.bigInteger('ask_id').notNullable().references('asks.id').onDelete('CASCADE');
    t.text('team_id').notNullable();
    t.text('helper_id').notNullable();
    t.integer('position').notNullable().comment('1 = asked first');
    t.text('response')
      .notNullable()
      .defaultTo('pending')
      .comment('pending | accepted | declined | expired | withdrawn');
    t.timestamp('asked_at', { useTz: true }).notNullable();
    t.timestamp('answered_at', { useTz: true });
    t.text('message_channel');
    t.text('message_ts');
    t.primary(['ask_id', 'helper_id']);
    t.unique(['ask_id', 'position']);
    t.index(['team_id', 'helper_id', 'asked_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ask_requests');
  await knex.schema.dropTableIfExists('asks');
  await knex.schema.alterTable('members', (t) => {
    t.dropColumn('status_text');
    t.dropColumn('status_emoji');
    t.dropColumn('status_expiration');
    t.dropColumn('not_for_questions');
  });
}
