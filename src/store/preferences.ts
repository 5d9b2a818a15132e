/**
 * A person's choices about Weaver, on their `members` row: opted out, paused, "Don't ask again",
 * "Not now" — plus the minimal member row these need when the member sync has not seen the
 * person yet, and the one-way hash remembering people who asked to be forgotten.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { asContactFrequency } from '../domain/contactFrequency';
import type { PromptPerson } from '../domain/prompts';

/** The member flags prompt decisions read (src/domain/prompts.ts), with the person's id. */
export interface MemberChoices extends PromptPerson {
  userId: string;
}

/** sha256 of team and user id: lets Weaver recognise a forgotten person without storing who they are. */
export function forgottenHash(teamId: string, userId: string): string {
  return createHash('sha256').update(`${teamId}:${userId}`, 'utf8').digest('hex');
}

/**
 * Creates the member row if it does not exist yet (e.g. on team_join or a first click, before the
 * member sync); fills in tz and join time when given, never overwrites the person's choices.
 */
export async function ensureMember(
  db: Knex,
  m: { teamId: string; userId: string; tz?: string | null; tzOffset?: number | null; isBot?: boolean; joinedAt?: Date; name?: string | null },
): Promise<void> {
  const row: Record<string, unknown> = { team_id: m.teamId, user_id: m.userId };
  if (m.tz) row.tz = m.tz;
  if (typeof m.tzOffset === 'number') row.tz_offset = m.tzOffset;
  if (m.isBot !== undefined) row.is_bot = m.isBot;
  if (m.joinedAt) row.team_joined_at = m.joinedAt;
  if (m.name) row.name = m.name;
  const merge = Object.keys(row).filter((k) => k !== 'team_id' && k !== 'user_id');
  const q = db('members').insert(row).onConflict(['team_id', 'user_id']);
  await (merge.length ? q.merge(merge) : q.ignore());
}

export async function memberChoices(db: Knex, teamId: string, userId: string): Promise<MemberChoices | null> {
  const row = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .first('user_id', 'tz', 'is_bot', 'is_deleted', 'opted_out', 'prompts_stopped', 'paused_until', 'prompts_snoozed_until', 'contact_frequency');
  if (!row) return null;
  return {
    userId: row.user_id,
    tz: row.tz,
    isBot: row.is_bot,
    isDeleted: row.is_deleted,
    optedOut: row.opted_out,
    promptsStopped: row.prompts_stopped,
    pausedUntil: row.paused_until,
    snoozedUntil: row.prompts_snoozed_until,
    contactFrequency: asContactFrequency(row.contact_frequency),
  };
}

type Choice = Partial<{ opted_out: boolean; prompts_stopped: boolean; paused_until: Date | null; prompts_snoozed_until: Date | null }>;

/** Records a choice, creating the minimal member row first if needed. */
export async function setMemberChoice(db: Knex, teamId: string, userId: string, choice: Choice, now: Date): Promise<void> {
  await db('members')
    .insert({ team_id: teamId, user_id: userId, ...choice, updated_at: now })
    .onConflict(['team_id', 'user_id'])
    .merge({ ...choice, updated_at: now });
}

export async function rememberForgotten(db: Knex, teamId: string, userId: string, now: Date): Promise<void> {
  await db('forgotten_members').insert({ team_id: teamId, user_hash: forgottenHash(teamId, userId), forgotten_at: now }).onConflict(['team_id', 'user_hash']).ignore();
}

export async function clearForgotten(db: Knex, teamId: string, userId: string): Promise<void> {
  await db('forgotten_members').where({ team_id: teamId, user_hash: forgottenHash(teamId, userId) }).delete();
}

export async function isForgotten(db: Knex, teamId: string, userId: string): Promise<boolean> {
  return Boolean(await db('forgotten_members').where({ team_id: teamId, user_hash: forgottenHash(teamId, userId) }).first('user_hash'));
}
