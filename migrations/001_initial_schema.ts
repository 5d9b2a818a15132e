/**
 * The whole schema of ARCHITECTURE.md. Every row is keyed by workspace (team_id); primary and
 * unique keys are what make event handlers, sync and jobs idempotent.
 * No table has a column for message text.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('installations', (t) => {
    t.bigIncrements('id');
    t.text('enterprise_id').notNullable().defaultTo('');
    t.text('team_id').notNullable().defaultTo('');
    t.boolean('is_enterprise_install').notNullable().defaultTo(false);
    t.text('bot_user_id');
    t.text('bot_id');
    t.text('bot_token_enc').comment('AES-256-GCM ciphertext, never plaintext');
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.text('installer_user_id');
    t.text('installation_enc').comment('the full Bolt installation object, encrypted');
    t.timestamp('installed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['enterprise_id', 'team_id']);
  });

  await knex.schema.createTable('members', (t) => {
    t.text('team_id').notNullable();
    t.text('user_id').notNullable();
    t.text('enterprise_id').notNullable().defaultTo('');
    t.text('name');
    t.text('display_name');
    t.text('real_name');
    t.text('tz');
    t.integer('tz_offset').comment('seconds east of UTC, as Slack reports it');
    t.text('email').comment('kept only when needed to map department CSV rows');
    t.text('department');
    t.text('department_source').comment('profile_field | csv | channel | manual');
    t.boolean('is_bot').notNullable().defaultTo(false);
    t.boolean('is_deleted').notNullable().defaultTo(false);
    t.boolean('is_admin').notNullable().defaultTo(false);
    t.boolean('is_owner').notNullable().defaultTo(false);
    t.boolean('is_lead').notNullable().defaultTo(false);
    t.boolean('opted_out').notNullable().defaultTo(false);
    t.timestamp('paused_until', { useTz: true });
    t.boolean('prompts_stopped').notNullable().defaultTo(false).comment('"Don\'t ask again"');
    t.integer('unanswered_suggestions').notNullable().defaultTo(0);
    t.boolean('notify_no_match').notNullable().defaultTo(false);
    t.timestamp('team_joined_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'user_id']);
    t.index(['team_id', 'department']);
  });

  await knex.schema.createTable('channels', (t) => {
    t.text('team_id').notNullable();
    t.text('channel_id').notNullable();
    t.text('name').notNullable();
    t.text('purpose');
    t.text('topic');
    t.text('creator');
    t.timestamp('created', { useTz: true }).comment("Slack's channel creation time");
    t.boolean('is_private').notNullable().defaultTo(false);
    t.boolean('is_archived').notNullable().defaultTo(false);
    t.boolean('is_deleted').notNullable().defaultTo(false);
    t.text('kind').notNullable().defaultTo('other').comment('department | purpose | broadcast | other');
    t.text('kind_reason');
    t.text('kind_override').comment("a lead's explicit choice; wins over every rule");
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'channel_id']);
  });

  await knex.schema.createTable('memberships', (t) => {
    t.text('team_id').notNullable();
    t.text('channel_id').notNullable();
    t.text('user_id').notNullable();
    t.timestamp('joined_at', { useTz: true });
    t.timestamp('left_at', { useTz: true }).comment('null while a member');
    t.timestamp('changed_at', { useTz: true }).comment('time of the event last applied; older events are ignored');
    t.primary(['team_id', 'channel_id', 'user_id']);
    t.index(['team_id', 'user_id']);
  });

  await knex.schema.createTable('interactions', (t) => {
    t.text('team_id').notNullable();
    t.date('day').notNullable();
    t.text('channel_id').notNullable();
    t.text('actor_id').notNullable();
    t.text('target_id').notNullable();
    t.text('kind').notNullable().comment('reply | mention | reaction | thread');
    t.integer('count').notNullable().defaultTo(0);
    t.primary(['team_id', 'day', 'channel_id', 'actor_id', 'target_id', 'kind']);
    t.index(['team_id', 'actor_id']);
    t.index(['team_id', 'target_id']);
  });

  await knex.schema.createTable('events_seen', (t) => {
    t.text('event_id').notNullable().primary();
    t.text('team_id');
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['seen_at']);
  });

  await knex.schema.createTable('passions', (t) => {
    t.text('team_id').notNullable();
    t.text('user_id').notNullable();
    t.jsonb('tags').notNullable().defaultTo('[]').comment('[{tag, label}] canonical tag + original wording');
    t.jsonb('teach').notNullable().defaultTo('[]');
    t.jsonb('learn').notNullable().defaultTo('[]');
    t.text('lights_me_up').comment('the optional sentence the person wrote about themselves');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'user_id']);
  });

  await knex.schema.createTable('intro_rounds', (t) => {
    t.bigIncrements('id');
    t.text('team_id').notNullable();
    t.text('period_key').notNullable().comment('e.g. 2026-W47; one round per workspace per period');
    t.text('status').notNullable().defaultTo('planned');
    t.jsonb('stats').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['team_id', 'period_key']);
  });

  await knex.schema.createTable('intros', (t) => {
    t.bigIncrements('id');
    t.text('team_id').notNullable();
    t.bigInteger('round_id').references('intro_rounds.id').onDelete('CASCADE');
    t.text('status').notNullable().defaultTo('proposed').comment('proposed | accepted | declined | expired');
    t.double('score').notNullable().defaultTo(0);
    t.jsonb('shared').notNullable().defaultTo('{}').comment('shared tags and teach/learn fits');
    t.boolean('bridges_missing').notNullable().defaultTo(false);
    t.text('group_channel_id');
    t.text('outcome').comment('met | not_yet | no');
    t.timestamp('outcome_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('expires_at', { useTz: true });
    t.index(['team_id', 'status']);
  });

  await knex.schema.createTable('intro_members', (t) => {
    t.bigInteger('intro_id').notNullable().references('intros.id').onDelete('CASCADE');
    t.text('team_id').notNullable();
    t.text('user_id').notNullable();
    t.text('department');
    t.text('response').notNullable().defaultTo('pending').comment('pending | accepted | declined | expired');
    t.timestamp('responded_at', { useTz: true });
    t.text('message_channel').comment('DM where the suggestion was sent');
    t.text('message_ts');
    t.primary(['intro_id', 'user_id']);
    t.index(['team_id', 'user_id']);
  });

  await knex.schema.createTable('intro_blocks', (t) => {
    t.text('team_id').notNullable();
    t.text('user_id').notNullable();
    t.text('blocked_user_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'user_id', 'blocked_user_id']);
  });

  await knex.schema.createTable('jobs', (t) => {
    t.bigIncrements('id');
    t.text('team_id').notNullable();
    t.text('kind').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(5);
    t.timestamp('locked_until', { useTz: true });
    t.text('locked_by');
    t.timestamp('done_at', { useTz: true });
    t.timestamp('failed_at', { useTz: true });
    t.text('last_error');
    t.text('idempotency_key').comment('one job per key per workspace, ever');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['team_id', 'idempotency_key']);
  });
  await knex.raw('create index jobs_due on jobs (due_at) where done_at is null and failed_at is null');

  await knex.schema.createTable('report_snapshots', (t) => {
    t.bigIncrements('id');
    t.text('team_id').notNullable();
    t.date('day').notNullable();
    t.jsonb('report').notNullable();
    t.text('chart_file_id').comment('Slack file id of the uploaded heat map PNG');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['team_id', 'day']);
  });

  await knex.schema.createTable('settings', (t) => {
    t.text('team_id').notNullable().primary();
    t.text('enterprise_id').notNullable().defaultTo('');
    t.jsonb('values').notNullable().defaultTo('{}').comment('validated by the zod schema in src/domain/settings.ts');
    t.text('updated_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'settings',
    'report_snapshots',
    'jobs',
    'intro_blocks',
    'intro_members',
    'intros',
    'intro_rounds',
    'passions',
    'events_seen',
    'interactions',
    'memberships',
    'channels',
    'members',
    'installations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
