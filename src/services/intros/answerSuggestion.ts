import { DAY_MS } from '../../domain/time';
import * as store from '../../store/intros';
import { enqueueJob } from '../../store/jobs';
import { resetUnansweredSuggestions, setPausedUntil } from '../../store/members';
import type * as views from '../../views/introMessages';
import type { Services } from '../context';
import { enqueueClosedNotices } from './closedNotices';

/** How long "Pause introductions" pauses a person. (Paused for not answering lasts until "I'm back".) */
export const PAUSE_DAYS = 28;

export type AnswerResult =
  | { ok: true; answer: 'accepted' | 'declined' | 'paused'; pausedDays?: number }
  | { ok: false; reason: views.IntroRefusal };

/**
 * A person's answer to a suggestion. Idempotent: anything but a first answer to an open one changes
 * nothing. The introduction row is locked, so a double click applies once.
 */
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
    const others = intro.members.filter((m) => m.userId !== a.userId).map((m) => m.userId);
    await enqueueClosedNotices(trx, a.teamId, intro.id, others, now);
    if (a.answer === 'pause') {
      await setPausedUntil(trx, a.teamId, a.userId, new Date(now.getTime() + PAUSE_DAYS * DAY_MS));
      return { ok: true, answer: 'paused', pausedDays: PAUSE_DAYS };
    }
    return { ok: true, answer: 'declined' };
  });
  return result;
}
