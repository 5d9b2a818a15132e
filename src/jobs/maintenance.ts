/**
 * Housekeeping: prune the event dedupe ledger (Slack retries stop within about an hour), and the
 * jobs that finished more than JOB_RETENTION_DAYS ago (the jobs table would otherwise only grow).
 */
import { pruneEventsSeen } from '../store/events';
import { deleteFinishedJobs, enqueueJob } from '../store/jobs';
import { defineJob, definePlanner } from './registry';
import { DAY_MS } from '../domain/time';
import { isoDay } from '../domain/format';

export const JOB_RETENTION_DAYS = 30;
/** Job kinds whose idempotency keys are never planned again once their day or row is past. */
const PRUNABLE_JOB_KINDS = ['maintenance.', 'retention.', 'report.', 'intro.'];

definePlanner('maintenance', async (services, teamId) => {
  const day = isoDay(services.now());
  await enqueueJob(services.db, {
    teamId,
    kind: 'maintenance.prune_events',
    dueAt: services.now(),
    idempotencyKey: `prune-events:${day}`,
  });
  const pruneJobs = { teamId, kind: 'maintenance.prune_jobs', idempotencyKey: `prune-jobs:${day}` };
  await enqueueJob(services.db, { ...pruneJobs, dueAt: services.now() });
});

defineJob('maintenance.prune_jobs', async (services, job) => {
  const before = new Date(services.now().getTime() - JOB_RETENTION_DAYS * DAY_MS);
  const deleted = await deleteFinishedJobs(services.db, job.team_id, before, PRUNABLE_JOB_KINDS);
  services.logger.info({ teamId: job.team_id, before, deleted }, 'maintenance: finished jobs deleted');
  return 'done';
});

defineJob('maintenance.prune_events', async (services) => {
  await pruneEventsSeen(services.db, new Date(services.now().getTime() - DAY_MS));
  return 'done';
});
