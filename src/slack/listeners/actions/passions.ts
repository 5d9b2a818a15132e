/** Buttons on the passion prompt (and Home): open the modal, "Not now", "Don't ask again". */
import type { App } from '@slack/bolt';
import { currentPassions } from '../../../services/passions';
import { snoozePrompts, stopPrompts } from '../../../services/preferences';
import type { Services } from '../../../services/context';
import { ACTIONS } from '../../../views/actionIds';
import { passionsModal } from '../../../views/passionsModal';
import { promptAnsweredMessage } from '../../../views/passionPrompt';
import { readBlockAction } from './blockAction';
import { FAILED, slackDate } from '../../../views/replies';

export function register(app: App, services: Services): void {
  app.action(ACTIONS.openPassions, async ({ ack, body, context, client, respond, logger }) => {
    await ack();
    const a = readBlockAction(body, context.teamId);
    if (!a?.triggerId) return;
    try {
      const current = await currentPassions(services, a.teamId, a.userId);
      await client.views.open({ trigger_id: a.triggerId, view: passionsModal({ current, promptKey: a.value }) });
    } catch (err) {
      logger.error(`opening the passions modal failed: ${(err as Error).message}`);
      if (a.fromMessage)
        await respond({ response_type: 'ephemeral', replace_original: false, text: FAILED.passionPrompt }).catch(
          () => undefined,
        );
    }
  });

  app.action(ACTIONS.promptNotNow, async ({ ack, body, context, respond, logger }) => {
    await ack();
    const a = readBlockAction(body, context.teamId);
    if (!a) return;
    try {
      const until = await snoozePrompts(services, a.teamId, a.userId);
      await respond({ replace_original: true, ...promptAnsweredMessage('not_now', slackDate(until)) });
    } catch (err) {
      logger.error(`snoozing prompts failed: ${(err as Error).message}`);
      await respond({ response_type: 'ephemeral', replace_original: false, text: FAILED.passionPrompt }).catch(
        () => undefined,
      );
    }
  });

  app.action(ACTIONS.promptStop, async ({ ack, body, context, respond, logger }) => {
    await ack();
    const a = readBlockAction(body, context.teamId);
    if (!a) return;
    try {
      await stopPrompts(services, a.teamId, a.userId);
      await respond({ replace_original: true, ...promptAnsweredMessage('stop') });
    } catch (err) {
      logger.error(`stopping prompts failed: ${(err as Error).message}`);
      await respond({ response_type: 'ephemeral', replace_original: false, text: FAILED.passionPrompt }).catch(
        () => undefined,
      );
    }
  });
}
