import * as store from '../../store/intros';
import type * as views from '../../views/introMessages';
import type { Services } from '../context';

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
