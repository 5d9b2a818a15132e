/**
 * Submissions of the passions modal (validated, per-field errors, stored normalised, Home
 * refreshed) and of the "forget me" confirmation modal.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { submission, type StateValue } from './modalSubmission';
import type { PassionsSubmission } from '../../../domain/passions/validation';
import { offerWelcomeIntroduction } from '../../../services/asks';
import { publishHome } from '../../../services/home/page';
import { showPassionsSaved, submitPassions } from '../../../services/passions';
import { forgetPerson } from '../../../services/privacy';
import type { Services } from '../../../services/context';
import { CALLBACKS } from '../../../views/actionIds';
import { PASSION_FIELDS, passionsModalErrors } from '../../../views/passionsModal';
import { FORGET_FAILED_TEXT, FORGOTTEN_TEXT, forgetResultModal } from '../../../views/privacy';
import { FAILED } from '../../../views/replies';

/** Reads the modal's state into what domain validation expects. */
export function readPassionsState(values: Record<string, Record<string, StateValue>>): PassionsSubmission {
  const picked = (f: keyof typeof PASSION_FIELDS) =>
    values[PASSION_FIELDS[f].blockId]?.[PASSION_FIELDS[f].actionId]?.selected_options?.map((o) => o.value) ?? [];
  const typed = (f: keyof typeof PASSION_FIELDS) =>
    values[PASSION_FIELDS[f].blockId]?.[PASSION_FIELDS[f].actionId]?.value ?? '';
  return {
    tags: picked('tags'),
    tagsText: typed('tagsText'),
    teach: picked('teach'),
    teachText: typed('teachText'),
    learn: picked('learn'),
    learnText: typed('learnText'),
    lightsMeUp: typed('lightsMeUp'),
  };
}

export function register(app: App, services: Services): void {
  app.view(CALLBACKS.passionsModal, async ({ ack, body, context, client, logger }) => {
    const parsed = submission.safeParse(body);
    const teamId = context.teamId ?? (parsed.success ? parsed.data.team?.id : undefined);
    if (!parsed.success || !teamId) {
      await ack({
        response_action: 'errors',
        errors: passionsModalErrors({ tags: FAILED.passionsModalUnreadable }),
      });
      return;
    }
    const userId = parsed.data.user.id;
    let answeredPrompts: Array<{ channelId: string; messageTs: string }> | undefined;
    try {
      const result = await submitPassions(services, teamId, userId, readPassionsState(parsed.data.view.state.values));
      if (!result.ok) {
        await ack({ response_action: 'errors', errors: passionsModalErrors(result.errors) });
        return;
      }
      answeredPrompts = result.answeredPrompts;
    } catch (err) {
      logger.error(`saving passions failed: ${(err as Error).message}`);
      await ack({
        response_action: 'errors',
        errors: passionsModalErrors({ tags: FAILED.passionsModalSave }),
      });
      return;
    }
    await ack();
    await showPassionsSaved(services, client, teamId, userId, answeredPrompts).catch((err) =>
      logger.error(`refreshing Home failed: ${(err as Error).message}`),
    );
    // a newcomer who just shared passions: one welcome introduction, without waiting for the round
    await offerWelcomeIntroduction(services, teamId, userId).catch((err) =>
      logger.error(`starting a welcome introduction failed: ${(err as Error).message}`),
    );
  });

  app.view(CALLBACKS.forgetModal, async ({ ack, body, context, client, logger }) => {
    const parsed = z
      .object({ user: z.object({ id: z.string() }), team: z.object({ id: z.string() }).nullish() })
      .safeParse(body);
    const teamId = context.teamId ?? (parsed.success ? parsed.data.team?.id : undefined);
    if (!parsed.success || !teamId) return ack();
    const userId = parsed.data.user.id;
    try {
      await forgetPerson(services, teamId, userId);
    } catch (err) {
      logger.error(`forgetting a person failed: ${(err as Error).message}`);
      await ack({ response_action: 'update', view: forgetResultModal(FORGET_FAILED_TEXT) });
      return;
    }
    await ack({ response_action: 'update', view: forgetResultModal(FORGOTTEN_TEXT) });
    await publishHome(services, client, teamId, userId).catch(() => undefined);
  });
}
