/**
 * While the database is down, Events API deliveries are refused before Bolt acks them, so Slack resends
 * them later (its retries) instead of receiving an ack for an event Weaver cannot store: over HTTP
 * (JSON POSTs) with a 503, over Socket Mode by leaving the envelope unacknowledged. Interactive
 * requests still reach their listeners, which show their own error.
 */
import type { App, HTTPReceiver, ReceiverEvent } from '@slack/bolt';
import type { DatabaseHealth } from '../db/health';
import type { Logger } from '../logger';
import { metrics } from '../metrics';

export function refuseEventsWhileDatabaseDown(receiver: HTTPReceiver, health: DatabaseHealth, logger: Logger): void {
  const listener = receiver.requestListener;
  let refused = 0;
  receiver.requestListener = (req, res) => {
    const json = String(req.headers['content-type'] ?? '').startsWith('application/json');
    if (!health.up && req.method === 'POST' && json) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ ok: false, error: 'database_unavailable' }));
      metrics.eventsDeferred.inc();
      if (refused++ % 100 === 0) logger.warn({ refused }, 'database down: events answered 503 so Slack resends them');
      return;
    }
    if (health.up) refused = 0;
    listener(req, res);
  };
}

/** Socket Mode: an Events API envelope that arrives while the database is down is left unacknowledged. */
export function deferSocketEventsWhileDatabaseDown(app: App, health: DatabaseHealth, logger: Logger): void {
  const processEvent = app.processEvent.bind(app);
  let deferred = 0;
  app.processEvent = async (event: ReceiverEvent) => {
    if (!health.up && (event.body as { type?: unknown }).type === 'event_callback') {
      metrics.eventsDeferred.inc();
      if (deferred++ % 100 === 0) {
        logger.warn({ deferred }, 'database down: Socket Mode events left unacknowledged so Slack resends them');
      }
      return;
    }
    if (health.up) deferred = 0;
    await processEvent(event);
  };
}
