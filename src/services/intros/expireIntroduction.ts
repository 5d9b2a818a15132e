import { UNANSWERED_LIMIT } from '../../domain/matching/eligibility';
import * as store from '../../store/intros';
import { enqueueJob } from '../../store/jobs';
import { addUnansweredSuggestion } from '../../store/members';
import type { Services } from '../context';
import { awayUntil, whenBackOrRecheck } from '../../domain/away';
import { DAY_MS } from '../../domain/time';
import { settingsFor } from '../../store/settings';

/**
 * Job: a suggestion nobody finished answering in time. Silence counts towards the pause. While
 * someone who has not answered is away (their Slack status), it waits instead: the answer is when
 * to look again (the day they are back, plus `rounds.expireAfterDays`).
 */
export async function expireIntroduction(services: Services, teamId: string, introId: number): Promise<Date | null> {
  const now = services.now();
  const settings = await settingsFor(services.db, teamId);
  return services.db.transaction(async (trx) => {
    const intro = await store.introWithMembers(trx, teamId, introId, { forUpdate: true });
    if (intro?.status !== 'proposed') return null;
    let waitUntil = 0;
    for (const m of intro.members.filter((x) => x.response === 'pending')) {
      const flags = await store.memberIntroFlags(trx, teamId, m.userId);
      const back = flags && whenBackOrRecheck(awayUntil(flags.status, now, settings.away, flags.tzOffset), now);
      if (back) waitUntil = Math.max(waitUntil, back.getTime() + settings.rounds.expireAfterDays * DAY_MS);
    }
    if (waitUntil) return new Date(waitUntil);
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
    return null;
  });
}
