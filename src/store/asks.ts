/**
 * Asks and who was asked (asks, ask_requests), the people an ask can go to (members with their
 * passions, status and asks of the last 30 days, in one query), and the member columns asks use
 * (status, "not for questions"). Row locks (`forUpdate`) make clicks on one request apply one
 * after the other.
 */
import type { Knex } from 'knex';
import type { HelperProfile } from '../domain/asks/rankHelpers';
import type { SlackStatus } from '../domain/away';
import { isoDay } from '../domain/format';

export type AskStatus = 'open' | 'matched' | 'unanswered' | 'withdrawn';
export type AskKind = 'ask' | 'welcome';
export type RequestResponse = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface AskRow {
  id: number;
  teamId: string;
  askerId: string;
  kind: AskKind;
  topic: string;
  topicTags: string[];
  why: string | null;
  outsideDepartment: boolean;
  status: AskStatus;
  helperId: string | null;
  groupChannelId: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface AskRequestRow {
  askId: number;
  helperId: string;
  position: number;
  response: RequestResponse;
  askedAt: Date;
  messageChannel: string | null;
  messageTs: string | null;
  /** their tag that matched the ask */
  matched: { tag: string; via: 'teach' | 'passion' } | null;
}

const tagList = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((x) => (typeof x === 'string' ? x : (x as { tag?: string })?.tag))
        .filter((t): t is string => typeof t === 'string' && t.length > 0)
    : [];

interface AskDbRow {
  id: string | number;
  team_id: string;
  asker_id: string;
  kind: AskKind;
  topic: string;
  topic_tags: unknown;
  why: string | null;
  outside_department: boolean;
  status: AskStatus;
  helper_id: string | null;
  group_channel_id: string | null;
  created_at: Date;
  closed_at: Date | null;
}

interface HelperDbRow {
  user_id: string;
  department: string | null;
  tz_offset: number | null;
  is_bot: boolean;
  is_deleted: boolean;
  opted_out: boolean;
  paused_until: Date | null;
  unanswered_suggestions: number;
  not_for_questions: boolean;
  status_text: string | null;
  status_emoji: string | null;
  status_expiration: Date | null;
  tags: unknown;
  teach: unknown;
  asked: string | number;
}

function toAsk(r: AskDbRow): AskRow {
  return {
    id: Number(r.id),
    teamId: r.team_id,
    askerId: r.asker_id,
    kind: r.kind,
    topic: r.topic,
    topicTags: tagList(r.topic_tags),
    why: r.why ?? null,
    outsideDepartment: r.outside_department,
    status: r.status,
    helperId: r.helper_id ?? null,
    groupChannelId: r.group_channel_id ?? null,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
  };
}

export type NewAsk = Pick<
  AskRow,
  'teamId' | 'askerId' | 'kind' | 'topic' | 'topicTags' | 'why' | 'outsideDepartment'
> & {
  createdAt: Date;
};

/** Stores a new open ask; null when the asker already has one of that kind open (the partial unique index). */
export async function insertAsk(db: Knex, a: NewAsk): Promise<number | null> {
  const { rows } = await db.raw(
    `insert into asks (team_id, asker_id, kind, topic, topic_tags, why, outside_department, created_at)
     values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
     on conflict (team_id, asker_id, kind) where status = 'open' do nothing
     returning id`,
    [a.teamId, a.askerId, a.kind, a.topic, JSON.stringify(a.topicTags), a.why, a.outsideDepartment, a.createdAt],
  );
  return rows.length ? Number(rows[0].id) : null;
}

/** The person's own question still open (a welcome introduction being arranged for them is not one). */
export async function openAskOf(db: Knex, teamId: string, askerId: string): Promise<AskRow | null> {
  const r = await db('asks').where({ team_id: teamId, asker_id: askerId, status: 'open', kind: 'ask' }).first();
  return r ? toAsk(r) : null;
}

/** Whether the person ever had a request of this kind (a newcomer gets one welcome introduction). */
export async function hasAskOfKind(db: Knex, teamId: string, askerId: string, kind: AskKind): Promise<boolean> {
  return Boolean(await db('asks').where({ team_id: teamId, asker_id: askerId, kind }).first('id'));
}

export async function askById(
  db: Knex,
  teamId: string,
  askId: number,
  opts: { forUpdate?: boolean } = {},
): Promise<AskRow | null> {
  const q = db('asks').where({ team_id: teamId, id: askId }).first();
  const r = await (opts.forUpdate ? q.forUpdate() : q);
  return r ? toAsk(r) : null;
}

export async function requestsOf(db: Knex, askId: number): Promise<AskRequestRow[]> {
  const rows = await db('ask_requests').where({ ask_id: askId }).orderBy('position');
  return rows.map((r) => ({
    askId: Number(r.ask_id),
    helperId: r.helper_id,
    position: Number(r.position),
    response: r.response,
    askedAt: new Date(r.asked_at),
    messageChannel: r.message_channel ?? null,
    messageTs: r.message_ts ?? null,
    matched: r.matched_tag ? { tag: r.matched_tag, via: r.matched_via === 'teach' ? 'teach' : 'passion' } : null,
  }));
}

export async function insertRequest(
  db: Knex,
  r: {
    askId: number;
    teamId: string;
    helperId: string;
    position: number;
    askedAt: Date;
    matched: { tag: string; via: 'teach' | 'passion' };
  },
): Promise<boolean> {
  const rows = await db('ask_requests')
    .insert({
      ask_id: r.askId,
      team_id: r.teamId,
      helper_id: r.helperId,
      position: r.position,
      asked_at: r.askedAt,
      matched_tag: r.matched.tag,
      matched_via: r.matched.via,
    })
    .onConflict(['ask_id', 'position'])
    .ignore()
    .returning('helper_id');
  return rows.length > 0;
}

export async function setRequestResponse(
  db: Knex,
  askId: number,
  helperId: string,
  response: RequestResponse,
  at: Date,
): Promise<void> {
  await db('ask_requests').where({ ask_id: askId, helper_id: helperId }).update({ response, answered_at: at });
}

/**
 * Claims the sending of a request's DM (the listener right after the ack, or the `ask.request` job
 * as a fallback): true for exactly one caller while the request is pending and unsent.
 */
export async function claimRequestSend(db: Knex, askId: number, helperId: string): Promise<boolean> {
  const n = await db('ask_requests')
    .where({ ask_id: askId, helper_id: helperId, response: 'pending' })
    .whereNull('message_channel')
    .update({ message_channel: '' });
  return n > 0;
}

/** A send that failed gives its claim back, so the job tries again. */
export async function releaseRequestSend(db: Knex, askId: number, helperId: string): Promise<void> {
  await db('ask_requests')
    .where({ ask_id: askId, helper_id: helperId, message_channel: '' })
    .update({ message_channel: null });
}

export async function recordRequestMessage(
  db: Knex,
  askId: number,
  helperId: string,
  channel: string,
  ts: string,
): Promise<void> {
  await db('ask_requests')
    .where({ ask_id: askId, helper_id: helperId })
    .update({ message_channel: channel, message_ts: ts });
}

/** Closes an ask; its "why" is erased (the topic stays for the counts and the next round). */
export async function closeAsk(
  db: Knex,
  askId: number,
  status: Exclude<AskStatus, 'open'>,
  at: Date,
  helperId: string | null = null,
): Promise<void> {
  await db('asks').where({ id: askId }).update({ status, closed_at: at, helper_id: helperId, why: null });
}

export async function markAskMatched(db: Knex, askId: number, helperId: string, at: Date): Promise<void> {
  await db('asks').where({ id: askId }).update({ status: 'matched', helper_id: helperId, closed_at: at });
}

/** Records the group DM of a matched ask; true for the one caller that set it (that caller introduces). */
export async function claimAskGroupChannel(db: Knex, askId: number, channelId: string): Promise<boolean> {
  return (
    (await db('asks').where({ id: askId }).whereNull('group_channel_id').update({ group_channel_id: channelId })) > 0
  );
}

/** A person leaves: their open ask is withdrawn. */
export async function withdrawOpenAskOf(db: Knex, teamId: string, askerId: string, at: Date): Promise<number> {
  return db('asks')
    .where({ team_id: teamId, asker_id: askerId, status: 'open' })
    .update({ status: 'withdrawn', closed_at: at, why: null });
}

/** The "why" is needed until the group DM's first line is written; then it goes. */
export async function eraseAskWhy(db: Knex, askId: number): Promise<void> {
  await db('asks').where({ id: askId }).update({ why: null });
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Everyone an ask could go to: active people with passions or "could teach" tags, their flags,
 * status and how often they were asked since `since`. One query. With `topic` (topicFilter in
 * domain/asks/rankHelpers.ts), only people holding a tag that could match it are read: on 10,000
 * people that is a few dozen rows instead of every profile.
 */
export async function helperProfiles(
  db: Knex,
  teamId: string,
  since: Date,
  topic?: { tags: string[]; words: string[] },
): Promise<HelperProfile[]> {
  const topicClause = topic
    ? `and exists (select 1 from jsonb_array_elements(p.tags || p.teach) e
                    where e->>'tag' = any(?::text[]) or e->>'tag' like any(?::text[]))`
    : '';
  const topicParams = topic ? [topic.tags, topic.words.map((w) => `%${likeEscape(w)}%`)] : [];
  const { rows } = await db.raw(
    `select m.user_id, m.department, m.tz_offset, m.is_bot, m.is_deleted, m.opted_out, m.paused_until,
            m.unanswered_suggestions, m.not_for_questions, m.status_text, m.status_emoji, m.status_expiration,
            p.tags, p.teach,
            -- counted per person kept (one index lookup each), never a grouped join: with stale table
            -- statistics PostgreSQL re-ran that grouping once per kept person (360 ms at 10,000 people)
            (select count(*) from ask_requests r
              where r.team_id = m.team_id and r.helper_id = m.user_id and r.asked_at >= ?) as asked
       from members m
       join passions p on p.team_id = m.team_id and p.user_id = m.user_id
      where m.team_id = ? and not m.is_bot and not m.is_deleted
        and (jsonb_array_length(p.tags) > 0 or jsonb_array_length(p.teach) > 0)
        ${topicClause}`,
    [since, teamId, ...topicParams],
  );
  return rows.map(
    (r: HelperDbRow): HelperProfile => ({
      userId: r.user_id,
      department: r.department ?? null,
      tzOffset: r.tz_offset === null ? null : Number(r.tz_offset),
      tags: tagList(r.tags),
      teach: tagList(r.teach),
      isBot: r.is_bot,
      isDeleted: r.is_deleted,
      optedOut: r.opted_out,
      pausedUntil: r.paused_until ? new Date(r.paused_until) : null,
      unansweredSuggestions: Number(r.unanswered_suggestions),
      notForQuestions: r.not_for_questions,
      status: { text: r.status_text, emoji: r.status_emoji, expiration: r.status_expiration ?? null },
      asksLast30Days: Number(r.asked),
    }),
  );
}

/** People `userId` interacted with (either direction) since `since`. */
export async function contactsOf(db: Knex, teamId: string, userId: string, since: Date): Promise<Set<string>> {
  const { rows } = await db.raw(
    `select distinct case when actor_id = ? then target_id else actor_id end as other
       from interactions
      where team_id = ? and day >= ?::date and (actor_id = ? or target_id = ?) and actor_id <> target_id`,
    [userId, teamId, isoDay(since), userId, userId],
  );
  return new Set(rows.map((r: { other: string }) => r.other));
}

/** People `userId` blocked, and people who blocked `userId`. */
export async function blocksInvolving(db: Knex, teamId: string, userId: string): Promise<Set<string>> {
  const rows = await db('intro_blocks')
    .where({ team_id: teamId })
    .andWhere((q) => q.where('user_id', userId).orWhere('blocked_user_id', userId))
    .select('user_id', 'blocked_user_id');
  return new Set(rows.map((r) => (r.user_id === userId ? r.blocked_user_id : r.user_id)));
}

export interface AskPerson {
  userId: string;
  department: string | null;
  tz: string | null;
  tzOffset: number | null;
  teamJoinedAt: Date | null;
  status: SlackStatus;
  isDeleted: boolean;
  optedOut: boolean;
}

export async function askPeople(db: Knex, teamId: string, userIds: string[]): Promise<Map<string, AskPerson>> {
  const rows = await db('members')
    .where({ team_id: teamId })
    .whereIn('user_id', userIds)
    .select(
      'user_id',
      'department',
      'tz',
      'tz_offset',
      'team_joined_at',
      'status_text',
      'status_emoji',
      'status_expiration',
      'is_deleted',
      'opted_out',
    );
  return new Map(
    rows.map((r) => [
      r.user_id,
      {
        userId: r.user_id,
        department: r.department ?? null,
        tz: r.tz ?? null,
        tzOffset: r.tz_offset === null ? null : Number(r.tz_offset),
        teamJoinedAt: r.team_joined_at ? new Date(r.team_joined_at) : null,
        status: { text: r.status_text, emoji: r.status_emoji, expiration: r.status_expiration ?? null },
        isDeleted: r.is_deleted,
        optedOut: r.opted_out,
      },
    ]),
  );
}

/** Time zones of people, for "a time that suits both" (domain/meetingTime.ts). */
export async function memberClocks(
  db: Knex,
  teamId: string,
  userIds: string[],
): Promise<Array<{ userId: string; tz: string | null; tzOffset: number | null }>> {
  const people = await askPeople(db, teamId, userIds);
  return userIds.map((u) => ({ userId: u, tz: people.get(u)?.tz ?? null, tzOffset: people.get(u)?.tzOffset ?? null }));
}

export async function setNotForQuestions(db: Knex, teamId: string, userId: string, on: boolean): Promise<void> {
  await db('members').where({ team_id: teamId, user_id: userId }).update({ not_for_questions: on });
}

export async function notForQuestions(db: Knex, teamId: string, userId: string): Promise<boolean> {
  const r = await db('members').where({ team_id: teamId, user_id: userId }).first('not_for_questions');
  return Boolean(r?.not_for_questions);
}

export interface AskCountRow {
  askerId: string;
  kind: AskKind;
  status: AskStatus;
  topicTags: string[];
  introduced: boolean;
}

/** Asks created since `since` (for the lead's counts; never who was asked). */
export async function asksSince(db: Knex, teamId: string, since: Date): Promise<AskCountRow[]> {
  const rows = await db('asks')
    .where({ team_id: teamId })
    .andWhere('created_at', '>=', since)
    .select('asker_id', 'kind', 'status', 'topic_tags', 'group_channel_id');
  return rows.map((r) => ({
    askerId: r.asker_id,
    kind: r.kind,
    status: r.status,
    topicTags: tagList(r.topic_tags),
    introduced: Boolean(r.group_channel_id),
  }));
}

/**
 * Topics of asks nobody could take, per asker, to weigh in the round of `periodKey`: those not yet
 * used by an earlier round (a dry run and the round itself read the same).
 */
export async function unansweredTopics(db: Knex, teamId: string, periodKey: string): Promise<Map<string, string[]>> {
  const rows = await db('asks')
    .where({ team_id: teamId, status: 'unanswered', kind: 'ask' })
    .andWhere((q) => q.whereNull('kept_for_round').orWhere('kept_for_round', periodKey))
    .select('asker_id', 'topic_tags');
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.asker_id, [...(out.get(r.asker_id) ?? []), ...tagList(r.topic_tags)]);
  return out;
}

export async function markTopicsKept(db: Knex, teamId: string, periodKey: string): Promise<void> {
  await db('asks')
    .where({ team_id: teamId, status: 'unanswered', kind: 'ask' })
    .whereNull('kept_for_round')
    .update({ kept_for_round: periodKey });
}

/** Open requests a person is waiting on as the one asked (for deletion: withdraw them first). */
export async function pendingRequestsOf(db: Knex, teamId: string, helperId: string): Promise<number[]> {
  const rows = await db('ask_requests as r')
    .join('asks as a', 'a.id', 'r.ask_id')
    .where({ 'r.team_id': teamId, 'r.helper_id': helperId, 'r.response': 'pending', 'a.status': 'open' })
    .select('r.ask_id');
  return rows.map((r) => Number(r.ask_id));
}
