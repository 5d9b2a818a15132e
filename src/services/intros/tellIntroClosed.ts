import * as store from '../../store/intros';
import * as views from '../../views/introMessages';
import type { Services } from '../context';
import { slackClient } from './slackClient';

/** Job: tell one person an introduction will not happen (decline or expiry — same words) and retire its buttons. */
export async function tellIntroClosed(
  services: Services,
  teamId: string,
  introId: number,
  userId: string,
  pausedForSilence: boolean,
): Promise<void> {
  const intro = await store.introWithMembers(services.db, teamId, introId);
  const me = intro?.members.find((m) => m.userId === userId);
  if (!intro || !me) return;
  const slack = await slackClient(services, teamId);
  if (me.messageChannel && me.messageTs && me.response !== 'declined') {
    const expired = views.introExpiredMessage();
    await slack.chat.update({
      channel: me.messageChannel,
      ts: me.messageTs,
      text: expired.text,
      blocks: expired.blocks,
    });
  }
  // The person who said no already read their own confirmation; nobody else learns who it was.
  if (me.response === 'declined') return;
  if (!me.messageTs && me.response === 'expired' && !pausedForSilence) return; // never saw the suggestion
  const message = pausedForSilence ? views.introPausedForSilenceMessage() : views.introDidNotWorkOutMessage();
  await slack.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
}
