import { pendingSuggestionFor } from '../../store/home';
import * as store from '../../store/intros';
import type * as views from '../../views/introMessages';
import type { Services } from '../context';
import { answerSuggestion } from './answerSuggestion';

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
