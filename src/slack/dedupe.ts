/**
 * Global middleware: Slack retries an event delivery up to 3 times (X-Slack-Retry-Num) and Bolt
 * does not dedupe. The first delivery of an event_id is processed; every later one is acked and dropped.
 * The check is one INSERT … ON CONFLICT, so replicas sharing a database agree.
 */
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Knex } from 'knex';
import { markEventSeen } from '../store/events';

export function dedupeEvents(db: Knex): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next, logger, context }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && eventId.length > 0) {
      const first = await markEventSeen(db, eventId, context.teamId);
      if (!first) {
        logger.debug(`duplicate delivery of ${eventId} (retry ${context.retryNum ?? 0}) ignored`);
        return;
      }
    }
    await next();
  };
}
