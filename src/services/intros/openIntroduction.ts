import { whatTheGroupIsTold } from '../../domain/introductions/whatEachIsTold';
import { workingDaysLater } from '../../domain/matching/timing';
import * as store from '../../store/intros';
import { introWording } from './introWording';
import { enqueueJob } from '../../store/jobs';
import { settingsFor } from '../../store/settings';
import * as views from '../../views/introMessages';
import type { Services } from '../context';
import { slackClient } from './slackClient';
import { sharedWorkingHours } from '../../domain/meetingTime';
import { memberClocks } from '../../store/asks';
import { sharedHoursSentence } from '../../views/sharedHours';

/** Job: everyone accepted — open one group DM with all of them, introduce, schedule the follow-up. */
export async function openIntroduction(services: Services, teamId: string, introId: number): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  if (intro?.status !== 'accepted' || intro.members.length < 2) return;
  const slack = await slackClient(services, teamId);
  let channel = intro.groupChannelId;
  if (!channel) {
    const opened = await slack.conversations.open({ users: intro.members.map((m) => m.userId).join(',') });
    channel = opened.channel?.id ?? null;
    if (!channel) throw new Error('conversations.open returned no channel');
    await store.setGroupChannel(services.db, introId, channel);
  }
  const members = intro.members.map((m) => m.userId);
  const { wording, display } = await introWording(services.db, teamId, members);
  const told = whatTheGroupIsTold(members, intro.shared, wording, display);
  const clocks = await memberClocks(services.db, teamId, members);
  const hours = sharedHoursSentence(sharedWorkingHours(clocks, services.now()));
  const message = views.introGroupMessage({ members, told, starters: views.conversationStarters(told), hours });
  await slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  const settings = await settingsFor(services.db, teamId);
  await enqueueJob(services.db, {
    teamId,
    kind: 'intro.follow_up',
    // at the first member's local send hour on a working day
    dueAt: workingDaysLater(
      intro.acceptedAt ?? services.now(),
      settings.rounds.followUpAfterDays,
      (await store.memberIntroFlags(services.db, teamId, intro.members[0].userId))?.tzOffset ?? null,
      settings.prompts.sendHour,
    ),
    payload: { introId },
    idempotencyKey: `intro-follow-up:${introId}`,
  });
}
