/**
 * The ask modal's submission: checked and stored before the ack (a mistake, or a question already
 * waiting, becomes a field error and loses nothing typed); the search runs after the ack, so Slack
 * gets its answer well within 3 seconds whatever the workspace's size.
 */
import type { App } from '@slack/bolt';
import { submission, type StateValue } from './modalSubmission';
import { afterAskSubmitted, submitAsk } from '../../../services/asks';
import type { Services } from '../../../services/context';
import { CALLBACKS } from '../../../views/actionIds';
import { ASK_FIELDS, askModalErrors } from '../../../views/askMessages';

export function readAskState(values: Record<string, Record<string, StateValue>>) {
  const field = (f: keyof typeof ASK_FIELDS) => values[ASK_FIELDS[f].blockId]?.[ASK_FIELDS[f].actionId];
  return {
    topic: field('topic')?.value ?? '',
    why: field('why')?.value ?? null,
    outside: Boolean(field('outside')?.selected_options?.some((o) => o.value === 'outside')),
  };
}

export function register(app: App, services: Services): void {
  app.view(CALLBACKS.askModal, async ({ ack, body, context, logger }) => {
    const parsed = submission.safeParse(body);
    const teamId = context.teamId ?? (parsed.success ? parsed.data.team?.id : undefined);
    if (!parsed.success || !teamId) return ack({ response_action: 'errors', errors: askModalErrors('unreadable') });
    const userId = parsed.data.user.id;
    let askId: number;
    try {
      const r = await submitAsk(services, teamId, userId, readAskState(parsed.data.view.state.values));
      if (!r.ok) return ack({ response_action: 'errors', errors: askModalErrors(r.error, r.openTopic) });
      askId = r.askId;
    } catch (err) {
      logger.error(`saving an ask failed: ${(err as Error).message}`);
      return ack({ response_action: 'errors', errors: askModalErrors('unreadable') });
    }
    await ack();
    // the `ask.next` job takes this step over if it fails here
    await afterAskSubmitted(services, teamId, askId).catch((err) =>
      logger.error(`starting an ask failed: ${(err as Error).message}`),
    );
  });
}
