import * as store from '../../store/intros';
import type { Services } from '../context';
import { enqueueClosedNotices } from './closedNotices';

/**
 * A suggestion that can no longer be sent (the person opted out, left or paused since the round was
 * planned) closes for everyone with the usual neutral words.
 */
export async function closeWithoutAnswer(services: Services, teamId: string, introId: number): Promise<void> {
  const now = services.now();
  await services.db.transaction(async (trx) => {
    const intro = await store.introWithMembers(trx, teamId, introId, { forUpdate: true });
    if (intro?.status !== 'proposed') return;
    await store.setIntroStatus(trx, introId, 'expired');
    await store.settlePendingMembers(trx, introId, 'expired', now);
    await enqueueClosedNotices(
      trx,
      teamId,
      introId,
      intro.members.map((m) => m.userId),
      now,
    );
  });
}
