/** Housekeeping: prune the event dedupe ledger (Slack retries stop within about an hour). */
import { pruneEventsSeen } from '../store/events';
import { enqueueJob } from '../store/jobs';
import { defineJob, definePlanner } from './registry';

const DAY_MS = 24 * 60 * 60 * 1000;

definePlanner('maintenance', async (services, teamId) => {
  const day = services.now().toISOString().slice(0, 10);
  await enqueueJob(services.db, { teamId, kind: 'maintenance.prune_events', dueAt: services.now(), idempotencyKey: `prune-events:${day}` });
});

defineJob('maintenance.prune_events', async (services) => {
  await pruneEventsSeen(services.db, new Date(services.now().getTime() - DAY_MS));
  return 'done';
});
