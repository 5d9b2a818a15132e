import * as store from '../../store/intros';
import * as views from '../../views/introMessages';
import type { Services } from '../context';
import { slackClient } from './slackClient';

/** Job: "Did you get to meet?" in the group DM. */
export async function sendFollowUp(services: Services, teamId: string, introId: number): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  if (!intro?.groupChannelId || intro.members.length < 2 || intro.outcome === 'met' || intro.outcome === 'no') return;
  const message = views.introFollowUpMessage(introId);
  await (await slackClient(services, teamId)).chat.postMessage({
    channel: intro.groupChannelId,
    text: message.text,
    blocks: message.blocks,
  });
}
