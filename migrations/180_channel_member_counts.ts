/**
 * channels.member_count and channels.members_read_at: how many members Slack says a channel has
 * (`num_members` of conversations.list, then the count of the list read) and when its member list
 * was read (by a sync or from an export). A sync reads the lists covering the most memberships first
 * and publishes a first report once the lists read cover most memberships; reports state that coverage.
 * Channels whose members were already stored count as read, with the members stored as their count.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.integer('member_count').comment("Slack's num_members at the last channel list, or the members read since");
    t.timestamp('members_read_at', { useTz: true }).comment('when the member list was last read (sync or export)');
  });
  await knex.raw(
    `update channels c set member_count = m.n, members_read_at = c.updated_at
       from (select team_id, channel_id, count(*) filter (where left_at is null)::int as n
               from memberships group by team_id, channel_id) m
      where m.team_id = c.team_id and m.channel_id = c.channel_id`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.dropColumn('member_count');
    t.dropColumn('members_read_at');
  });
}
