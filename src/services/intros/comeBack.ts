import { resetUnansweredSuggestions, setPausedUntil } from '../../store/members';
import type { Services } from '../context';

/** "I'm back": introductions resume for someone paused (by choice or for not answering). */
export async function comeBack(services: Services, teamId: string, userId: string): Promise<void> {
  await resetUnansweredSuggestions(services.db, teamId, userId);
  await setPausedUntil(services.db, teamId, userId, null);
}
