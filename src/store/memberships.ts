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
 * are left alone. The channel is marked read, with the list's length as its member count. Returns how
 * many rows changed.
 */
export async function replaceChannelMembers(
  db: Knex,
  teamId: string,
  channelId: string,
  userIds: string[],
  now: Date,
): Promise<number> {
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
    // The list is read: what reports count as known memberships (see store/channels memberListStates).
    await trx('channels')
      .where({ team_id: teamId, channel_id: channelId })
      .update({ member_count: ids.length, members_read_at: now });
    return changed;
  });
}

export interface MembershipChange {
  channelId: string;
  userId: string;
  joined: boolean;
  at: Date;
}

/**
 * Applies joins and leaves in one statement; each is ignored when a later change of that person in
 * that channel is already stored. Of several changes to one membership the latest wins (the first
 * of equal times, as if applied one by one). Returns the memberships that changed.
 */
export async function applyMembershipChanges(
  db: Knex,
  teamId: string,
  changes: MembershipChange[],
): Promise<Array<{ channelId: string; userId: string }>> {
  const latest = new Map<string, MembershipChange>();
  for (const c of changes) {
    const key = `${c.channelId}\u0000${c.userId}`;
    const seen = latest.get(key);
    if (!seen || seen.at.getTime() < c.at.getTime()) latest.set(key, c);
  }
  if (!latest.size) return [];
  // Sorted, so concurrent batches lock rows in the same order.
  const rows = [...latest.values()].sort((a, b) =>
    a.channelId === b.channelId ? (a.userId < b.userId ? -1 : 1) : a.channelId < b.channelId ? -1 : 1,
  );
  const { rows: changed } = await db.raw(
    `insert into memberships (team_id, channel_id, user_id, joined_at, left_at, changed_at)
     select ?, c, u, case when j then t end, case when j then null else t end, t
       from unnest(?::text[], ?::text[], ?::boolean[], ?::timestamptz[]) as x(c, u, j, t)
     on conflict (team_id, channel_id, user_id) do update
        set joined_at = case when excluded.left_at is null then coalesce(case when memberships.left_at is null then memberships.joined_at end, excluded.joined_at) else memberships.joined_at end,
            left_at = excluded.left_at,
            changed_at = excluded.changed_at
      where memberships.changed_at is null or memberships.changed_at < excluded.changed_at
     returning channel_id, user_id`,
    [
      teamId,
      rows.map((r) => r.channelId),
      rows.map((r) => r.userId),
      rows.map((r) => r.joined),
      rows.map((r) => r.at.toISOString()),
    ],
  );
  return (changed as Array<{ channel_id: string; user_id: string }>).map((r) => ({
    channelId: r.channel_id,
    userId: r.user_id,
  }));
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
export async function currentMemberships(
  db: Knex,
  teamId: string,
  opts: { publicOnly?: boolean } = {},
): Promise<Membership[]> {
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
