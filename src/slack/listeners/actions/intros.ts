/**
 * Buttons of the introduction flow: Accept / Not now / Pause on a suggestion, Yes / Not yet / No
 * on the follow-up, "Never suggest again" (an intro block) and "I'm back". Each validates, acks, calls one service and answers: the
 * clicked message is replaced on success; anything that changed nothing gets an ephemeral reason.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { answerSuggestion, blockFromSuggestions, comeBack, recordMeetingOutcome } from '../../../services/intros';
import { ACTIONS } from '../../../views/actionIds';
import {
  introAnsweredMessage,
  introBlockedMessage,
  introOutcomeThanks,
  introRefusalText,
  introWelcomeBackMessage,
  type IntroRefusal,
} from '../../../views/introMessages';
import { FAILED } from '../../../views/replies';

const click = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  actions: z.array(z.object({ value: z.string().optional() })).min(1),
});

function parse(body: unknown): { teamId: string; userId: string; introId: number | null } | null {
  const parsed = click.safeParse(body);
  if (!parsed.success || !parsed.data.team) return null;
  const value = Number(parsed.data.actions[0].value);
  return {
    teamId: parsed.data.team.id,
    userId: parsed.data.user.id,
    introId: Number.isSafeInteger(value) && value > 0 ? value : null,
  };
}

const ephemeral = (respond: RespondFn, text: string) =>
  respond({ response_type: 'ephemeral', replace_original: false, text });

const answers = {
  [ACTIONS.introAccept]: 'accept',
  [ACTIONS.introNotNow]: 'not_now',
  [ACTIONS.introPause]: 'pause',
} as const;
const outcomes = {
  [ACTIONS.introMet]: 'met',
  [ACTIONS.introNotYet]: 'not_yet',
  [ACTIONS.introDidNotMeet]: 'no',
} as const;

/** Runs one click: refusals and failures become an ephemeral note, success replaces or adds a message. */
async function handleClick(
  services: Services,
  body: unknown,
  respond: RespondFn,
  run: (p: {
    teamId: string;
    userId: string;
    introId: number;
  }) => Promise<
    { ok: true; reply: { text: string; blocks?: unknown[] }; replace: boolean } | { ok: false; reason: IntroRefusal }
  >,
): Promise<void> {
  const p = parse(body);
  if (!p?.introId) return void (await ephemeral(respond, introRefusalText('unknown')));
  try {
    const r = await run({ teamId: p.teamId, userId: p.userId, introId: p.introId });
    if (!r.ok) return void (await ephemeral(respond, introRefusalText(r.reason)));
    if (r.replace) await respond({ replace_original: true, text: r.reply.text, blocks: r.reply.blocks as never });
    else await ephemeral(respond, r.reply.text);
  } catch (err) {
    services.logger.error({ err: (err as Error).message }, 'introduction button failed');
    await ephemeral(respond, FAILED.introAnswer);
  }
}

export function register(app: App, services: Services): void {
  for (const [actionId, answer] of Object.entries(answers)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, respond }) => {
      await ack();
      await handleClick(services, body, respond, async (p) => {
        const r = await answerSuggestion(services, { ...p, answer });
        return r.ok ? { ok: true, reply: introAnsweredMessage(r.answer, r.pausedDays), replace: true } : r;
      });
    });
  }
  for (const [actionId, outcome] of Object.entries(outcomes)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, respond }) => {
      await ack();
      await handleClick(services, body, respond, async (p) => {
        const r = await recordMeetingOutcome(services, { ...p, outcome });
        return r.ok ? { ok: true, reply: introOutcomeThanks(outcome), replace: false } : r;
      });
    });
  }
  app.action<BlockAction<ButtonAction>>(ACTIONS.introBlock, async ({ ack, body, respond }) => {
    await ack();
    const p = click.safeParse(body);
    const value = /^(\d+):([A-Z0-9]+)$/.exec(p.success ? (p.data.actions[0].value ?? '') : '');
    if (!p.success || !p.data.team || !value) return void (await ephemeral(respond, introRefusalText('unknown')));
    const a = { teamId: p.data.team.id, userId: p.data.user.id, introId: Number(value[1]), blockedUserId: value[2] };
    try {
      const r = await blockFromSuggestions(services, a);
      if (!r.ok) return void (await ephemeral(respond, introRefusalText(r.reason)));
      const m = introBlockedMessage(a.blockedUserId);
      await respond({ replace_original: true, text: m.text, blocks: m.blocks });
    } catch (err) {
      services.logger.error({ err: (err as Error).message }, 'intro block failed');
      await ephemeral(respond, FAILED.introChoice);
    }
  });
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
      await ephemeral(respond, FAILED.introChoice);
    }
  });
}
