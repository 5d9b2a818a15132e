/**
 * A newcomer's welcome introduction: someone who joined the workspace in the last NEWCOMER_DAYS
 * (team_join, which also plans their welcome prompt) and has shared passions gets one introduction
 * outside their department, without waiting for the next round. It is arranged like an ask (the
 * same ranking on their passions, one person asked at a time, privately, at most three), with its
 * own wording; the newcomer hears nothing unless someone says yes. Once per person; leads turn it
 * off with `asks.newcomerIntroductions`.
 */
import { clamp } from '../../views/limits';
import { DAY_MS } from '../../domain/time';
import { askPeople, hasAskOfKind } from '../../store/asks';
import { passionsOf } from '../../store/passions';
import { settingsFor } from '../../store/settings';
import type { Services } from '../context';
import { openAskWithFirstStep, searchAndAsk } from './search';

export const NEWCOMER_DAYS = 14;

/** Called after someone saved their passions; true when a welcome introduction was started. */
export async function offerWelcomeIntroduction(services: Services, teamId: string, userId: string): Promise<boolean> {
  const settings = await settingsFor(services.db, teamId);
  if (!settings.asks.newcomerIntroductions) return false;
  const now = services.now();
  const person = (await askPeople(services.db, teamId, [userId])).get(userId);
  const joined = person?.teamJoinedAt?.getTime();
  if (!person || joined === undefined || now.getTime() - joined > NEWCOMER_DAYS * DAY_MS) return false;
  if (person.optedOut || person.isDeleted || !person.department) return false;
  if (await hasAskOfKind(services.db, teamId, userId, 'welcome')) return false;
  const passions = await passionsOf(services.db, teamId, userId);
  const tags = passions?.tags ?? [];
  if (!tags.length) return false;
  const askId = await services.db.transaction(async (trx) => {
    return openAskWithFirstStep(trx, {
      teamId,
      askerId: userId,
      kind: 'welcome',
      topic: clamp(tags.map((t) => t.label).join(', '), 200),
      topicTags: tags.map((t) => t.tag),
      why: null,
      outsideDepartment: true,
      createdAt: now,
    });
  });
  if (askId === null) return false;
  services.logger.info({ teamId, askId }, 'newcomer welcome introduction started');
  await searchAndAsk(services, teamId, askId, 0);
  return true;
}
