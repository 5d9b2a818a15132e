import type { Knex } from 'knex';
import { whatReaderIsTold } from '../../domain/introductions/whatEachIsTold';
import { DAY_MS } from '../../domain/time';
import { awayUntil, whenBackOrRecheck } from '../../domain/away';
import { settingsFor } from '../../store/settings';
import * as store from '../../store/intros';
import * as views from '../../views/introMessages';
import type { Services } from '../context';
import { closeWithoutAnswer } from './closeWithoutAnswer';
import { introWording } from './introWording';
import { slackClient } from './slackClient';

async function suggestionModel(
  db: Knex,
  intro: store.IntroRow,
  userId: string,
  now: Date,
): Promise<views.IntroSuggestionModel> {
  const members = intro.members.map((m) => m.userId);
  const { wording, display } = await introWording(db, intro.teamId, members);
  return {
    introId: intro.id,
    userId,
    others: intro.members
      .filter((m) => m.userId !== userId)
      .map((m) => ({ userId: m.userId, department: m.department })),
    told: whatReaderIsTold(userId, members, intro.shared, wording, display),
    expiresInDays: Math.max(1, Math.ceil(((intro.expiresAt?.getTime() ?? now.getTime()) - now.getTime()) / DAY_MS)),
  };
}

/**
 * Job: send one person their suggestion (skipped when the introduction is no longer open). Someone
 * away (their Slack status) gets it when they are back: the answer is when to try again.
 */
export async function sendSuggestion(
  services: Services,
  teamId: string,
  introId: number,
  userId: string,
  reminder = false,
): Promise<Date | null> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  const me = intro?.members.find((m) => m.userId === userId);
  if (!intro || !me || intro.status !== 'proposed' || me.response !== 'pending') return null;
  const flags = await store.memberIntroFlags(services.db, teamId, userId);
  const now = services.now();
  if (!flags || flags.optedOut || flags.isDeleted || (flags.pausedUntil && flags.pausedUntil > now)) {
    // They opted out, left or paused since the round was planned: no message to them, and the
    // introduction closes for the others with the usual neutral words.
    await closeWithoutAnswer(services, teamId, introId);
    return null;
  }
  const away = (await settingsFor(services.db, teamId)).away;
  const back = whenBackOrRecheck(awayUntil(flags.status, now, away, flags.tzOffset), now);
  if (back) return back;
  const model = await suggestionModel(services.db, intro, userId, now);
  const message = reminder ? views.introReminderMessage(model) : views.introSuggestionMessage(model);
  const res = await (await slackClient(services, teamId)).chat.postMessage({
    channel: userId,
    text: message.text,
    blocks: message.blocks,
  });
  if (!reminder && res.channel && res.ts)
    await store.recordSuggestionMessage(services.db, introId, userId, res.channel, res.ts);
  return null;
}
