import type { Knex } from 'knex';
import type { Wording } from '../../domain/introductions/whatEachIsTold';
import { type DisplayForms, displayForms } from '../../domain/passions/displayForm';
import { passionWording } from '../../store/introData';
import { labelCounts } from '../../store/passions';

/**
 * What the people of an introduction entered now, and the workspace's one display form of each of
 * those tags (so everyone in it reads the same words for the same passion).
 */
export async function introWording(
  db: Knex,
  teamId: string,
  members: string[],
): Promise<{ wording: Wording; display: DisplayForms }> {
  const wording = await passionWording(db, teamId, members);
  const tags = [...new Set([...wording.values()].flatMap((m) => [...m.keys()]))];
  return { wording, display: displayForms(await labelCounts(db, teamId, tags)) };
}
