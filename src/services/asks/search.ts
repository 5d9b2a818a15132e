/**
 * The search behind an ask: rank who could help (src/domain/asks/rankHelpers.ts), ask the best one
 * privately, and after a decline or no answer in time ask the next, at most MAX_ASKED people; then
 * tell the asker, in one sentence, that nobody is available right now.
 *
 * Concurrency: a step locks the ask row and runs only when no request is pending and exactly
 * `step` people were asked, so the listener (right after the ack), the `ask.next` job, a decline and
 * a timeout never ask two people at once or the same step twice. The request DM is claimed on its
 * row (claimRequestSend), so it is sent once whether the listener or the `ask.request` job gets
 * there first.
 */
import { rankHelpers, topicFilter, type RankedHelper } from '../../domain/asks/rankHelpers';
import { nextLocalSendTime } from '../../domain/localTime';
import { DAY_MS } from '../../domain/time';
import {
  askById,
  askPeople,
  blocksInvolving,
  claimRequestSend,
  closeAsk,
  contactsOf,
  helperProfiles,
  insertAsk,
  insertRequest,
  type NewAsk,
  recordRequestMessage,
  releaseRequestSend,
  requestsOf,
} from '../../store/asks';
import { enqueueJob } from '../../store/jobs';
import { settingsFor } from '../../store/settings';
import { askRequestMessage } from '../../views/askMessages';
import type { Services } from '../context';
import { slackClient } from '../intros/slackClient';
import type { Knex } from 'knex';

/** A helper is asked between these local hours on a working day (Monday to Friday, their time zone). */
export const ASK_HOURS = { from: 9, to: 17 } as const;

/** Now when it is the helper's working hours; otherwise the start of their next working day. */
export const askSendTime = (now: Date, tz: string | null): Date =>
  nextLocalSendTime(now, tz ?? 'UTC', ASK_HOURS.from, ASK_HOURS.to - ASK_HOURS.from);

/** At most this many people are asked for one request. */
export const MAX_ASKED = 3;
/** The monthly limit per helper counts the asks of the last 30 days. */
export const LIMIT_WINDOW_DAYS = 30;
/** "People the asker already talks to": an interaction within this many days. */
export const CONTACT_WINDOW_DAYS = 90;

export type StepResult =
  | { asked: string; matched: RankedHelper; sendAt: Date }
  | { nobody: true }
  | { skipped: 'not_open' | 'pending' | 'step_taken' };

/**
 * Stores a new ask and queues the first step of its search, in the caller's transaction; null when
 * the asker already has an open ask of that kind (nothing is stored then).
 */
export async function openAskWithFirstStep(trx: Knex, ask: NewAsk): Promise<number | null> {
  const id = await insertAsk(trx, ask);
  if (id === null) return null;
  await enqueueJob(trx, {
    teamId: ask.teamId,
    kind: 'ask.next',
    dueAt: ask.createdAt,
    payload: { askId: id, step: 0 },
    idempotencyKey: `ask-next:${id}:0`,
  });
  return id;
}

/** Ranks who could help with an open ask (nothing is stored). */
export async function rankForAsk(services: Services, teamId: string, askId: number) {
  const now = services.now();
  const ask = await askById(services.db, teamId, askId);
  if (!ask) return null;
  const settings = await settingsFor(services.db, teamId);
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [people, contacts, blocked, requests, askers] = await Promise.all([
    helperProfiles(services.db, teamId, since(LIMIT_WINDOW_DAYS), topicFilter(ask.topicTags)),
    contactsOf(services.db, teamId, ask.askerId, since(CONTACT_WINDOW_DAYS)),
    blocksInvolving(services.db, teamId, ask.askerId),
    requestsOf(services.db, askId),
    askPeople(services.db, teamId, [ask.askerId]),
  ]);
  const asker = askers.get(ask.askerId);
  const ranking = rankHelpers(
    {
      askerId: ask.askerId,
      askerDepartment: asker?.department ?? null,
      askerTzOffset: asker?.tzOffset ?? null,
      topicTags: ask.topicTags,
      outsideDepartment: ask.outsideDepartment,
    },
    people,
    {
      now,
      contacts,
      blocked,
      alreadyAsked: new Set(requests.map((r) => r.helperId)),
      perHelperPerMonth: settings.asks.perHelperPerMonth,
      away: settings.away,
    },
  );
  return { ask, ranking, requests, settings };
}

/**
 * One step of the search: asks the next person, or closes the ask as unanswered. `step` is how many
 * people have been asked so far (0 for the first).
 */
export async function askNextHelper(
  services: Services,
  teamId: string,
  askId: number,
  step: number,
): Promise<StepResult> {
  const ranked = await rankForAsk(services, teamId, askId);
  if (!ranked) return { skipped: 'not_open' };
  const now = services.now();
  const best = step < MAX_ASKED ? ranked.ranking.ranked[0] : undefined;
  const hours = ranked.settings.asks.answerWithinHours;
  return services.db.transaction(async (trx): Promise<StepResult> => {
    const ask = await askById(trx, teamId, askId, { forUpdate: true });
    if (ask?.status !== 'open') return { skipped: 'not_open' };
    const requests = await requestsOf(trx, askId);
    if (requests.some((r) => r.response === 'pending')) return { skipped: 'pending' };
    // positions, not a count: the rows of someone deleted since are gone
    if (Math.max(0, ...requests.map((r) => r.position)) !== step) return { skipped: 'step_taken' };
    // someone may have been asked since the ranking was read: never the same person twice
    if (!best || requests.some((r) => r.helperId === best.userId)) {
      await closeAsk(trx, askId, 'unanswered', now);
      if (ask.kind === 'ask') {
        await enqueueJob(trx, {
          teamId,
          kind: 'ask.nobody',
          dueAt: now,
          payload: { askId, userId: ask.askerId },
          idempotencyKey: `ask-nobody:${askId}`,
        });
      }
      return { nobody: true };
    }
    const matched = { tag: best.matchedTag, via: best.via };
    // they are asked in their own working hours, and have answerWithinHours from then
    const helper = (await askPeople(trx, teamId, [best.userId])).get(best.userId);
    const sendAt = askSendTime(now, helper?.tz ?? null);
    await insertRequest(trx, { askId, teamId, helperId: best.userId, position: step + 1, askedAt: now, matched });
    await enqueueJob(trx, {
      teamId,
      kind: 'ask.request',
      dueAt: sendAt,
      payload: { askId, userId: best.userId },
      idempotencyKey: `ask-request:${askId}:${best.userId}`,
    });
    await enqueueJob(trx, {
      teamId,
      kind: 'ask.timeout',
      dueAt: new Date(sendAt.getTime() + hours * 3_600_000),
      payload: { askId, userId: best.userId },
      idempotencyKey: `ask-timeout:${askId}:${best.userId}`,
    });
    return { asked: best.userId, matched: best, sendAt };
  });
}

/** Sends the private request to the person asked, once (see claimRequestSend). */
export async function sendAskRequest(
  services: Services,
  teamId: string,
  askId: number,
  helperId: string,
): Promise<void> {
  const ask = await askById(services.db, teamId, askId);
  if (ask?.status !== 'open') return;
  if (!(await claimRequestSend(services.db, askId, helperId))) return;
  try {
    const matched = (await requestsOf(services.db, askId)).find((r) => r.helperId === helperId)?.matched ?? null;
    const asker = (await askPeople(services.db, teamId, [ask.askerId])).get(ask.askerId);
    const message = askRequestMessage({
      askId,
      kind: ask.kind,
      askerId: ask.askerId,
      askerDepartment: asker?.department ?? null,
      topic: ask.topic,
      why: ask.why,
      matched,
    });
    const slack = await slackClient(services, teamId);
    const res = await slack.chat.postMessage({ channel: helperId, text: message.text, blocks: message.blocks });
    await recordRequestMessage(services.db, askId, helperId, res.channel ?? helperId, res.ts ?? '');
  } catch (err) {
    await releaseRequestSend(services.db, askId, helperId);
    throw err;
  }
}

/**
 * Right after the ack (or a decline): the next step of the search, and its DM at once when it is
 * the helper's working hours (otherwise the `ask.request` job sends it when they start).
 */
export async function searchAndAsk(services: Services, teamId: string, askId: number, step: number): Promise<void> {
  const r = await askNextHelper(services, teamId, askId, step);
  if ('asked' in r && r.sendAt.getTime() <= services.now().getTime())
    await sendAskRequest(services, teamId, askId, r.asked);
}
