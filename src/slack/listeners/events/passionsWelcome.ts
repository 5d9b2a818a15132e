/** team_join: remember the newcomer (id, tz) and plan their welcome passion prompt a few days later. */
import type { EventRouter } from '../../eventRouter';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { planWelcomePrompt } from '../../../services/prompts';
import { isDatabaseUnavailable } from '../../../db/health';

const teamJoin = z.object({
  user: z.object({
    id: z.string().regex(/^[UW][A-Z0-9]+$/),
    name: z.string().nullish(),
    tz: z.string().nullish(),
    tz_offset: z.number().nullish(),
    is_bot: z.boolean().optional(),
    deleted: z.boolean().optional(),
  }),
});

export function register(events: EventRouter, services: Services): void {
  events.event('team_join', async ({ event, context, logger }) => {
    const parsed = teamJoin.safeParse(event);
    const teamId = context.teamId;
    if (!parsed.success || !teamId) return;
    const u = parsed.data.user;
    try {
      await planWelcomePrompt(services, teamId, {
        userId: u.id,
        tz: u.tz,
        tzOffset: u.tz_offset,
        isBot: u.is_bot,
        isDeleted: u.deleted,
        name: u.name,
      });
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      logger.error(`planning the welcome prompt failed: ${(err as Error).message}`);
    }
  });
}
