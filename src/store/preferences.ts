/**
 * Reads a person's choices about Weaver from their `members` row (opted out, paused, "Don't ask
 * again", "Not now"; the writes live in store/members.ts), and the one-way hash remembering people
 * who asked to be forgotten.
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

export async function memberChoices(db: Knex, teamId: string, userId: string): Promise<MemberChoices | null> {
  const row = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .first(
      'user_id',
      'tz',
      'is_bot',
      'is_deleted',
      'opted_out',
      'prompts_stopped',
      'paused_until',
      'prompts_snoozed_until',
      'contact_frequency',
    );
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

export async function rememberForgotten(db: Knex, teamId: string, userId: string, now: Date): Promise<void> {
  await db('forgotten_members')
    .insert({ team_id: teamId, user_hash: forgottenHash(teamId, userId), forgotten_at: now })
    .onConflict(['team_id', 'user_hash'])
    .ignore();
}

export async function clearForgotten(db: Knex, teamId: string, userId: string): Promise<void> {
  await db('forgotten_members')
    .where({ team_id: teamId, user_hash: forgottenHash(teamId, userId) })
    .delete();
}

export async function isForgotten(db: Knex, teamId: string, userId: string): Promise<boolean> {
  return Boolean(
    await db('forgotten_members')
      .where({ team_id: teamId, user_hash: forgottenHash(teamId, userId) })
      .first('user_hash'),
  );
}
