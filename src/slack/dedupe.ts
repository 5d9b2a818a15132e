/**
 * Global middleware: Slack retries an event delivery up to 3 times (X-Slack-Retry-Num) and Bolt
 * does not dedupe. The first delivery of an event_id is processed; every later one is acked and dropped.
 * The check is one INSERT … ON CONFLICT, so replicas sharing a database agree.
 *
 * Under load the checks of events that arrive together share one multi-row
 * INSERT (one round trip and one commit instead of one each): see bench/load.ts for the figures.
 */
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Knex } from 'knex';
import { eventsNotProcessed, markEventsProcessed, markEventsSeen } from '../store/events';
import { metrics } from '../metrics';
import { groupCommit } from '../services/groupCommit';
import { databaseHealth, isDatabaseUnavailable } from '../db/health';
import type { JournalContext } from './durableEvents';

/** Collects event ids while earlier ones are being recorded, then records them with one statement. */
export function eventLedger(db: Knex, maxBatch = 500): (eventId: string, teamId?: string) => Promise<boolean> {
  const record = groupCommit(
    async (batch: Array<{ eventId: string; teamId?: string }>) => {
      // The same id twice in one batch: only its first occurrence counts as new.
      const unique = [...new Map(batch.map((p) => [p.eventId, p])).values()];
      const fresh = await markEventsSeen(db, unique);
      return batch.map((p) => fresh.delete(p.eventId));
    },
    { maxBatch, maxInFlight: 4 },
  );
  return (eventId, teamId) => record({ eventId, teamId });
}

/** Marks processed events by group commit; a lost mark only means a replay runs the event again. */
function processedLedger(db: Knex): (eventId: string) => Promise<void> {
  const mark = groupCommit(
    async (ids: string[]) => {
      await markEventsProcessed(db, [...new Set(ids)]);
      return ids.map(() => undefined);
    },
    { maxBatch: 1000, maxInFlight: 2 },
  );
  return (eventId) => mark(eventId).catch(() => undefined);
}

/**
 * Events are in the journal (src/slack/eventJournal.ts) before they are acked and reach this
 * middleware from it. While PostgreSQL is unreachable or stalled (a restart, a failover) the check
 * waits for it to return (src/db/health.ts), and the event is processed once it is back. An event
 * replayed from an earlier run's journal is processed again when its row exists but it was never
 * marked processed (that run stopped or died while handling it).
 */
export function dedupeEvents(db: Knex): Middleware<AnyMiddlewareArgs> {
  const ledger = eventLedger(db);
  const processed = processedLedger(db);
  const health = databaseHealth(db);
  const record = async (eventId: string, teamId: string | undefined, replay: boolean) =>
    (await ledger(eventId, teamId)) || (replay && (await eventsNotProcessed(db, [eventId])).has(eventId));
  const firstTime = async (
    eventId: string,
    teamId: string | undefined,
    replay: boolean,
    warn: (msg: string) => void,
  ): Promise<boolean> => {
    for (;;) {
      try {
        return await record(eventId, teamId, replay);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        warn(`database unavailable while recording ${eventId} (${(err as Error).message}); waiting for it`);
        if (!(await health.waitIfUnavailable(err))) throw err;
      }
    }
  };
  return async ({ body, next, logger, context }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && eventId.length > 0) {
      const replay = (context as JournalContext).journalReplay === true;
      const first = await firstTime(eventId, context.teamId, replay, (m) => logger.warn(m));
      if (!first) {
        metrics.eventsDuplicate.inc();
        logger.debug(`duplicate delivery of ${eventId} (retry ${context.retryNum ?? 0}) ignored`);
        return;
      }
      await next();
      await processed(eventId);
      return;
    }
    await next();
  };
}
