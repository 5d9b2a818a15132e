/** The settings modal's channel picker (external select): channels whose name contains the typed text. */
import type { App } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { channelOptionsFor } from '../../../services/home/settings';
import { ACTIONS } from '../../../views/actionIds';
import { LIMITS, clamp } from '../../../views/limits';

const request = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullable().optional(),
  value: z.string().max(200).default(''),
});

export function register(app: App, services: Services): void {
  app.options<'block_suggestion'>({ action_id: ACTIONS.settingsChannelOverride }, async ({ ack, body, context }) => {
    const parsed = request.safeParse(body);
    if (!parsed.success) {
      await ack({ options: [] });
      return;
    }
    const found = await channelOptionsFor(
      services,
      context.teamId ?? parsed.data.team?.id ?? '',
      parsed.data.user.id,
      parsed.data.value,
    ).catch(() => []);
    const options: PlainTextOption[] = found.slice(0, LIMITS.staticSelectOptions).map((o) => ({
      text: { type: 'plain_text', text: clamp(o.text, LIMITS.optionText) },
      value: clamp(o.value, LIMITS.optionValue),
    }));
    await ack({ options });
  });
}
