/**
 * What the App Home reads: one person's own data (passions, suggestions, introductions, channels
 * to discover) and the lead dashboard's inputs (the latest two report snapshots, answer rates;
 * the intro funnel is services/introFunnel.ts). Every query is bounded and uses the (team_id, …) keys, so opening the Home tab
 * stays fast on a large workspace.
 */
import type { Knex } from 'knex';
import type { StoredShare } from '../domain/introductions/whatEachIsTold';

export interface MemberFlags {
  isAdmin: boolean;
  isOwner: boolean;
  optedOut: boolean;
  pausedUntil: Date | null;
  contactFrequency: ContactFrequency;
  notifyNoMatch: boolean;
}

export async function memberFlags(db: Knex, teamId: string, userId: string): Promise<MemberFlags | null> {
  const row = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .first('is_admin', 'is_owner', 'opted_out', 'paused_until', 'contact_frequency', 'notify_no_match');
  if (!row) return null;
  return {
    isAdmin: row.is_admin,
    isOwner: row.is_owner,
    optedOut: row.opted_out,
    pausedUntil: row.paused_until ?? null,
    contactFrequency: row.contact_frequency ?? 'normal',
    notifyNoMatch: Boolean(row.notify_no_match),
  };
}

export interface PendingSuggestion {
  introId: number;
  /** every member, the reader included */
  members: string[];
  others: string[];
  /** each other member's department when the round was planned */
  departments: Record<string, string | null>;
  /** what the matching found per pair (see domain/introductions/whatEachIsTold.ts) */
  shared: StoredShare;
  expiresAt: Date | null;
}

/** The person's oldest introduction still waiting for their answer. */
export async function pendingSuggestionFor(
  db: Knex,
  teamId: string,
  userId: string,
): Promise<PendingSuggestion | null> {
  const row = await db('intro_members as me')
    .join('intros as i', 'i.id', 'me.intro_id')
    .where({ 'me.team_id': teamId, 'me.user_id': userId, 'me.response': 'pending', 'i.status': 'proposed' })
    .orderBy('i.created_at', 'asc')
    .first('i.id', 'i.shared', 'i.expires_at');
  if (!row) return null;
  const rows: Array<{ user_id: string; department: string | null }> = await db('intro_members')
    .where({ intro_id: row.id })
    .orderBy('user_id')
    .select('user_id', 'department');
  const members = rows.map((r) => r.user_id);
  const others = members.filter((u) => u !== userId);
  const departments = Object.fromEntries(rows.map((r) => [r.user_id, r.department ?? null]));
  const shared = (row.shared ?? {}) as StoredShare;
  return { introId: Number(row.id), members, others, departments, shared, expiresAt: row.expires_at ?? null };
}

export interface RecentIntro {
  introId: number;
  others: string[];
  status: string;
  myResponse: string;
  outcome: string | null;
  createdAt: Date;
}

/** The person's latest introductions (not the pending one), newest first. */
export async function recentIntrosFor(db: Knex, teamId: string, userId: string, limit: number): Promise<RecentIntro[]> {
  const rows = await db('intro_members as me')
    .join('intros as i', 'i.id', 'me.intro_id')
    .where({ 'me.team_id': teamId, 'me.user_id': userId })
    .whereNot((q) => q.where({ 'me.response': 'pending', 'i.status': 'proposed' }))
    .orderBy('i.created_at', 'desc')
    .limit(limit)
    .select('i.id', 'i.status', 'i.outcome', 'i.created_at', 'me.response');
  if (!rows.length) return [];
  const others = await db('intro_members')
    .whereIn(
      'intro_id',
      rows.map((r: { id: number }) => r.id),
    )
    .whereNot({ user_id: userId })
    .select('intro_id', 'user_id');
  return rows.map((r: { id: number; status: string; outcome: string | null; created_at: Date; response: string }) => ({
    introId: Number(r.id),
    others: others
      .filter((o: { intro_id: number }) => Number(o.intro_id) === Number(r.id))
      .map((o: { user_id: string }) => o.user_id),
    status: r.status,
    myResponse: r.response,
    outcome: r.outcome,
    createdAt: r.created_at,
  }));
}

/** A person with hundreds of tags is matched on their first ones; enough to suggest channels. */
const MAX_TAGS_MATCHED = 25;

export interface ChannelToDiscover {
  channelId: string;
  name: string;
  purpose: string | null;
  kindred: number;
}

/**
 * Purpose channels the person is not in where at least `minKindred` current members share one of
 * their passion tags, the channel with most such members first.
 */
export async function channelsToDiscover(
  db: Knex,
  teamId: string,
  userId: string,
  tags: string[],
  minKindred: number,
  limit: number,
): Promise<ChannelToDiscover[]> {
  const wanted = [...new Set(tags)].slice(0, MAX_TAGS_MATCHED);
  if (!wanted.length) return [];
  // One containment test per tag, OR-ed, so PostgreSQL answers from the GIN index on tags.
  const containment = wanted.map(() => 'p.tags @> ?::jsonb').join(' or ');
  const { rows } = await db.raw(
    `with kindred as materialized (
       select p.user_id from passions p
        where p.team_id = ? and p.user_id <> ? and (${containment})
     ),
     -- their channels, found from the people (a few hundred) rather than from every channel's members
     kindred_channels as materialized (
       select m.team_id, m.channel_id from kindred k
         join memberships m on m.team_id = ? and m.user_id = k.user_id and m.left_at is null
     )
     select c.channel_id, c.name, c.purpose, count(*)::int as kindred
       from kindred_channels m
       join channels c on c.team_id = m.team_id and c.channel_id = m.channel_id
      where coalesce(c.kind_override, c.kind) = 'purpose'
        and not c.is_archived and not c.is_deleted and not c.is_private
        and not exists (select 1 from memberships mine
                         where mine.team_id = c.team_id and mine.channel_id = c.channel_id
                           and mine.user_id = ? and mine.left_at is null)
      group by c.channel_id, c.name, c.purpose
     having count(*) >= ?
      order by kindred desc, c.name
      limit ?`,
    [teamId, userId, ...wanted.map((t) => JSON.stringify([{ tag: t }])), teamId, userId, minKindred, limit],
  );
  return rows.map((r: { channel_id: string; name: string; purpose: string | null; kindred: number }) => ({
    channelId: r.channel_id,
    name: r.name,
    purpose: r.purpose,
    kindred: Number(r.kindred),
  }));
}

/** People who count for rates: present, human, not opted out. */
export async function passionAnswerCounts(
  db: Knex,
  teamId: string,
): Promise<{ activeMembers: number; membersWithPassions: number }> {
  const row = await db('members as m')
    .leftJoin('passions as p', function on() {
      this.on('p.team_id', 'm.team_id').andOn('p.user_id', 'm.user_id');
    })
    .where({ 'm.team_id': teamId, 'm.is_bot': false, 'm.is_deleted': false, 'm.opted_out': false })
    .first(db.raw('count(*)::int as active'), db.raw('count(p.user_id)::int as answered'));
  return { activeMembers: Number(row?.active ?? 0), membersWithPassions: Number(row?.answered ?? 0) };
}

export async function introTotals(db: Knex, teamId: string): Promise<{ accepted: number; met: number }> {
  const row = await db('intros')
    .where({ team_id: teamId })
    .first(
      db.raw("count(*) filter (where status = 'accepted')::int as accepted"),
      db.raw("count(*) filter (where outcome = 'met')::int as met"),
    );
  return { accepted: Number(row?.accepted ?? 0), met: Number(row?.met ?? 0) };
}

export interface ChannelChoice {
  channelId: string;
  name: string;
  kind: string;
  override: string | null;
}

interface ChannelChoiceRow {
  channel_id: string;
  name: string;
  kind: string;
  kind_override: string | null;
}

const channelChoice = (r: ChannelChoiceRow): ChannelChoice => ({
  channelId: r.channel_id,
  name: r.name,
  kind: r.kind,
  override: r.kind_override,
});

/** Channels whose name contains `query`, for the settings modal's per-channel override select. */
export async function channelsNamed(db: Knex, teamId: string, query: string, limit: number): Promise<ChannelChoice[]> {
  const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db('channels')
    .where({ team_id: teamId, is_deleted: false, is_archived: false })
    .andWhere('name', 'ilike', like)
    .orderByRaw('position(lower(?) in lower(name)), name', [query])
    .limit(limit)
    .select('channel_id', 'name', 'kind', 'kind_override');
  return rows.map(channelChoice);
}

/** Channels a lead set a kind for by hand. */
export async function channelKindOverrides(db: Knex, teamId: string, limit: number): Promise<ChannelChoice[]> {
  const rows = await db('channels')
    .where({ team_id: teamId })
    .whereNotNull('kind_override')
    .orderBy('name')
    .limit(limit)
    .select('channel_id', 'name', 'kind', 'kind_override');
  return rows.map(channelChoice);
}

export { CONTACT_FREQUENCIES, type ContactFrequency } from '../domain/contactFrequency';
import type { ContactFrequency } from '../domain/contactFrequency';
