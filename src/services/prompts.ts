/**
 * The passion prompt rhythm. A planner (every scheduler tick, per workspace) enqueues one first
 * prompt per person (spread over days after install; a welcome a few days after team_join) and a
 * refresh prompt when passions get old; each prompt job sends at the person's local send hour on
 * a working day and enqueues its next reminder, up to `maxReminders`, then silence.
 *
 * Exactly-once: every job has an idempotency key (`prompt:first:U1`, `…:r1`, `prompt:refresh:U1:<t>`);
 * `passion_prompts.sends` records each send, so a job retried after a crash that happened
 * after sending does not send again, and one that crashed before sending sends once. The one
 * window left is between Slack accepting the message and that row being written (milliseconds):
 * chat.postMessage has no idempotency key, so a crash exactly there would send it twice.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { nextLocalSendTime } from '../domain/localTime';
import { promptRemindersFor } from '../domain/contactFrequency';
import { decidePrompt, firstPromptOffsetDays, type PromptKind } from '../domain/prompts';
import { DAY_MS } from '../domain/time';
import type { JobResult } from '../jobs/registry';
import { passionPromptMessage } from '../views/passionPrompt';
import { enqueueJob, type JobRow, type NewJob } from '../store/jobs';
import { firstPromptCandidates, passionsOf, refreshPromptCandidates, refreshPromptKey } from '../store/passions';
import { isForgotten, memberChoices } from '../store/preferences';
import { ensureMember } from '../store/members';
import { promptRecord, recordPromptSent } from '../store/prompts';
import { settingsFor } from '../store/settings';
import type { Services } from './context';

export const PROMPT_JOB = 'prompts.send';
const PLAN_BATCH = 500;
/** Slack errors after which sending a DM again can never work. */
const UNREACHABLE = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'cannot_dm_bot',
  'user_not_visible',
  'messages_tab_disabled',
]);

const payloadSchema = z.object({
  userId: z.string().min(1),
  promptKey: z.string().min(1),
  kind: z.enum(['welcome', 'first', 'refresh']),
  reminder: z.number().int().min(0).default(0),
  /** the prompt counts as answered when passions were saved after this (refresh prompts) */
  answeredAfter: z.string().nullish(),
});
type PromptPayload = z.infer<typeof payloadSchema>;

export const firstPromptKey = (userId: string) => `prompt:first:${userId}`;
const reminderKey = (promptKey: string, n: number) => `${promptKey}:r${n}`;

/** team_join: remember the person and plan their welcome prompt a few days later, at their local send hour. */
export async function planWelcomePrompt(
  services: Services,
  teamId: string,
  person: {
    userId: string;
    tz?: string | null;
    tzOffset?: number | null;
    isBot?: boolean;
    isDeleted?: boolean;
    name?: string | null;
  },
): Promise<boolean> {
  const settings = await settingsFor(services.db, teamId);
  const now = services.now();
  return services.db.transaction(async (trx) => {
    await ensureMember(trx, {
      teamId,
      userId: person.userId,
      tz: person.tz,
      tzOffset: person.tzOffset,
      isBot: person.isBot,
      joinedAt: now,
      name: person.name,
    });
    if (
      person.isBot ||
      person.isDeleted ||
      !settings.prompts.enabled ||
      (await isForgotten(trx, teamId, person.userId))
    )
      return false;
    const earliest = new Date(now.getTime() + settings.prompts.welcomeDelayDays * DAY_MS);
    const id = await enqueueJob(trx, {
      teamId,
      kind: PROMPT_JOB,
      dueAt: nextLocalSendTime(earliest, person.tz ?? 'UTC', settings.prompts.sendHour),
      idempotencyKey: firstPromptKey(person.userId),
      payload: { userId: person.userId, promptKey: firstPromptKey(person.userId), kind: 'welcome', reminder: 0 },
    });
    return id !== null;
  });
}

/** Enqueues first prompts for people who never shared passions and refresh prompts for stale passions. Idempotent. */
export async function planPrompts(services: Services, teamId: string): Promise<number> {
  const settings = await settingsFor(services.db, teamId);
  if (!settings.prompts.enabled) return 0;
  const { prompts } = settings;
  const now = services.now();
  const jobs: NewJob[] = [];
  for (const c of await firstPromptCandidates(services.db, teamId, PLAN_BATCH)) {
    let earliest = now.getTime() + firstPromptOffsetDays(c.userId, prompts.firstPromptSpreadDays) * DAY_MS;
    const recentJoin = c.teamJoinedAt !== null && now.getTime() - c.teamJoinedAt.getTime() < 30 * DAY_MS;
    if (recentJoin) earliest = Math.max(earliest, c.teamJoinedAt!.getTime() + prompts.welcomeDelayDays * DAY_MS);
    const key = firstPromptKey(c.userId);
    jobs.push({
      teamId,
      kind: PROMPT_JOB,
      dueAt: nextLocalSendTime(new Date(earliest), c.tz ?? 'UTC', prompts.sendHour),
      idempotencyKey: key,
      payload: { userId: c.userId, promptKey: key, kind: recentJoin ? 'welcome' : 'first', reminder: 0 },
    });
  }
  const staleBefore = new Date(now.getTime() - prompts.refreshAfterDays * DAY_MS);
  for (const c of await refreshPromptCandidates(services.db, teamId, staleBefore, PLAN_BATCH)) {
    const key = refreshPromptKey(c.userId, c.passionsUpdatedAt!);
    const earliest = now.getTime() + firstPromptOffsetDays(c.userId, prompts.firstPromptSpreadDays) * DAY_MS;
    jobs.push({
      teamId,
      kind: PROMPT_JOB,
      dueAt: nextLocalSendTime(new Date(earliest), c.tz ?? 'UTC', prompts.sendHour),
      idempotencyKey: key,
      payload: {
        userId: c.userId,
        promptKey: key,
        kind: 'refresh',
        reminder: 0,
        answeredAfter: c.passionsUpdatedAt!.toISOString(),
      },
    });
  }
  let planned = 0;
  if (jobs.length) {
    // one transaction per pass: a few hundred inserts commit once
    await services.db.transaction(async (trx) => {
      for (const job of jobs) if ((await enqueueJob(trx, job)) !== null) planned += 1;
    });
  }
  if (planned) services.logger.info({ teamId, planned }, 'passion prompts planned');
  return planned;
}

/** Runs one prompt or reminder job: checks the person's choices at send time, sends, records, plans the next reminder. */
export async function runPromptJob(services: Services, job: JobRow): Promise<JobResult> {
  const parsed = payloadSchema.safeParse(job.payload);
  if (!parsed.success) {
    services.logger.warn({ jobId: job.id }, 'prompt job with an unreadable payload: dropped');
    return 'done';
  }
  const p = parsed.data;
  const teamId = job.team_id;
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  const record = await promptRecord(db, teamId, p.promptKey);
  // already sent by an earlier attempt that died before finishing the job
  if (record && record.sends > p.reminder) return 'done';
  const person = await memberChoices(db, teamId, p.userId);
  const maxReminders = promptRemindersFor(person?.contactFrequency ?? 'normal', settings.prompts.maxReminders);
  if (p.reminder > maxReminders) return 'done';
  const passions = await passionsOf(db, teamId, p.userId);
  const answered =
    Boolean(record?.answeredAt) ||
    (passions !== null && (!p.answeredAfter || passions.updatedAt.getTime() > new Date(p.answeredAfter).getTime()));
  const now = services.now();
  const decision = decidePrompt(person, {
    now,
    sendHour: settings.prompts.sendHour,
    enabled: settings.prompts.enabled,
    answered,
  });
  if (decision.kind === 'skip') {
    services.logger.info({ teamId, jobId: job.id, reason: decision.reason }, 'passion prompt not sent');
    return 'done';
  }
  if (decision.kind === 'defer') return { deferUntil: decision.until };

  const client = await services.slackFor(teamId);
  if (!client) throw new Error(`Weaver has no Slack client for workspace ${teamId}`);
  let channel: string | undefined;
  let posted: { ts?: string };
  try {
    const dm = await client.conversations.open({ users: p.userId });
    channel = dm.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    const message = passionPromptMessage({ kind: p.kind as PromptKind, reminder: p.reminder, promptKey: p.promptKey });
    posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code && UNREACHABLE.has(code)) {
      // retrying cannot help: the person left, is a bot, or cannot receive DMs from apps
      services.logger.info({ teamId, jobId: job.id, code }, 'passion prompt not sent: person cannot be reached');
      return 'done';
    }
    throw err;
  }
  // the send and the next reminder are recorded together, so a crash cannot keep one without the other
  await db.transaction(async (trx) => {
    await recordPromptSent(trx, {
      teamId,
      promptKey: p.promptKey,
      userId: p.userId,
      kind: p.kind,
      sends: p.reminder + 1,
      at: now,
      channelId: channel,
      messageTs: String(posted.ts ?? ''),
    });
    if (p.reminder < maxReminders) await enqueueReminder(trx, now, teamId, p, person?.tz ?? 'UTC', settings.prompts);
  });
  return 'done';
}

async function enqueueReminder(
  db: Knex,
  now: Date,
  teamId: string,
  p: PromptPayload,
  tz: string,
  prompts: { reminderIntervalDays: number; sendHour: number },
): Promise<void> {
  const next = p.reminder + 1;
  const earliest = new Date(now.getTime() + prompts.reminderIntervalDays * DAY_MS);
  await enqueueJob(db, {
    teamId,
    kind: PROMPT_JOB,
    dueAt: nextLocalSendTime(earliest, tz, prompts.sendHour),
    idempotencyKey: reminderKey(p.promptKey, next),
    payload: { ...p, reminder: next },
  });
}
