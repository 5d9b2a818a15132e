import type { EventRouter } from '../../eventRouter';
import { z } from 'zod';
import { publishHome } from '../../../services/home/page';
import type { Services } from '../../../services/context';
import { isDatabaseUnavailable } from '../../../db/health';

const payload = z.object({ user: z.string(), tab: z.string().optional() });

export function register(events: EventRouter, services: Services): void {
  events.event('app_home_opened', async ({ event, context, client, logger }) => {
    const parsed = payload.safeParse(event);
    if (!parsed.success || (parsed.data.tab && parsed.data.tab !== 'home')) return;
    const teamId = context.teamId ?? '';
    try {
      await publishHome(services, client, teamId, parsed.data.user);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      logger.error(`publishing home failed: ${(err as Error).message}`);
    }
  });
}
