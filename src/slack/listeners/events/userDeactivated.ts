/**
 * user_change with user.deleted = true: the person left (deactivated account). Their passions,
 * introduction history and interactions are deleted (src/store/personData.ts). Other user_change
 * handling (names, departments) belongs to the sync listener.
 */
import type { EventRouter } from '../../eventRouter';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { forgetDeactivatedPerson } from '../../../services/personDeletion';
import { isDatabaseUnavailable } from '../../../db/health';

const payload = z.object({ user: z.object({ id: z.string().min(1), deleted: z.boolean().optional(), team_id: z.string().optional() }) });

export function register(events: EventRouter, services: Services): void {
  events.event('user_change', async ({ event, context, logger }) => {
    const parsed = payload.safeParse(event);
    if (!parsed.success || parsed.data.user.deleted !== true) return;
    const teamId = context.teamId ?? parsed.data.user.team_id ?? '';
    try {
      await forgetDeactivatedPerson(services, teamId, parsed.data.user.id);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      logger.error(`deleting a deactivated person's data failed: ${(err as Error).message}`);
    }
  });
}
