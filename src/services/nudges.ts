/**
 * Community rhythm nudges (opt-in, settings.nudges): when a purpose channel has had no interaction
 * for settings.nudges.quietWeeks, its creator (or, failing that, its most active person) gets one
 * gentle DM. The job key includes the day of the channel's last activity, so one quiet spell gets
 * one nudge however often the planner runs; new activity starts a new spell.
 */
import { nextLocalSendTime } from '../domain/matching/timing';
import { quietChannelNudgeMessage } from '../views/introMessages';
import { memberIntroFlags } from '../store/intros';
import { quietPurposeChannels } from '../store/introData';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import type { Services } from './context';
import { awayUntil, whenBackOrRecheck } from '../domain/away';
import { DAY_MS } from '../domain/format';

export async function planQuietChannelNudges(services: Services, teamId: string): Promise<number> {
  const settings = await settingsFor(services.db, teamId);
  if (!settings.nudges.enabled) return 0;
  const now = services.now();
  const quietSince = new Date(now.getTime() - settings.nudges.quietWeeks * 7 * DAY_MS);
  let planned = 0;
  for (const c of await quietPurposeChannels(services.db, teamId, quietSince)) {
    const userId = c.creator ?? c.mostActive;
    if (!userId) continue;
    const flags = await memberIntroFlags(services.db, teamId, userId);
    const id = await enqueueJob(services.db, {
      teamId,
      kind: 'nudge.quiet_channel',
      dueAt: nextLocalSendTime(now, flags?.tzOffset ?? null, settings.prompts.sendHour),
      payload: { channelId: c.channelId, userId, weeks: settings.nudges.quietWeeks },
      idempotencyKey: `nudge-quiet:${c.channelId}:${c.lastActive ?? 'never'}`,
    });
    if (id !== null) planned += 1;
  }
  return planned;
}

/** Job: one nudge; someone away (their Slack status) gets it when they are back (the answer is when). */
export async function sendQuietChannelNudge(
  services: Services,
  teamId: string,
  p: { channelId: string; userId: string; weeks: number },
): Promise<Date | null> {
  const now = services.now();
  const flags = await memberIntroFlags(services.db, teamId, p.userId);
  const away = (await settingsFor(services.db, teamId)).away;
  const back = flags && whenBackOrRecheck(awayUntil(flags.status, now, away, flags.tzOffset), now);
  if (back) return back;
  const slack = await services.slackFor(teamId);
  if (!slack) throw new Error(`Weaver is not installed in workspace ${teamId}`);
  const message = quietChannelNudgeMessage({ channelId: p.channelId, weeks: p.weeks });
  await slack.chat.postMessage({ channel: p.userId, text: message.text, blocks: message.blocks });
  return null;
}
