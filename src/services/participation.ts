/**
 * Participation numbers for leads: prompts sent and answered, answer rate, median tags per person,
 * and the most shared tags, naming only tags shared by at least the privacy threshold of people.
 */
import { tagCountsPerPerson, tagPopularity } from '../store/passions';
import { promptCounts } from '../store/prompts';
import { settingsFor } from '../store/settings';
import type { Services } from './context';

export interface ParticipationNumbers {
  promptsSent: number;
  promptsAnswered: number;
  /** answered / sent, 0..1; null before any prompt went out */
  answerRate: number | null;
  peopleWithPassions: number;
  /** null while fewer than `privacyThreshold` people shared passions */
  medianTagsPerPerson: number | null;
  /** only tags at least `privacyThreshold` people share */
  topTags: Array<{ tag: string; label: string; people: number }>;
  privacyThreshold: number;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function participationNumbers(
  services: Services,
  teamId: string,
  topN = 10,
): Promise<ParticipationNumbers> {
  const settings = await settingsFor(services.db, teamId);
  const counts = await promptCounts(services.db, teamId);
  const perPerson = await tagCountsPerPerson(services.db, teamId);
  const topTags = await tagPopularity(services.db, teamId, settings.privacyThreshold, topN);
  return {
    promptsSent: counts.sent,
    promptsAnswered: counts.answered,
    answerRate: counts.sent ? counts.answered / counts.sent : null,
    peopleWithPassions: perPerson.length,
    // a median of a handful of people says too much about each of them
    medianTagsPerPerson: perPerson.length >= settings.privacyThreshold ? median(perPerson) : null,
    topTags,
    privacyThreshold: settings.privacyThreshold,
  };
}
