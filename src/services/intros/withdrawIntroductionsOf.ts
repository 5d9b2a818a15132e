import * as store from '../../store/intros';
import type { Services } from '../context';
import { enqueueClosedNotices } from './closedNotices';

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
      const others = intro.members.filter((x) => x.userId !== userId).map((m) => m.userId);
      await enqueueClosedNotices(trx, teamId, introId, others, now);
      withdrawn += 1;
    });
  }
  return withdrawn;
}
