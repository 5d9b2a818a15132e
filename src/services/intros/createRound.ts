import { nextLocalSendTime, workingDaysLater } from '../../domain/matching/timing';
import { seededShuffle } from '../../domain/random';
import { DAY_MS } from '../../domain/time';
import { roundMembers } from '../../store/introData';
import * as store from '../../store/intros';
import { enqueueJob } from '../../store/jobs';
import { settingsFor } from '../../store/settings';
import { markTopicsKept } from '../../store/asks';
import type { Services } from '../context';
import { previewRound } from './previewRound';

/** Candidate pairs not introduced, sampled per round: the funnel's comparison group. */
const COMPARISON_SAMPLE = 200;

/**
 * Creates this period's round once: introductions, then one job per message.
 *
 * A round is created by one job per workspace and period (idempotency key) and the intro_rounds
 * unique key; every message is its own job with its own key, so replicas send each once.
 */
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
    await markTopicsKept(trx, teamId, preview.periodKey);
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
