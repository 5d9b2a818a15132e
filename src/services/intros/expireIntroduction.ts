import { UNANSWERED_LIMIT } from '../../domain/matching/eligibility';
import * as store from '../../store/intros';
import { enqueueJob } from '../../store/jobs';
import { addUnansweredSuggestion } from '../../store/members';
import type { Services } from '../context';

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
