/**
 * Everything Weaver stores about one person, to show it to them (`/weaver mydata`). Deleting it is
 * src/store/personData.ts.
 */
import type { Knex } from 'knex';

export interface PersonData {
  member: Record<string, unknown> | null;
  passions: Record<string, unknown> | null;
  prompts: Array<Record<string, unknown>>;
  introductions: Array<Record<string, unknown>>;
  blocked: string[];
  /** their own questions ("who could help me with X?") */
  asks: Array<Record<string, unknown>>;
  /** questions they were asked to help with, and their answer */
  askedToHelp: Array<Record<string, unknown>>;
  channels: Array<Record<string, unknown>>;
  interactions: Array<{
    kind: string;
    direction: 'given' | 'received';
    channel_id: string;
    days: number;
    count: number;
  }>;
}

/** A row of the interaction totals query (count and sum come back as strings). */
interface InteractionRow {
  kind: string;
  direction: 'given' | 'received';
  channel_id: string;
  days: string | number;
  count: string | number;
}

export async function personData(db: Knex, teamId: string, userId: string): Promise<PersonData> {
  const member = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .first(
      'user_id',
      'name',
      'display_name',
      'real_name',
      'tz',
      'department',
      'department_source',
      'opted_out',
      'paused_until',
      'prompts_stopped',
      'prompts_snoozed_until',
      'team_joined_at',
      'status_text',
      'status_emoji',
      'status_expiration',
      'not_for_questions',
      'created_at',
      'updated_at',
    );
  const passions = await db('passions')
    .where({ team_id: teamId, user_id: userId })
    .first('tags', 'teach', 'learn', 'lights_me_up', 'created_at', 'updated_at');
  const prompts = await db('passion_prompts')
    .where({ team_id: teamId, user_id: userId })
    .select('kind', 'sends', 'first_sent_at', 'last_sent_at', 'answered_at')
    .orderBy('first_sent_at');
  const introductions = await db('intro_members as im')
    .join('intros as i', 'i.id', 'im.intro_id')
    .where({ 'im.team_id': teamId, 'im.user_id': userId })
    .select('i.id', 'i.status', 'i.shared', 'i.outcome', 'i.created_at', 'im.response', 'im.responded_at')
    .orderBy('i.created_at');
  const blocked = await db('intro_blocks').where({ team_id: teamId, user_id: userId }).pluck('blocked_user_id');
  const asks = await db('asks')
    .where({ team_id: teamId, asker_id: userId })
    .select('topic', 'why', 'status', 'created_at', 'closed_at')
    .orderBy('created_at');
  const askedToHelp = await db('ask_requests as r')
    .join('asks as a', 'a.id', 'r.ask_id')
    .where({ 'r.team_id': teamId, 'r.helper_id': userId })
    .select('a.topic', 'r.response', 'r.asked_at', 'r.answered_at')
    .orderBy('r.asked_at');
  const channels = await db('memberships')
    .where({ team_id: teamId, user_id: userId })
    .select('channel_id', 'joined_at', 'left_at');
  const { rows } = await db.raw(
    `select kind, direction, channel_id, count(distinct day) as days, sum(count) as count from (
        select kind, 'given' as direction, channel_id, day, count from interactions where team_id = ? and actor_id = ?
        union all
        select kind, 'received', channel_id, day, count from interactions where team_id = ? and target_id = ?
      ) x group by kind, direction, channel_id order by channel_id, kind, direction`,
    [teamId, userId, teamId, userId],
  );
  return {
    member: member ?? null,
    passions: passions ?? null,
    prompts,
    introductions,
    blocked,
    asks,
    askedToHelp,
    channels,
    interactions: (rows as Array<InteractionRow>).map((r) => ({
      ...r,
      days: Number(r.days),
      count: Number(r.count),
    })),
  };
}
