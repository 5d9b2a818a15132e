/**
 * Passion prompts: one row per prompt sent to a person (with its reminders), the "Not now"
 * snooze, the workspace's own tag synonyms, and a one-way hash of people who asked Weaver to
 * forget them (so a later member sync does not prompt them again; `/weaver optin` removes it).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('members', (t) => {
    t.timestamp('prompts_snoozed_until', { useTz: true }).comment('"Not now" on a passion prompt');
  });

  await knex.schema.createTable('passion_prompts', (t) => {
    t.text('team_id').notNullable();
    t.text('prompt_key').notNullable().comment('e.g. prompt:first:U123; same key as the job');
    t.text('user_id').notNullable();
    t.text('kind').notNullable().comment('welcome | first | refresh');
    t.integer('sends').notNullable().defaultTo(0).comment('1 = the prompt, 2.. = reminders');
    t.timestamp('first_sent_at', { useTz: true });
    t.timestamp('last_sent_at', { useTz: true });
    t.timestamp('answered_at', { useTz: true });
    t.text('channel_id');
    t.text('message_ts');
    t.primary(['team_id', 'prompt_key']);
    t.index(['team_id', 'user_id']);
  });

  await knex.schema.createTable('passion_synonyms', (t) => {
    t.text('team_id').notNullable();
    t.text('variant').notNullable();
    t.text('canonical').notNullable();
    t.text('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'variant']);
  });

  await knex.schema.createTable('forgotten_members', (t) => {
    t.text('team_id').notNullable();
    t.text('user_hash').notNullable().comment('sha256 hex of the user id; never the id itself');
    t.timestamp('forgotten_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'user_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('forgotten_members');
  await knex.schema.dropTableIfExists('passion_synonyms');
  await knex.schema.dropTableIfExists('passion_prompts');
  await knex.schema.alterTable('members', (t) => {
    t.dropColumn('prompts_snoozed_until');
  });
}
