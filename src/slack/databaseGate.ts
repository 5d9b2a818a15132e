/**
 * While the database is down, Events API deliveries (JSON POSTs) are answered 503 before Bolt acks them:
 * Slack then resends them later (its retries), instead of receiving a 200 for an event Weaver cannot
 * store. Interactive requests (form-encoded) still reach their listeners, which show their own error.
 */
import type { HTTPReceiver } from '@slack/bolt';
import type { DatabaseHealth } from '../db/health';
import type { Logger } from '../logger';

export function refuseEventsWhileDatabaseDown(receiver: HTTPReceiver, health: DatabaseHealth, logger: Logger): void {
  const listener = receiver.requestListener;
  let refused = 0;
  receiver.requestListener = (req, res) => {
    const json = String(req.headers['content-type'] ?? '').startsWith('application/json');
    if (!health.up && req.method === 'POST' && json) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ ok: false, error: 'database_unavailable' }));
      if (refused++ % 100 === 0) logger.warn({ refused }, 'database down: events answered 503 so Slack resends them');
      return;
    }
    if (health.up) refused = 0;
    listener(req, res);
  };
}
