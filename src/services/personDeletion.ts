/** A deactivated Slack account: delete the person's data (src/store/personData.ts). */
import { deletePersonData, type PersonDataDeleted } from '../store/personData';
import type { Services } from './context';
import { withdrawIntroductionsOf } from './intros';

export async function forgetDeactivatedPerson(services: Services, teamId: string, userId: string): Promise<PersonDataDeleted> {
  await withdrawIntroductionsOf(services, teamId, userId);
  const deleted = await deletePersonData(services.db, teamId, userId);
  services.logger.info({ teamId, userId, deleted }, 'deactivated person: data deleted');
  return deleted;
}
