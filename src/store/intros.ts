/**
 * Rounds, introductions and their members (intro_rounds, intros, intro_members), plus the member
 * flags the introduction flow changes (unanswered count, pause). Row locks (`forUpdate`) make
 * button clicks on the same introduction apply one after the other.
 */
import type { Knex } from 'knex';
import type { StoredShare } from '../domain/introductions/whatEachIsTold';
import type { SlackStatus } from '../domain/away';

/** `withdrawn`: a member was deleted before it happened (see withdrawIntroductionsOf). */
export type IntroStatus = 'proposed' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
export type MemberResponse = 'pending' | 'accepted' | 'declined' | 'expired';
export type Outcome = 'met' | 'not_yet' | 'no';

export interface IntroMemberRow {
  userId: string;
  department: string | null;
  response: MemberResponse;
  messageChannel: string | null;
  messageTs: string | null;
}

export interface IntroRow {
  id: number;
  teamId: string;
  roundId: number;
  status: IntroStatus;
  score: number;
  /** `pairs` (or, in rows from before trios were fixed, the union `sharedTags`/`fits`), and send times */
  shared: StoredShare & { sendAt?: Record<string, string> };
  bridgesMissing: boolean;
  groupChannelId: string | null;
  outcome: Outcome | null;
  createdAt: Date;
  acceptedAt: Date | null;
  expiresAt: Date | null;
  members: IntroMemberRow[];
}

/** Creates the round for a period; null when it already exists (another replica got there first). */
export async function insertRound(
  db: Knex,
  teamId: string,
  periodKey: string,
  stats: Record<string, unknown>,
): Promise<number | null> {
  const rows = await db('intro_rounds')
    .insert({ team_id: teamId, period_key: periodKey, status: 'created', stats: JSON.stringify(stats) })
    .onConflict(['team_id', 'period_key'])
    .ignore()
    .returning('id');
  return rows.length ? Number(rows[0].id) : null;
}

export interface NewIntro {
  teamId: string;
  roundId: number;
  score: number;
  shared: IntroRow['shared'];
  bridgesMissing: boolean;
  expiresAt: Date;
  createdAt: Date;
  members: Array<{ userId: string; department: string | null }>;
}

export async function insertIntro(db: Knex, intro: NewIntro): Promise<number> {
  const [row] = await db('intros')
    .insert({
      team_id: intro.teamId,
      round_id: intro.roundId,
      score: intro.score,
      shared: JSON.stringify(intro.shared),
      bridges_missing: intro.bridgesMissing,
      expires_at: intro.expiresAt,
      created_at: intro.createdAt,
    })
    .returning('id');
  const id = Number(row.id);
  await db('intro_members').insert(
    intro.members.map((m) => ({ intro_id: id, team_id: intro.teamId, user_id: m.userId, department: m.department })),
  );
  return id;
}

/** One introduction with its members; `forUpdate` locks the intro row inside a transaction. */
export async function introWithMembers(
  db: Knex,
  teamId: string,
  introId: number,
  opts: { forUpdate?: boolean } = {},
): Promise<IntroRow | null> {
  const q = db('intros').where({ team_id: teamId, id: introId }).first();
  if (opts.forUpdate) q.forUpdate();
  const r = await q;
  if (!r) return null;
  const members = await db('intro_members').where({ intro_id: introId }).orderBy('user_id');
  return {
    id: Number(r.id),
    teamId: r.team_id,
    roundId: Number(r.round_id),
    status: r.status,
    score: Number(r.score),
    shared: r.shared ?? {},
    bridgesMissing: r.bridges_missing,
    groupChannelId: r.group_channel_id,
    outcome: r.outcome,
    createdAt: new Date(r.created_at),
    acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    members: members.map((m) => ({
      userId: m.user_id,
      department: m.department,
      response: m.response,
      messageChannel: m.message_channel,
      messageTs: m.message_ts,
    })),
  };
}

/** A person's introductions that have not happened yet: proposed, or accepted with no group DM yet. */
export async function unopenedIntroIdsOf(db: Knex, teamId: string, userId: string): Promise<number[]> {
  const ids = await db('intros as i')
    .join('intro_members as m', 'm.intro_id', 'i.id')
    .where({ 'i.team_id': teamId, 'm.user_id': userId })
    .andWhere((q) =>
      q.where('i.status', 'proposed').orWhere((o) => o.where('i.status', 'accepted').whereNull('i.group_channel_id')),
    )
    .orderBy('i.id')
    .pluck('i.id');
  return ids.map(Number);
}

/** "Don't introduce me to …" (read by the matching through introData.introBlocks). */
export async function addIntroBlock(db: Knex, teamId: string, userId: string, blockedUserId: string): Promise<void> {
  await db('intro_blocks')
    .insert({ team_id: teamId, user_id: userId, blocked_user_id: blockedUserId })
    .onConflict()
    .ignore();
}

/** Lifts a block: `blockedUserId` may be suggested to `userId` again. Returns whether there was one. */
export async function removeIntroBlock(
  db: Knex,
  teamId: string,
  userId: string,
  blockedUserId: string,
): Promise<boolean> {
  const n = await db('intro_blocks').where({ team_id: teamId, user_id: userId, blocked_user_id: blockedUserId }).del();
  return n > 0;
}

/** The people `userId` asked never to be suggested, most recent first. */
export async function introBlocksOf(db: Knex, teamId: string, userId: string): Promise<string[]> {
  return db('intro_blocks')
    .where({ team_id: teamId, user_id: userId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'blocked_user_id', order: 'asc' },
    ])
    .pluck('blocked_user_id');
}

export async function setMemberResponse(
  db: Knex,
  introId: number,
  userId: string,
  response: MemberResponse,
  at: Date,
): Promise<void> {
  await db('intro_members').where({ intro_id: introId, user_id: userId }).update({ response, responded_at: at });
}

/** Marks every still-pending member with `response`; returns their ids. */
export async function settlePendingMembers(
  db: Knex,
  introId: number,
  response: MemberResponse,
  at: Date,
): Promise<string[]> {
  const rows = await db('intro_members')
    .where({ intro_id: introId, response: 'pending' })
    .update({ response, responded_at: at })
    .returning('user_id');
  return rows.map((r: { user_id: string }) => r.user_id);
}

export async function setIntroStatus(
  db: Knex,
  introId: number,
  status: IntroStatus,
  extra: { acceptedAt?: Date } = {},
): Promise<void> {
  await db('intros')
    .where({ id: introId })
    .update({ status, ...(extra.acceptedAt ? { accepted_at: extra.acceptedAt } : {}) });
}

export async function recordSuggestionMessage(
  db: Knex,
  introId: number,
  userId: string,
  channel: string,
  ts: string,
): Promise<void> {
  await db('intro_members')
    .where({ intro_id: introId, user_id: userId })
    .update({ message_channel: channel, message_ts: ts });
}

export async function setGroupChannel(db: Knex, introId: number, channelId: string): Promise<void> {
  await db('intros').where({ id: introId }).update({ group_channel_id: channelId });
}

export async function setOutcome(db: Knex, introId: number, outcome: Outcome, at: Date): Promise<void> {
  await db('intros').where({ id: introId }).update({ outcome, outcome_at: at });
}

export interface MemberIntroFlags {
  pausedUntil: Date | null;
  unanswered: number;
  tzOffset: number | null;
  optedOut: boolean;
  isDeleted: boolean;
  status: SlackStatus;
}

export async function memberIntroFlags(db: Knex, teamId: string, userId: string): Promise<MemberIntroFlags | null> {
  const r = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .first(
      'paused_until',
      'unanswered_suggestions',
      'tz_offset',
      'opted_out',
      'is_deleted',
      'status_text',
      'status_emoji',
      'status_expiration',
    );
  return r
    ? {
        pausedUntil: r.paused_until ? new Date(r.paused_until) : null,
        unanswered: Number(r.unanswered_suggestions),
        tzOffset: r.tz_offset === null ? null : Number(r.tz_offset),
        optedOut: r.opted_out,
        isDeleted: r.is_deleted,
        status: {
          text: r.status_text ?? null,
          emoji: r.status_emoji ?? null,
          expiration: r.status_expiration ? new Date(r.status_expiration) : null,
        },
      }
    : null;
}

export interface FunnelRoundRow {
  roundId: number;
  period: string;
  createdAt: Date;
  comparisonPairs: Array<[string, string]>;
  intros: Array<{ status: string; outcome: string | null; bridgesMissing: boolean; members: string[] }>;
}

/**
 * Rounds created since `since`, and at least the latest `atLeast` rounds, newest first, each with
 * its introductions (status, outcome, bridging, members) in one aggregation.
 */
export async function funnelRounds(db: Knex, teamId: string, since: Date, atLeast: number): Promise<FunnelRoundRow[]> {
  const { rows } = await db.raw(
    `with chosen as (
       select id from intro_rounds where team_id = ? and created_at >= ?
       union
       (select id from intro_rounds where team_id = ? order by created_at desc, id desc limit ?)
     )
     select r.id, r.period_key, r.created_at, r.stats->'comparisonPairs' as comparison,
            coalesce(json_agg(json_build_object('status', i.status, 'outcome', i.outcome, 'bridges', i.bridges_missing,
              'members', (select coalesce(json_agg(m.user_id), '[]'::json) from intro_members m where m.intro_id = i.id)))
              filter (where i.id is not null), '[]'::json) as intros
       from intro_rounds r join chosen c on c.id = r.id
       left join intros i on i.round_id = r.id
      group by r.id
      order by r.created_at desc, r.id desc`,
    [teamId, since, teamId, atLeast],
  );
  type IntroJson = { status: string; outcome: string | null; bridges: unknown; members: string[] | null };
  type Row = { id: string; period_key: string; created_at: string; comparison: unknown; intros: IntroJson[] };
  return (rows as Row[]).map((r) => ({
    roundId: Number(r.id),
    period: r.period_key,
    createdAt: new Date(r.created_at),
    comparisonPairs: Array.isArray(r.comparison) ? r.comparison : [],
    intros: r.intros.map((i) => ({
      status: i.status,
      outcome: i.outcome ?? null,
      bridgesMissing: Boolean(i.bridges),
      members: i.members ?? [],
    })),
  }));
}

/** Pairs inside accepted introductions of a round, with when they were accepted. */
export async function introducedPairs(db: Knex, roundId: number): Promise<Array<{ a: string; b: string; at: Date }>> {
  const { rows } = await db.raw(
    `select a.user_id as a, b.user_id as b, coalesce(i.accepted_at, i.created_at) as at
       from intros i join intro_members a on a.intro_id = i.id join intro_members b on b.intro_id = i.id and a.user_id < b.user_id
      where i.round_id = ? and i.status = 'accepted'`,
    [roundId],
  );
  return (rows as { a: string; b: string; at: string }[]).map((r) => ({ a: r.a, b: r.b, at: new Date(r.at) }));
}

/** Display names for a CLI listing (display name, else real name, else the id). */
export async function memberNames(db: Knex, teamId: string, userIds: string[]): Promise<Map<string, string>> {
  const rows = await db('members')
    .where({ team_id: teamId })
    .whereIn('user_id', userIds)
    .select('user_id', 'display_name', 'real_name', 'name');
  return new Map(rows.map((r) => [r.user_id, r.display_name || r.real_name || r.name || r.user_id]));
}
