/**
 * Who is in which channel (`memberships`). A row stays after someone leaves (left_at set), so
 * "left" is remembered. Events carry their time in `changed_at`: an event older than the last one
 * applied is ignored, so a leave delivered before its join, or a retried event, ends correctly.
 */
import type { Knex } from 'knex';

export interface Membership {
  channel_id: string;
  user_id: string;
  joined_at: Date | null;
  left_at: Date | null;
}

/**
 * Makes the stored members of a channel equal to Slack's current list (sync): new ones joined,
 * returning ones re-joined, missing ones left. Memberships changed by an event newer than `now`
 * are left alone. Returns how many rows changed.
 */
export async function replaceChannelMembers(db: Knex, teamId: string, channelId: string, userIds: string[], now: Date): Promise<number> {
  return db.transaction(async (trx) => {
    let changed = 0;
    const ids = [...new Set(userIds)];
    for (let i = 0; i < ids.length; i += 1000) {
      const { rowCount } = await trx.raw(
        `insert into memberships (team_id, channel_id, user_id, joined_at, left_at, changed_at)
         select ?, ?, u, ?, null, ? from unnest(?::text[]) as u
         on conflict (team_id, channel_id, user_id) do update
            set joined_at = case when memberships.left_at is null then coalesce(memberships.joined_at, excluded.joined_at) else excluded.joined_at end,
                left_at = null,
                changed_at = greatest(memberships.changed_at, excluded.changed_at)
          where (memberships.left_at is not null or memberships.joined_at is null)
            and (memberships.changed_at is null or memberships.changed_at <= excluded.changed_at)`,
        [teamId, channelId, now, now, ids.slice(i, i + 1000)],
      );
      changed += rowCount ?? 0;
    }
    changed += await trx('memberships')
      .where({ team_id: teamId, channel_id: channelId })
      .whereNull('left_at')
      .whereNotIn('user_id', ids.length ? ids : [''])
      .andWhere((w) => w.whereNull('changed_at').orWhere('changed_at', '<=', now))
      .update({ left_at: now, changed_at: now });
    return changed;
  });
}

/** Applies one join or leave that happened at `at`; ignored when a later change is already stored. */
export async function applyMembershipChange(db: Knex, teamId: string, channelId: string, userId: string, joined: boolean, at: Date): Promise<boolean> {
  const { rowCount } = await db.raw(
    `insert into memberships (team_id, channel_id, user_id, joined_at, left_at, changed_at)
     values (?, ?, ?, ?, ?, ?)
     on conflict (team_id, channel_id, user_id) do update
        set joined_at = case when excluded.left_at is null then coalesce(case when memberships.left_at is null then memberships.joined_at end, excluded.joined_at) else memberships.joined_at end,
            left_at = excluded.left_at,
            changed_at = excluded.changed_at
      where memberships.changed_at is null or memberships.changed_at < excluded.changed_at`,
    [teamId, channelId, userId, joined ? at : null, joined ? null : at, at],
  );
  return (rowCount ?? 0) > 0;
}

/** Current members of a channel (people who left are not included). */
export async function membershipsByChannel(db: Knex, teamId: string, channelId: string): Promise<Membership[]> {
  return db('memberships')
    .where({ team_id: teamId, channel_id: channelId })
    .whereNull('left_at')
    .orderBy('user_id')
    .select('channel_id', 'user_id', 'joined_at', 'left_at');
}

/** Channels a person is currently in. */
export async function membershipsOfMember(db: Knex, teamId: string, userId: string): Promise<Membership[]> {
  return db('memberships')
    .where({ team_id: teamId, user_id: userId })
    .whereNull('left_at')
    .orderBy('channel_id')
    .select('channel_id', 'user_id', 'joined_at', 'left_at');
}

/** Every current membership of a workspace in channels that still exist (optionally public ones only). */
export async function currentMemberships(db: Knex, teamId: string, opts: { publicOnly?: boolean } = {}): Promise<Membership[]> {
  const q = db('memberships as ms')
    .join('channels as c', function on() {
      this.on('c.team_id', 'ms.team_id').andOn('c.channel_id', 'ms.channel_id');
    })
    .where({ 'ms.team_id': teamId, 'c.is_deleted': false })
    .whereNull('ms.left_at')
    .orderBy(['ms.channel_id', 'ms.user_id'])
    .select('ms.channel_id', 'ms.user_id', 'ms.joined_at', 'ms.left_at');
  if (opts.publicOnly !== false) q.andWhere({ 'c.is_private': false });
  return q;
}
