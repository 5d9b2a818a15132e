/**
 * Drops members.email and members.is_lead: nothing ever wrote them. Emails are looked up only in
 * memory to map department CSV rows (never stored), and leads are the configured ids plus Slack
 * admins and owners (settings.leads, WEAVER_LEADS, is_admin, is_owner).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('members', (t) => {
    t.dropColumn('email');
    t.dropColumn('is_lead');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('members', (t) => {
    t.text('email');
    t.boolean('is_lead').notNullable().defaultTo(false);
  });
}
