import * as views from '../../views/introMessages';
import type { Services } from '../context';
import { slackClient } from './slackClient';

/** Job: tell someone who asked to hear about it that nobody fit them this round. */
export async function sendNoMatch(services: Services, teamId: string, userId: string): Promise<void> {
  const message = views.noMatchMessage();
  await (await slackClient(services, teamId)).chat.postMessage({
    channel: userId,
    text: message.text,
    blocks: message.blocks,
  });
}
