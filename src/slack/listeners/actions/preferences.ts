/**
 * Buttons for a person's choices (App Home and messages): pause 2/4 weeks, resume, opt out/in,
 * "my data", "forget me" (opens a confirmation modal) and its confirm button. Each changes one
 * thing, then refreshes the person's Home tab so it shows the new state.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { publishHome } from '../../../services/home/page';
import { optIn, optOut, pausePerson, resumePerson } from '../../../services/preferences';
import { forgetPerson, sendPersonData } from '../../../services/privacy';
import type { Services } from '../../../services/context';
import { ACTIONS } from '../../../views/actionIds';
import { FORGOTTEN_TEXT, forgetModal } from '../../../views/privacy';
import { readBlockAction, type BlockAction } from './blockAction';
import { FAILED } from '../../../views/replies';

type Change = (a: BlockAction, client: WebClient) => Promise<void>;

export function register(app: App, services: Services): void {
  const on = (actionId: string, change: Change, refreshHome = true) =>
    app.action(actionId, async ({ ack, body, context, client, logger }) => {
      await ack();
      const a = readBlockAction(body, context.teamId);
      if (!a) return;
      try {
        await change(a, client);
        if (refreshHome) await publishHome(services, client, a.teamId, a.userId);
      } catch (err) {
        logger.error(`${actionId} failed: ${(err as Error).message}`);
        await client.chat
          .postMessage({
            channel: a.userId,
            text: FAILED.preference,
          })
          .catch(() => undefined);
      }
    });

  on(ACTIONS.pause2w, async (a) => void (await pausePerson(services, a.teamId, a.userId, 14)));
  on(ACTIONS.pause4w, async (a) => void (await pausePerson(services, a.teamId, a.userId, 28)));
  on(ACTIONS.resume, (a) => resumePerson(services, a.teamId, a.userId));
  on(ACTIONS.optOut, (a) => optOut(services, a.teamId, a.userId));
  on(ACTIONS.optIn, (a) => optIn(services, a.teamId, a.userId));
  on(ACTIONS.myData, (a, client) => sendPersonData(services, client, a.teamId, a.userId), false);
  on(
    ACTIONS.forgetMe,
    async (a, client) => {
      if (a.triggerId) await client.views.open({ trigger_id: a.triggerId, view: forgetModal() });
    },
    false,
  );
  on(ACTIONS.forgetConfirm, async (a, client) => {
    await forgetPerson(services, a.teamId, a.userId);
    await client.chat.postMessage({ channel: a.userId, text: FORGOTTEN_TEXT });
  });
}
