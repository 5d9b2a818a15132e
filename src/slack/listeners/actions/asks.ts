/**
 * Buttons of asks: "Happy to help" / "Not this time" on a request (the clicked message is replaced;
 * a stale or foreign click gets an ephemeral reason), "Ask for an introduction" on the Home tab
 * (opens the modal) and the member's "not for questions" choice. Each acks first.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { afterAskAnswer, answerAskRequest } from '../../../services/asks';
import type { Services } from '../../../services/context';
import { chooseNotForQuestions } from '../../../services/home/page';
import { ACTIONS } from '../../../views/actionIds';
import { askAnsweredMessage, askModal, askRefusalText } from '../../../views/askMessages';
import { readBlockAction } from './blockAction';

const ephemeral = (respond: RespondFn, text: string) =>
  respond({ response_type: 'ephemeral', replace_original: false, text });

export function register(app: App, services: Services): void {
  for (const [actionId, answer] of [
    [ACTIONS.askAccept, 'accept'],
    [ACTIONS.askDecline, 'decline'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, context, respond }) => {
      await ack();
      const a = readBlockAction(body, context.teamId);
      const askId = Number(a?.value);
      if (!a || !Number.isSafeInteger(askId) || askId <= 0)
        return void (await ephemeral(respond, askRefusalText('unknown')));
      try {
        const r = await answerAskRequest(services, { teamId: a.teamId, userId: a.userId, askId, answer });
        if (!r.ok) return void (await ephemeral(respond, askRefusalText(r.reason)));
        const reply = askAnsweredMessage(r.answer, r.askerId);
        await respond({ replace_original: true, text: reply.text, blocks: reply.blocks });
        await afterAskAnswer(services, a.teamId, askId, r);
      } catch (err) {
        services.logger.error({ err: (err as Error).message }, 'ask answer failed');
        await ephemeral(respond, 'Something went wrong while saving your answer. Please try again in a minute.');
      }
    });
  }
  app.action<BlockAction>(ACTIONS.askOpen, async ({ ack, body, context, client, logger }) => {
    await ack();
    const a = readBlockAction(body, context.teamId);
    if (!a?.triggerId) return;
    await client.views
      .open({ trigger_id: a.triggerId, view: askModal() })
      .catch((err) => logger.error(`opening the ask modal failed: ${(err as Error).message}`));
  });
  app.action<BlockAction>(ACTIONS.homeNotForQuestions, async ({ ack, body, context, client, logger }) => {
    await ack();
    const a = readBlockAction(body, context.teamId);
    if (!a) return;
    await chooseNotForQuestions(services, client, a.teamId, a.userId, a.value === 'on').catch((err) =>
      logger.error(`"not for questions" failed: ${(err as Error).message}`),
    );
  });
}
