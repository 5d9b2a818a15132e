/**
 * The person asked answers ("Happy to help" / "Not this time"), or does not in time; the group DM
 * opens on a yes. A decline or a timeout moves the search on without a word to the asker; only a
 * yes reaches them ("we found someone"), and never who else was asked.
 */
import { sharedWorkingHours } from '../../domain/meetingTime';
import {
  askById,
  askPeople,
  claimAskGroupChannel,
  eraseAskWhy,
  markAskMatched,
  memberClocks,
  pendingRequestsOf,
  requestsOf,
  setRequestResponse,
  withdrawOpenAskOf,
} from '../../store/asks';
import { enqueueJob } from '../../store/jobs';
import {
  askFoundMessage,
  askGroupMessage,
  askNobodyMessage,
  askRequestClosedMessage,
  type AskRefusal,
} from '../../views/askMessages';
import { sharedHoursSentence } from '../../views/sharedHours';
import type { Services } from '../context';
import { searchAndAsk } from './search';
import { slackClient } from '../intros/slackClient';

export type AskAnswerResult =
  | { ok: true; answer: 'accepted' | 'declined'; askerId: string; nextStep?: number }
  | { ok: false; reason: AskRefusal };

/** A click on a request. Idempotent: only the first answer to the pending request of an open ask counts. */
export async function answerAskRequest(
  services: Services,
  a: { teamId: string; userId: string; askId: number; answer: 'accept' | 'decline' },
): Promise<AskAnswerResult> {
  const now = services.now();
  const result = await services.db.transaction(async (trx): Promise<AskAnswerResult> => {
    const ask = await askById(trx, a.teamId, a.askId, { forUpdate: true });
    if (!ask) return { ok: false, reason: 'unknown' };
    const mine = (await requestsOf(trx, a.askId)).find((r) => r.helperId === a.userId);
    if (!mine) return { ok: false, reason: 'not_yours' };
    if (mine.response !== 'pending') return { ok: false, reason: ask.status === 'open' ? 'already_answered' : 'stale' };
    if (ask.status !== 'open') return { ok: false, reason: 'stale' };
    if (a.answer === 'accept') {
      await setRequestResponse(trx, a.askId, a.userId, 'accepted', now);
      await markAskMatched(trx, a.askId, a.userId, now);
      await enqueueJob(trx, {
        teamId: a.teamId,
        kind: 'ask.open',
        dueAt: now,
        payload: { askId: a.askId },
        idempotencyKey: `ask-open:${a.askId}`,
      });
      return { ok: true, answer: 'accepted', askerId: ask.askerId };
    }
    await setRequestResponse(trx, a.askId, a.userId, 'declined', now);
    await enqueueJob(trx, {
      teamId: a.teamId,
      kind: 'ask.next',
      dueAt: now,
      payload: { askId: a.askId, step: mine.position },
      idempotencyKey: `ask-next:${a.askId}:${mine.position}`,
    });
    return { ok: true, answer: 'declined', askerId: ask.askerId, nextStep: mine.position };
  });
  return result;
}

/** After the reply to a click: the group DM at once on a yes, the next person at once on a no (jobs back both up). */
export async function afterAskAnswer(services: Services, teamId: string, askId: number, r: AskAnswerResult) {
  if (!r.ok) return;
  if (r.answer === 'accepted') await openAskIntroduction(services, teamId, askId);
  else if (r.nextStep !== undefined) await searchAndAsk(services, teamId, askId, r.nextStep);
}

/** Job `ask.timeout`: the person asked did not answer in time; their buttons retire, the search moves on. */
export async function askRequestTimedOut(
  services: Services,
  teamId: string,
  askId: number,
  helperId: string,
): Promise<void> {
  const now = services.now();
  const expired = await services.db.transaction(async (trx) => {
    const ask = await askById(trx, teamId, askId, { forUpdate: true });
    const mine = (await requestsOf(trx, askId)).find((r) => r.helperId === helperId);
    if (!ask || !mine || mine.response !== 'pending') return null;
    await setRequestResponse(trx, askId, helperId, 'expired', now);
    if (ask.status === 'open') {
      await enqueueJob(trx, {
        teamId,
        kind: 'ask.next',
        dueAt: now,
        payload: { askId, step: mine.position },
        idempotencyKey: `ask-next:${askId}:${mine.position}`,
      });
    }
    return mine;
  });
  if (expired?.messageChannel && expired.messageTs) {
    const closed = askRequestClosedMessage();
    await (await slackClient(services, teamId)).chat.update({
      channel: expired.messageChannel,
      ts: expired.messageTs,
      text: closed.text,
      blocks: closed.blocks,
    });
  }
  if (expired) await searchAndAsk(services, teamId, askId, expired.position);
}

/** Job `ask.open` (and right after a yes): one group DM, the question as its first line, when they can meet. */
export async function openAskIntroduction(services: Services, teamId: string, askId: number): Promise<void> {
  const ask = await askById(services.db, teamId, askId);
  if (ask?.status !== 'matched' || !ask.helperId) return;
  const people = await askPeople(services.db, teamId, [ask.askerId, ask.helperId]);
  if (people.get(ask.askerId)?.isDeleted || people.get(ask.helperId)?.isDeleted) return;
  if (ask.groupChannelId) return; // already opened and introduced (a second caller got here first)
  const slack = await slackClient(services, teamId);
  const opened = await slack.conversations.open({ users: [ask.askerId, ask.helperId].join(',') });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  // the same two people always get the same group DM: only the caller that records it introduces
  if (!(await claimAskGroupChannel(services.db, askId, channel))) return;
  const clocks = await memberClocks(services.db, teamId, [ask.askerId, ask.helperId]);
  const hours = sharedHoursSentence(sharedWorkingHours(clocks, services.now()));
  const group = askGroupMessage({
    kind: ask.kind,
    askerId: ask.askerId,
    helperId: ask.helperId,
    topic: ask.topic,
    why: ask.why,
    hours,
    sharedTag: (await requestsOf(services.db, askId)).find((r) => r.helperId === ask.helperId)?.matched?.tag,
  });
  await slack.chat.postMessage({ channel, text: group.text, blocks: group.blocks });
  await eraseAskWhy(services.db, askId);
  if (ask.kind === 'ask') {
    const found = askFoundMessage(ask.topic, channel);
    await slack.chat.postMessage({ channel: ask.askerId, text: found.text, blocks: found.blocks });
  }
}

/** Job `ask.nobody`: the one sentence the asker hears when nobody could take the question. */
export async function tellAskerNobody(services: Services, teamId: string, askId: number): Promise<void> {
  const ask = await askById(services.db, teamId, askId);
  if (ask?.status !== 'unanswered' || ask.kind !== 'ask') return;
  const m = askNobodyMessage(ask.topic);
  await (await slackClient(services, teamId)).chat.postMessage({
    channel: ask.askerId,
    text: m.text,
    blocks: m.blocks,
  });
}

/**
 * A person is being deleted (before their rows go): their open ask is withdrawn, and a request
 * waiting on them counts as "no answer", so the asker's search moves on to the next person.
 */
export async function withdrawAsksOf(services: Services, teamId: string, userId: string): Promise<void> {
  await withdrawOpenAskOf(services.db, teamId, userId, services.now());
  for (const askId of await pendingRequestsOf(services.db, teamId, userId)) {
    await askRequestTimedOut(services, teamId, askId, userId);
  }
}
