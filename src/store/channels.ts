/**
 * Channels of a workspace (`channels`) and what kind they are. Private channels are stored only
 * when a workspace enables `readPrivateChannels`; readers that show channel names to leads must
 * skip `is_private` ones (see `channelsOfTeam`).
 */
import type { Knex } from 'knex';
import { type ChannelKind, LEAD_CHOICE } from '../domain/channelKinds';
import { upsertRows } from './upsert';

export interface Channel {
  team_id: string;
  channel_id: string;
  name: string;
  purpose: string | null;
  is_private: boolean;
  is_archived: boolean;
  is_deleted: boolean;
  kind: ChannelKind;
  kind_reason: string | null;
  kind_override: ChannelKind | null;
}

export interface ChannelInfo {
  channelId: string;
  name: string;
  purpose?: string;
  topic?: string;
  creator?: string;
  created?: Date;
  isPrivate: boolean;
  isArchived: boolean;
}

const COLUMNS = [
  'team_id',
  'channel_id',
  'name',
  'purpose',
  'is_private',
  'is_archived',
  'is_deleted',
  'kind',
  'kind_reason',
  'kind_override',
];

/** Inserts or updates channels as Slack describes them; kind, reason and a lead's override are kept. */
export async function upsertChannels(db: Knex, teamId: string, channels: ChannelInfo[], now: Date): Promise<void> {
  if (!channels.length) return;
  const rows = channels.map((c) => ({
    team_id: teamId,
    channel_id: c.channelId,
    name: c.name,
    purpose: c.purpose ?? null,
    topic: c.topic ?? null,
    creator: c.creator ?? null,
    created: c.created ?? null,
    is_private: c.isPrivate,
    is_archived: c.isArchived,
    is_deleted: false,
    updated_at: now,
  }));
  await upsertRows(
    db,
    'channels',
    rows,
    ['team_id', 'channel_id'],
    ['name', 'purpose', 'topic', 'creator', 'created', 'is_private', 'is_archived', 'is_deleted', 'updated_at'],
  );
}

export async function channelById(db: Knex, teamId: string, channelId: string): Promise<Channel | undefined> {
  return db('channels').where({ team_id: teamId, channel_id: channelId }).first(COLUMNS);
}

/** The stored channels among the given ids (deleted ones included). */
export async function channelsByIds(db: Knex, teamId: string, channelIds: string[]): Promise<Channel[]> {
  if (!channelIds.length) return [];
  return db('channels').where({ team_id: teamId }).whereIn('channel_id', channelIds).select(COLUMNS);
}

/**
 * Channels of a workspace that still exist (archived ones included, deleted ones not).
 * `publicOnly` (the default) leaves private channels out: lead reports never name them.
 */
export async function channelsOfTeam(
  db: Knex,
  teamId: string,
  opts: { publicOnly?: boolean; includeArchived?: boolean } = {},
): Promise<Channel[]> {
  const q = db('channels').where({ team_id: teamId, is_deleted: false }).orderBy('name').select(COLUMNS);
  if (opts.publicOnly !== false) q.andWhere({ is_private: false });
  if (opts.includeArchived === false) q.andWhere({ is_archived: false });
  return q;
}

/** Channels no longer in Slack's complete list are marked deleted; returns how many. */
export async function markChannelsDeletedExcept(
  db: Knex,
  teamId: string,
  keepIds: string[],
  now: Date,
): Promise<number> {
  return db('channels')
    .where({ team_id: teamId, is_deleted: false })
    .whereNotIn('channel_id', keepIds.length ? keepIds : [''])
    .update({ is_deleted: true, updated_at: now });
}

export async function updateChannel(
  db: Knex,
  teamId: string,
  channelId: string,
  change: Partial<{
    name: string;
    is_archived: boolean;
    is_deleted: boolean;
    purpose: string | null;
    topic: string | null;
  }>,
  now: Date,
): Promise<number> {
  return db('channels')
    .where({ team_id: teamId, channel_id: channelId })
    .update({ ...change, updated_at: now });
}

/** Applies a rename that happened at `at` (Slack gives seconds), unless a later one is already stored; true when applied. */
export async function renameChannel(
  db: Knex,
  teamId: string,
  channelId: string,
  name: string,
  at: Date,
  now: Date,
): Promise<boolean> {
  const n = await db('channels')
    .where({ team_id: teamId, channel_id: channelId })
    .andWhere((w) => w.whereNull('renamed_at').orWhere('renamed_at', '<=', at)) // same second: the last delivered wins
    .update({ name, renamed_at: at, updated_at: now });
  return n > 0;
}

export async function setChannelKinds(
  db: Knex,
  teamId: string,
  kinds: Array<{ channelId: string; kind: ChannelKind; reason: string; inferred?: boolean }>,
  now: Date,
): Promise<number> {
  if (!kinds.length) return 0;
  const { rowCount } = await db.raw(
    `update channels as c set kind = x.k, kind_reason = x.r, kind_inferred = x.i, updated_at = ?
       from unnest(?::text[], ?::text[], ?::text[], ?::boolean[]) as x(id, k, r, i)
      where c.team_id = ? and c.channel_id = x.id
        and (c.kind is distinct from x.k or c.kind_reason is distinct from x.r or c.kind_inferred is distinct from x.i)`,
    [
      now,
      kinds.map((k) => k.channelId),
      kinds.map((k) => k.kind),
      kinds.map((k) => k.reason),
      kinds.map((k) => k.inferred ?? false),
      teamId,
    ],
  );
  return rowCount ?? 0;
}

/**
 * A lead's explicit choice of kind for one channel; null removes it (the next recompute decides the
 * kind again). A choice applies at once, so the report and the Home agree before that recompute.
 * False for an unknown channel.
 */
export async function setChannelKindOverride(
  db: Knex,
  teamId: string,
  channelId: string,
  kind: ChannelKind | null,
  now: Date,
): Promise<boolean> {
  const n = await db('channels')
    .where({ team_id: teamId, channel_id: channelId })
    .update({
      kind_override: kind,
      ...(kind ? { kind, kind_reason: LEAD_CHOICE, kind_inferred: false } : {}),
      updated_at: now,
    });
  return n > 0;
}

export interface ChannelKindFacts {
  channelId: string;
  name: string;
  override: ChannelKind | null;
  /** the kind and reason stored now */
  kind: ChannelKind;
  reason: string | null;
  inferred: boolean;
  memberCount: number;
  departmentCounts: Record<string, number>;
  purpose: string | null;
  topic: string | null;
  /** pairs who talked here in the window and those across departments, at the last whole recompute */
  windowTies: number | null;
  windowCrossTies: number | null;
}

/**
 * What channel kinds are decided on, for all channels of a workspace (or the given ones): current
 * members who are active people, and how many of them are in each known department.
 */
export async function channelKindFacts(db: Knex, teamId: string, channelIds?: string[]): Promise<ChannelKindFacts[]> {
  const channels = db('channels')
    .where({ team_id: teamId, is_deleted: false })
    .select(
      'channel_id',
      'name',
      'kind_override',
      'kind',
      'kind_reason',
      'kind_inferred',
      'purpose',
      'topic',
      'window_ties',
      'window_cross_ties',
    );
  if (channelIds) channels.whereIn('channel_id', channelIds);
  const rows: Array<{
    channel_id: string;
    name: string;
    kind_override: ChannelKind | null;
    kind: ChannelKind;
    kind_reason: string | null;
    kind_inferred: boolean;
    purpose: string | null;
    topic: string | null;
    window_ties: number | null;
    window_cross_ties: number | null;
  }> = await channels;
  const counts = db('memberships as ms')
    .join('members as m', function on() {
      this.on('m.team_id', 'ms.team_id').andOn('m.user_id', 'ms.user_id');
    })
    .where({ 'ms.team_id': teamId, 'm.is_bot': false, 'm.is_deleted': false })
    .whereNull('ms.left_at')
    .select('ms.channel_id', 'm.department')
    .count({ n: '*' })
    .groupBy('ms.channel_id', 'm.department');
  if (channelIds) counts.whereIn('ms.channel_id', channelIds);
  const byChannel = new Map<string, { total: number; depts: Record<string, number> }>();
  for (const r of (await counts) as Array<{ channel_id: string; department: string | null; n: number }>) {
    const entry = byChannel.get(r.channel_id) ?? { total: 0, depts: {} };
    entry.total += Number(r.n);
    if (r.department) entry.depts[r.department] = Number(r.n);
    byChannel.set(r.channel_id, entry);
  }
  return rows.map((c) => ({
    channelId: c.channel_id,
    name: c.name,
    override: c.kind_override,
    kind: c.kind,
    reason: c.kind_reason,
    inferred: c.kind_inferred,
    memberCount: byChannel.get(c.channel_id)?.total ?? 0,
    departmentCounts: byChannel.get(c.channel_id)?.depts ?? {},
    purpose: c.purpose,
    topic: c.topic,
    windowTies: c.window_ties,
    windowCrossTies: c.window_cross_ties,
  }));
}

/** Stores each channel's window ties (channelTieCounts) for the recomputes of a few channels; returns how many changed. */
export async function saveChannelWindowTies(
  db: Knex,
  teamId: string,
  counts: Array<{ channelId: string; ties: number; cross: number }>,
): Promise<number> {
  if (!counts.length) return 0;
  const { rowCount } = await db.raw(
    `update channels as c set window_ties = x.t, window_cross_ties = x.x
       from unnest(?::text[], ?::int[], ?::int[]) as x(id, t, x)
      where c.team_id = ? and c.channel_id = x.id
        and (c.window_ties is distinct from x.t or c.window_cross_ties is distinct from x.x)`,
    [counts.map((c) => c.channelId), counts.map((c) => c.ties), counts.map((c) => c.cross), teamId],
  );
  return rowCount ?? 0;
}

/** Slack's member count of each listed channel (`num_members` of conversations.list). */
export async function setListedMemberCounts(
  db: Knex,
  teamId: string,
  counts: Array<{ channelId: string; count: number }>,
): Promise<void> {
  for (let i = 0; i < counts.length; i += 1000) {
    const part = counts.slice(i, i + 1000);
    await db.raw(
      `update channels c set member_count = x.n
         from unnest(?::text[], ?::int[]) as x(id, n)
        where c.team_id = ? and c.channel_id = x.id and c.member_count is distinct from x.n`,
      [part.map((c) => c.channelId), part.map((c) => c.count), teamId],
    );
  }
}

export interface MemberListState {
  channelId: string;
  /** Slack's count (or the members read); null when Slack never gave one */
  memberCount: number | null;
  readAt: Date | null;
}

/** The open channels a sync reads the members of, with their counts and when their list was read. */
export async function memberListStates(
  db: Knex,
  teamId: string,
  opts: { includePrivate: boolean },
): Promise<MemberListState[]> {
  const q = db('channels')
    .where({ team_id: teamId, is_deleted: false, is_archived: false })
    .orderBy('name')
    .select('channel_id', 'member_count', 'members_read_at');
  if (!opts.includePrivate) q.andWhere({ is_private: false });
  const rows: Array<{ channel_id: string; member_count: number | null; members_read_at: Date | null }> = await q;
  return rows.map((r) => ({ channelId: r.channel_id, memberCount: r.member_count, readAt: r.members_read_at }));
}

/** SQL: the member row `m` is an active person (not a bot, not deactivated, not opted out). */
const activeMember = (m: string) => `not ${m}.is_bot and not ${m}.is_deleted and not ${m}.opted_out`;

/**
 * Per channel of a workspace: distinct pairs of active people who
 * interacted there from `since` on, and how many of those pairs join two different departments
 * (a person without one crosses nothing). Channels without such a pair are absent.
 */
export async function channelTieCounts(
  db: Knex,
  teamId: string,
  since: string,
): Promise<Map<string, { ties: number; cross: number }>> {
  const { rows } = await db.raw(
    `with pairs as (
       select i.channel_id, least(i.actor_id, i.target_id) as a, greatest(i.actor_id, i.target_id) as b
       from interactions i
       where i.team_id = :teamId and i.day >= :since and i.actor_id <> i.target_id
       group by 1, 2, 3
     )
     select p.channel_id, count(*)::int as ties,
            count(*) filter (where nullif(trim(ma.department), '') <> nullif(trim(mb.department), ''))::int as cross
     from pairs p
     join members ma on ma.team_id = :teamId and ma.user_id = p.a
     join members mb on mb.team_id = :teamId and mb.user_id = p.b
     where ${activeMember('ma')} and ${activeMember('mb')}
     group by p.channel_id`,
    { teamId, since },
  );
  return new Map(
    (rows as Array<{ channel_id: string; ties: number; cross: number }>).map((r) => [
      r.channel_id,
      { ties: r.ties, cross: r.cross },
    ]),
  );
}

/**
 * Active people per department (null: without one), and how many of them interacted with someone
 * from `since` on: what the report judges its department data on (judgeDepartmentCounts). With
 * `since` null, every person counts as active (one pass over members, no interactions read).
 */
export async function departmentActivity(
  db: Knex,
  teamId: string,
  since: string | null,
): Promise<Array<{ department: string | null; people: number; active: number }>> {
  if (since === null) {
    // everyone counts as active: no interactions read (a few channels' recompute before any report)
    const { rows } = await db.raw(
      `select nullif(trim(m.department), '') as department, count(*)::int as people, count(*)::int as active
       from members m where m.team_id = :teamId and ${activeMember('m')} group by 1`,
      { teamId },
    );
    return rows;
  }
  const { rows } = await db.raw(
    `with talkers as (
       select actor_id as user_id from interactions where team_id = :teamId and day >= :since and actor_id <> target_id
       union
       select target_id from interactions where team_id = :teamId and day >= :since and actor_id <> target_id
     )
     select nullif(trim(m.department), '') as department, count(*)::int as people, count(t.user_id)::int as active
     from members m left join talkers t on t.user_id = m.user_id
     where m.team_id = :teamId and ${activeMember('m')}
     group by 1`,
    { teamId, since },
  );
  return rows;
}
