/**
 * A deactivated Slack account (`user_change` with deleted: true), handled on one ordered path:
 * the member is flagged deleted, their data is deleted (src/store/personData.ts), and then the
 * kinds of the channels they were in are recomputed without them. One path, in this order, because
 * two handlers running at once on the same rows could delete the memberships before the kinds were
 * recomputed, leaving a channel's kind computed with a person who is gone.
 */
import { membershipsOfMember } from '../store/memberships';
import { markMemberDeleted } from '../store/members';
import { deletePersonData, type PersonDataDeleted } from '../store/personData';
import { recomputeChannelKinds } from './channelKinds';
import type { Services } from './context';
import { withdrawIntroductionsOf } from './intros';
import { withdrawAsksOf } from './asks';

export async function forgetDeactivatedPerson(
  services: Services,
  teamId: string,
  userId: string,
): Promise<PersonDataDeleted> {
  const channels = (await membershipsOfMember(services.db, teamId, userId)).map((m) => m.channel_id);
  await markMemberDeleted(services.db, teamId, userId, services.now());
  await withdrawIntroductionsOf(services, teamId, userId);
  await withdrawAsksOf(services, teamId, userId);
  const deleted = await deletePersonData(services.db, teamId, userId);
  await recomputeChannelKinds(services, teamId, channels);
  services.logger.info({ teamId, userId, deleted }, 'deactivated person: data deleted');
  return deleted;
}
