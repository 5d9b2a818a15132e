/**
 * Buttons of the introduction flow: Accept / Not now / Pause on a suggestion, Yes / Not yet / No
 * on the follow-up, and "I'm back". Each validates, acks, calls one service and answers: the
 * clicked message is replaced on success; anything that changed nothing gets an ephemeral reason.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { answerSuggestion, comeBack, recordMeetingOutcome } from '../../../services/intros';
import { ACTIONS } from '../../actionIds';
import { introAnsweredMessage, introOutcomeThanks, introRefusalText, introWelcomeBackMessage } from '../../views/introMessages';

const click = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string().min(1) }).nullable().optional(),
  actions: z.array(z.object({ value: z.string().optional() })).min(1),
});

function parse(body: unknown): { teamId: string; userId: string; introId: number | null } | null {
  const parsed = click.safeParse(body);
  if (!parsed.success || !parsed.data.team) return null;
  const value = Number(parsed.data.actions[0].value);
  return { teamId: parsed.data.team.id, userId: parsed.data.user.id, introId: Number.isSafeInteger(value) && value > 0 ? value : null };
}

const ephemeral = (respond: RespondFn, text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });

const answers = { [ACTIONS.introAccept]: 'accept', [ACTIONS.introNotNow]: 'not_now', [ACTIONS.introPause]: 'pause' } as const;
const outcomes = { [ACTIONS.introMet]: 'met', [ACTIONS.introNotYet]: 'not_yet', [ACTIONS.introDidNotMeet]: 'no' } as const;

export function register(app: App, services: Services): void {
  for (const [actionId, answer] of Object.entries(answers)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, respond }) => {
      await ack();
      const p = parse(body);
      if (!p?.introId) return void (await ephemeral(respond, introRefusalText('unknown')));
      try {
        const r = await answerSuggestion(services, { teamId: p.teamId, userId: p.userId, introId: p.introId, answer });
        if (!r.ok) return void (await ephemeral(respond, introRefusalText(r.reason)));
        const m = introAnsweredMessage(r.answer, r.pausedDays);
        await respond({ replace_original: true, text: m.text, blocks: m.blocks });
      } catch (err) {
        services.logger.error({ err: (err as Error).message }, 'intro answer failed');
        await ephemeral(respond, 'Something went wrong while saving your answer. Please try again in a minute.');
      }
    });
  }
  for (const [actionId, outcome] of Object.entries(outcomes)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, respond }) => {
      await ack();
      const p = parse(body);
      if (!p?.introId) return void (await ephemeral(respond, introRefusalText('unknown')));
      try {
        const r = await recordMeetingOutcome(services, { teamId: p.teamId, userId: p.userId, introId: p.introId, outcome });
        if (!r.ok) return void (await ephemeral(respond, introRefusalText(r.reason)));
        await ephemeral(respond, introOutcomeThanks(outcome).text);
      } catch (err) {
        services.logger.error({ err: (err as Error).message }, 'intro outcome failed');
        await ephemeral(respond, 'Something went wrong while saving your answer. Please try again in a minute.');
      }
    });
  }
  app.action<BlockAction<ButtonAction>>(ACTIONS.introComeBack, async ({ ack, body, respond }) => {
    await ack();
    const p = parse(body);
    if (!p) return;
    try {
      await comeBack(services, p.teamId, p.userId);
      const m = introWelcomeBackMessage();
      await respond({ replace_original: true, text: m.text, blocks: m.blocks });
    } catch (err) {
      services.logger.error({ err: (err as Error).message }, 'intro come back failed');
      await ephemeral(respond, 'Something went wrong. Please try again in a minute.');
    }
  });
}
