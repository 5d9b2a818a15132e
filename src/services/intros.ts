/**
 * Introductions: plan a round, send suggestions at each person's local hour, take answers, open
 * the group DM when everyone accepted, follow up, expire. (The funnel: services/introFunnel.ts.)
 *
 * Concurrency: a round is created by one job per workspace and period (idempotency key) and the
 * intro_rounds unique key; every message is its own job with its own key, so replicas send each
 * once. Answers lock the introduction row, so double clicks apply once.
 */
import type { Knex } from 'knex';
import type { WebClient } from '@slack/web-api';
import { ineligibility, UNANSWERED_LIMIT } from '../domain/matching/eligibility';
import { proposeIntroductions, type RoundProposal } from '../domain/matching/proposeIntroductions';
import { seededShuffle } from '../domain/random';
import { nextLocalSendTime, periodKey, workingDaysLater } from '../domain/matching/timing';
import type { Settings } from '../domain/settings';
import * as views from '../views/introMessages';
import {
  channelsByMember,
  departmentTies,
  introBlocks,
  passionWording,
  recentIntroPairs,
  roundMembers,
  tiedPairs,
} from '../store/introData';
import { type Wording, whatReaderIsTold, whatTheGroupIsTold } from '../domain/introductions/whatEachIsTold';
import { type DisplayForms, displayForms } from '../domain/passions/displayForm';
import { labelCounts } from '../store/passions';
import * as store from '../store/intros';
import { pendingSuggestionFor } from '../store/home';
import { addUnansweredSuggestion, resetUnansweredSuggestions, setPausedUntil } from '../store/members';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import type { Services } from './context';
import { DAY_MS } from '../domain/time';

/** "Not already connected": no interaction tie within this many days. */
export const TIE_WINDOW_DAYS = 90;
/** How long "Pause introductions" pauses a person. (Paused for not answering lasts until "I'm back".) */
export const PAUSE_DAYS = 28;
/** Candidate pairs not introduced, sampled per round: the funnel's comparison group. */
const COMPARISON_SAMPLE = 200;

export interface RoundPreview {
  periodKey: string;
  eligible: number;
  proposal: RoundProposal;
  departments: Map<string, string | null>;
}

/** Loads everything and proposes the round for `now` (nothing is stored). */
export async function previewRound(services: Services, teamId: string, settings?: Settings): Promise<RoundPreview> {
  const now = services.now();
  const s = settings ?? (await settingsFor(services.db, teamId));
  const key = periodKey(now, s.rounds.cadence);
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [members, tied, recent, blocks, channels, ties] = await Promise.all([
    roundMembers(services.db, teamId),
    tiedPairs(services.db, teamId, since(TIE_WINDOW_DAYS)),
    recentIntroPairs(services.db, teamId, since(s.rounds.coolDownDays)),
    introBlocks(services.db, teamId),
    channelsByMember(services.db, teamId),
    departmentTies(services.db, teamId, since(s.historyDays)),
  ]);
  const eligible = members.filter(
    (m) =>
      ineligibility(
        { ...m, hasPassions: m.tags.length + m.teach.length + m.learn.length > 0 },
        now,
        s.rounds.cadence,
      ) === null,
  );
  const proposal = proposeIntroductions({
    people: eligible.map((m) => ({
      userId: m.userId,
      department: m.department!,
      tzOffset: m.tzOffset,
      passions: { userId: m.userId, tags: m.tags, teach: m.teach, learn: m.learn },
      channels: channels.get(m.userId) ?? [],
    })),
    constraints: { tiedPairs: tied, recentIntroPairs: recent, blocks },
    ties,
    rounds: s.rounds,
    seed: `${teamId}:${key}`,
  });
  return {
    periodKey: key,
    eligible: eligible.length,
    proposal,
    departments: new Map(members.map((m) => [m.userId, m.department])),
  };
}

/** Creates this period's round once: introductions, then one job per message. */
export async function createRound(
  services: Services,
  teamId: string,
): Promise<{ roundId: number | null; intros: number }> {
  const settings = await settingsFor(services.db, teamId);
  const preview = await previewRound(services, teamId, settings);
  const now = services.now();
  const { proposal } = preview;
  const members = new Map((await roundMembers(services.db, teamId)).map((m) => [m.userId, m]));
  const hour = settings.prompts.sendHour;
  const r = settings.rounds;
  const comparison = seededShuffle(proposal.notChosen, `${teamId}:${preview.periodKey}:comparison`).slice(
    0,
    COMPARISON_SAMPLE,
  );
  return services.db.transaction(async (trx) => {
    const roundId = await store.insertRound(trx, teamId, preview.periodKey, {
      eligible: preview.eligible,
      candidatePairs: proposal.candidatePairs,
      total: proposal.total,
      method: proposal.method,
      unmatched: proposal.unmatched.length,
      comparisonPairs: comparison,
    });
    if (roundId === null) return { roundId: null, intros: 0 };
    for (const intro of proposal.introductions) {
      const sendAt = Object.fromEntries(
        intro.members.map((u) => [u, nextLocalSendTime(now, members.get(u)?.tzOffset ?? null, hour)]),
      );
      const lastSend = Math.max(...Object.values(sendAt).map((d) => d.getTime()));
      const expiresAt = new Date(lastSend + r.expireAfterDays * DAY_MS);
      const introId = await store.insertIntro(trx, {
        teamId,
        roundId,
        score: intro.score,
        shared: {
          pairs: intro.pairs,
          sendAt: Object.fromEntries(Object.entries(sendAt).map(([u, d]) => [u, d.toISOString()])),
        },
        bridgesMissing: intro.missingBridge,
        expiresAt,
        createdAt: now,
        members: intro.members.map((u, i) => ({ userId: u, department: intro.departments[i] })),
      });
      for (const userId of intro.members) {
        const tz = members.get(userId)?.tzOffset ?? null;
        await enqueueJob(trx, {
          teamId,
          kind: 'intro.suggest',
          dueAt: sendAt[userId],
          payload: { introId, userId },
          idempotencyKey: `intro-suggest:${introId}:${userId}`,
        });
        await enqueueJob(trx, {
          teamId,
          kind: 'intro.remind',
          dueAt: workingDaysLater(sendAt[userId], r.reminderAfterDays, tz, hour),
          payload: { introId, userId },
          idempotencyKey: `intro-remind:${introId}:${userId}`,
        });
      }
      await enqueueJob(trx, {
        teamId,
        kind: 'intro.expire',
        dueAt: expiresAt,
        payload: { introId },
        idempotencyKey: `intro-expire:${introId}`,
      });
    }
    for (const userId of proposal.unmatched) {
      const m = members.get(userId);
      if (!m?.notifyNoMatch) continue;
      await enqueueJob(trx, {
        teamId,
        kind: 'intro.no_match',
        dueAt: nextLocalSendTime(now, m.tzOffset, hour),
        payload: { userId },
        idempotencyKey: `intro-no-match:${preview.periodKey}:${userId}`,
      });
    }
    return { roundId, intros: proposal.introductions.length };
  });
}

async function client(services: Services, teamId: string): Promise<WebClient> {
  const c = await services.slackFor(teamId);
  if (!c) throw new Error(`Weaver is not installed in workspace ${teamId}`);
  return c;
}

/**
 * What the people of an introduction entered now, and the workspace's one display form of each of
 * those tags (so everyone in it reads the same words for the same passion).
 */
export async function introWording(
  db: Knex,
  teamId: string,
  members: string[],
): Promise<{ wording: Wording; display: DisplayForms }> {
  const wording = await passionWording(db, teamId, members);
  const tags = [...new Set([...wording.values()].flatMap((m) => [...m.keys()]))];
  return { wording, display: displayForms(await labelCounts(db, teamId, tags)) };
}

async function suggestionModel(
  db: Knex,
  intro: store.IntroRow,
  userId: string,
  now: Date,
): Promise<views.IntroSuggestionModel> {
  const members = intro.members.map((m) => m.userId);
  const { wording, display } = await introWording(db, intro.teamId, members);
  return {
    introId: intro.id,
    userId,
    others: intro.members
      .filter((m) => m.userId !== userId)
      .map((m) => ({ userId: m.userId, department: m.department })),
    told: whatReaderIsTold(userId, members, intro.shared, wording, display),
    expiresInDays: Math.max(1, Math.ceil(((intro.expiresAt?.getTime() ?? now.getTime()) - now.getTime()) / DAY_MS)),
  };
}

/** Job: send one person their suggestion (skipped when the introduction is no longer open). */
export async function sendSuggestion(
  services: Services,
  teamId: string,
  introId: number,
  userId: string,
  reminder = false,
): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  const me = intro?.members.find((m) => m.userId === userId);
  if (!intro || !me || intro.status !== 'proposed' || me.response !== 'pending') return;
  const flags = await store.memberIntroFlags(services.db, teamId, userId);
  const now = services.now();
  if (!flags || flags.optedOut || flags.isDeleted || (flags.pausedUntil && flags.pausedUntil > now)) {
    // They opted out, left or paused since the round was planned: no message to them, and the
    // introduction closes for the others with the usual neutral words.
    await closeWithoutAnswer(services, teamId, introId);
    return;
  }
  const model = await suggestionModel(services.db, intro, userId, now);
  const message = reminder ? views.introReminderMessage(model) : views.introSuggestionMessage(model);
  const res = await (await client(services, teamId)).chat.postMessage({
    channel: userId,
    text: message.text,
    blocks: message.blocks,
  });
  if (!reminder && res.channel && res.ts)
    await store.recordSuggestionMessage(services.db, introId, userId, res.channel, res.ts);
}

export type AnswerResult =
  | { ok: true; answer: 'accepted' | 'declined' | 'paused'; pausedDays?: number }
  | { ok: false; reason: views.IntroRefusal };

/** A person's answer to a suggestion. Idempotent: anything but a first answer to an open one changes nothing. */
export async function answerSuggestion(
  services: Services,
  a: { teamId: string; userId: string; introId: number; answer: 'accept' | 'not_now' | 'pause' },
): Promise<AnswerResult> {
  const now = services.now();
  const result = await services.db.transaction(async (trx): Promise<AnswerResult> => {
    const intro = await store.introWithMembers(trx, a.teamId, a.introId, { forUpdate: true });
    if (!intro) return { ok: false, reason: 'unknown' };
    const me = intro.members.find((m) => m.userId === a.userId);
    if (!me) return { ok: false, reason: 'not_yours' };
    if (me.response !== 'pending')
      return {
        ok: false,
        reason: intro.status === 'proposed' || me.response === 'accepted' ? 'already_answered' : 'stale',
      };
    if (intro.status !== 'proposed') return { ok: false, reason: 'stale' };
    await resetUnansweredSuggestions(trx, a.teamId, a.userId);
    if (a.answer === 'accept') {
      // Never an introduction to nobody: someone was deleted from it (withdrawIntroductionsOf runs first, so
      // this only guards rows from before that rule).
      if (intro.members.length < 2) {
        await store.setIntroStatus(trx, intro.id, 'withdrawn');
        return { ok: false, reason: 'stale' };
      }
      await store.setMemberResponse(trx, intro.id, a.userId, 'accepted', now);
      if (intro.members.every((m) => m.userId === a.userId || m.response === 'accepted')) {
        await store.setIntroStatus(trx, intro.id, 'accepted', { acceptedAt: now });
        await enqueueJob(trx, {
          teamId: a.teamId,
          kind: 'intro.open',
          dueAt: now,
          payload: { introId: intro.id },
          idempotencyKey: `intro-open:${intro.id}`,
        });
      }
      return { ok: true, answer: 'accepted' };
    }
    await store.setMemberResponse(trx, intro.id, a.userId, 'declined', now);
    await store.setIntroStatus(trx, intro.id, 'declined');
    await store.settlePendingMembers(trx, intro.id, 'expired', now);
    for (const other of intro.members.filter((m) => m.userId !== a.userId)) {
      await enqueueJob(trx, {
        teamId: a.teamId,
        kind: 'intro.closed',
        dueAt: now,
        payload: { introId: intro.id, userId: other.userId },
        idempotencyKey: `intro-closed:${intro.id}:${other.userId}`,
      });
    }
    if (a.answer === 'pause') {
      await setPausedUntil(trx, a.teamId, a.userId, new Date(now.getTime() + PAUSE_DAYS * DAY_MS));
      return { ok: true, answer: 'paused', pausedDays: PAUSE_DAYS };
    }
    return { ok: true, answer: 'declined' };
  });
  return result;
}

/** Job: everyone accepted — open one group DM with all of them, introduce, schedule the follow-up. */
export async function openIntroduction(services: Services, teamId: string, introId: number): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  if (intro?.status !== 'accepted' || intro.members.length < 2) return;
  const slack = await client(services, teamId);
  let channel = intro.groupChannelId;
  if (!channel) {
    const opened = await slack.conversations.open({ users: intro.members.map((m) => m.userId).join(',') });
    channel = opened.channel?.id ?? null;
    if (!channel) throw new Error('conversations.open returned no channel');
    await store.setGroupChannel(services.db, introId, channel);
  }
  const members = intro.members.map((m) => m.userId);
  const { wording, display } = await introWording(services.db, teamId, members);
  const told = whatTheGroupIsTold(members, intro.shared, wording, display);
  const message = views.introGroupMessage({ members, told, starters: views.conversationStarters(told) });
  await slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  const settings = await settingsFor(services.db, teamId);
  await enqueueJob(services.db, {
    teamId,
    kind: 'intro.follow_up',
    // at the first member's local send hour on a working day
    dueAt: workingDaysLater(
      intro.acceptedAt ?? services.now(),
      settings.rounds.followUpAfterDays,
      (await store.memberIntroFlags(services.db, teamId, intro.members[0].userId))?.tzOffset ?? null,
      settings.prompts.sendHour,
    ),
    payload: { introId },
    idempotencyKey: `intro-follow-up:${introId}`,
  });
}

/** Job: "Did you get to meet?" in the group DM. */
export async function sendFollowUp(services: Services, teamId: string, introId: number): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  if (!intro?.groupChannelId || intro.members.length < 2 || intro.outcome === 'met' || intro.outcome === 'no') return;
  const message = views.introFollowUpMessage(introId);
  await (await client(services, teamId)).chat.postMessage({
    channel: intro.groupChannelId,
    text: message.text,
    blocks: message.blocks,
  });
}

/** A member's answer to "did you meet?". "Not yet" can be followed by a final answer; a final one stays. */
export async function recordMeetingOutcome(
  services: Services,
  a: { teamId: string; userId: string; introId: number; outcome: store.Outcome },
): Promise<{ ok: true } | { ok: false; reason: views.IntroRefusal }> {
  return services.db.transaction(async (trx) => {
    const intro = await store.introWithMembers(trx, a.teamId, a.introId, { forUpdate: true });
    if (!intro) return { ok: false, reason: 'unknown' } as const;
    if (!intro.members.some((m) => m.userId === a.userId)) return { ok: false, reason: 'not_yours' } as const;
    if (intro.status !== 'accepted') return { ok: false, reason: 'stale' } as const;
    if (intro.outcome === 'met' || intro.outcome === 'no' || intro.outcome === a.outcome)
      return { ok: false, reason: 'already_recorded' } as const;
    await store.setOutcome(trx, intro.id, a.outcome, services.now());
    return { ok: true } as const;
  });
}

/**
 * A person is being deleted (`/weaver forget`, or deactivated in Slack): every introduction of theirs
 * that has not happened yet (still a suggestion, or accepted by all but the group DM not open) is
 * withdrawn. The others read the usual "didn't work out this time" — never why. Runs before their
 * rows are deleted, so nobody is ever left in an introduction of one.
 */
export async function withdrawIntroductionsOf(services: Services, teamId: string, userId: string): Promise<number> {
  const now = services.now();
  let withdrawn = 0;
  for (const introId of await store.unopenedIntroIdsOf(services.db, teamId, userId)) {
    await services.db.transaction(async (trx) => {
      const intro = await store.introWithMembers(trx, teamId, introId, { forUpdate: true });
      if (!intro || !(intro.status === 'proposed' || (intro.status === 'accepted' && !intro.groupChannelId))) return;
      await store.setIntroStatus(trx, introId, 'withdrawn');
      await store.settlePendingMembers(trx, introId, 'expired', now);
      for (const m of intro.members.filter((x) => x.userId !== userId)) {
        const key = `intro-closed:${introId}:${m.userId}`;
        const payload = { introId, userId: m.userId };
        await enqueueJob(trx, { teamId, kind: 'intro.closed', dueAt: now, payload, idempotencyKey: key });
      }
      withdrawn += 1;
    });
  }
  return withdrawn;
}

async function closeWithoutAnswer(services: Services, teamId: string, introId: number): Promise<void> {
  const now = services.now();
  await services.db.transaction(async (trx) => {
    const intro = await store.introWithMembers(trx, teamId, introId, { forUpdate: true });
    if (intro?.status !== 'proposed') return;
    await store.setIntroStatus(trx, introId, 'expired');
    await store.settlePendingMembers(trx, introId, 'expired', now);
    for (const m of intro.members) {
      await enqueueJob(trx, {
        teamId,
        kind: 'intro.closed',
        dueAt: now,
        payload: { introId, userId: m.userId },
        idempotencyKey: `intro-closed:${introId}:${m.userId}`,
      });
    }
  });
}

/** Job: a suggestion nobody finished answering in time. Silence counts towards the pause. */
export async function expireIntroduction(services: Services, teamId: string, introId: number): Promise<void> {
  const now = services.now();
  await services.db.transaction(async (trx) => {
    const intro = await store.introWithMembers(trx, teamId, introId, { forUpdate: true });
    if (intro?.status !== 'proposed') return;
    await store.setIntroStatus(trx, introId, 'expired');
    const silent = await store.settlePendingMembers(trx, introId, 'expired', now);
    const pausedNow: string[] = [];
    for (const userId of silent) {
      const count = await addUnansweredSuggestion(trx, teamId, userId);
      if (count === UNANSWERED_LIMIT) pausedNow.push(userId);
    }
    for (const m of intro.members) {
      const paused = pausedNow.includes(m.userId);
      const kind = paused ? 'intro.paused_for_silence' : 'intro.closed';
      const key = `${paused ? 'intro-paused-for-silence' : 'intro-closed'}:${introId}:${m.userId}`;
      await enqueueJob(trx, { teamId, kind, dueAt: now, payload: { introId, userId: m.userId }, idempotencyKey: key });
    }
  });
}

/** Job: tell one person an introduction will not happen (decline or expiry — same words) and retire its buttons. */
export async function tellIntroClosed(
  services: Services,
  teamId: string,
  introId: number,
  userId: string,
  pausedForSilence: boolean,
): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  const me = intro?.members.find((m) => m.userId === userId);
  if (!intro || !me) return;
  const slack = await client(services, teamId);
  if (me.messageChannel && me.messageTs && me.response !== 'declined') {
    const expired = views.introExpiredMessage();
    await slack.chat.update({
      channel: me.messageChannel,
      ts: me.messageTs,
      text: expired.text,
      blocks: expired.blocks,
    });
  }
  // The person who said no already read their own confirmation; nobody else learns who it was.
  if (me.response === 'declined') return;
  if (!me.messageTs && me.response === 'expired' && !pausedForSilence) return; // never saw the suggestion
  const message = pausedForSilence ? views.introPausedForSilenceMessage() : views.introDidNotWorkOutMessage();
  await slack.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
}

/**
 * "Never suggest again" on a suggestion: the person is never proposed to the clicker again, and if
 * the suggestion is still open for them it closes like a "Not now" (the other side reads the usual
 * neutral words, never who or why).
 */
export async function blockFromSuggestions(
  services: Services,
  a: { teamId: string; userId: string; introId: number; blockedUserId: string },
): Promise<{ ok: true } | { ok: false; reason: views.IntroRefusal }> {
  const intro = await store.introWithMembers(services.db, a.teamId, a.introId);
  if (!intro) return { ok: false, reason: 'unknown' };
  const me = intro.members.find((m) => m.userId === a.userId);
  if (!me || a.blockedUserId === a.userId) return { ok: false, reason: 'not_yours' };
  // The blocked person may have left the introduction since (deleted): block anyway, it costs nothing.
  await store.addIntroBlock(services.db, a.teamId, a.userId, a.blockedUserId);
  if (intro.status === 'proposed' && me.response === 'pending') {
    await answerSuggestion(services, { teamId: a.teamId, userId: a.userId, introId: a.introId, answer: 'not_now' });
  }
  return { ok: true };
}

/**
 * "Never suggest…" from the Home tab: like "Never suggest again" on a suggestion, without one. An
 * open suggestion with that person closes like a "Not now". False for oneself.
 */
export async function blockPerson(
  services: Services,
  a: { teamId: string; userId: string; blockedUserId: string },
): Promise<boolean> {
  if (a.blockedUserId === a.userId) return false;
  await store.addIntroBlock(services.db, a.teamId, a.userId, a.blockedUserId);
  const pending = await pendingSuggestionFor(services.db, a.teamId, a.userId);
  if (pending?.others.includes(a.blockedUserId)) {
    await answerSuggestion(services, {
      teamId: a.teamId,
      userId: a.userId,
      introId: pending.introId,
      answer: 'not_now',
    });
  }
  return true;
}

/** "Allow again": a blocked person may be suggested again, from the next round on. */
export async function allowAgain(
  services: Services,
  a: { teamId: string; userId: string; blockedUserId: string },
): Promise<boolean> {
  return store.removeIntroBlock(services.db, a.teamId, a.userId, a.blockedUserId);
}

export async function comeBack(services: Services, teamId: string, userId: string): Promise<void> {
  await resetUnansweredSuggestions(services.db, teamId, userId);
  await setPausedUntil(services.db, teamId, userId, null);
}

export async function sendNoMatch(services: Services, teamId: string, userId: string): Promise<void> {
  const message = views.noMatchMessage();
  await (await client(services, teamId)).chat.postMessage({
    channel: userId,
    text: message.text,
    blocks: message.blocks,
  });
}
