/** Typeahead for the passions modal's three tag pickers: existing tags ranked by prefix and popularity, plus the typed text as a new tag. */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { suggestTags } from '../../../services/passions';
import type { Services } from '../../../services/context';
import { ACTIONS } from '../../../views/actionIds';
import { tagOptions } from '../../../views/passionsModal';

const request = z.object({ value: z.string().max(200).default(''), team: z.object({ id: z.string() }).nullish() });

export function register(app: App, services: Services): void {
  for (const actionId of [ACTIONS.passionTagsOptions, ACTIONS.teachTagsOptions, ACTIONS.learnTagsOptions]) {
    app.options(actionId, async ({ ack, body, context, logger }) => {
      const parsed = request.safeParse(body);
      const teamId = context.teamId ?? (parsed.success ? parsed.data.team?.id : undefined);
      if (!parsed.success || !teamId) return ack({ options: [] });
      try {
        const { suggestions, typed } = await suggestTags(services, teamId, parsed.data.value);
        await ack({ options: tagOptions(suggestions, typed) });
      } catch (err) {
        logger.error(`tag suggestions failed: ${(err as Error).message}`);
        await ack({ options: [] });
      }
    });
  }
}
