/**
 * First start of a workspace: when it has never finished a sync, one `sync.full` job is enqueued
 * (idempotency key `sync.first`, so once per workspace ever, however many replicas plan it).
 * The job works in slices of a few minutes, well inside the job lease, and defers itself to
 * continue: the sync resumes from its recorded steps. A slice also ends when the sync asks for a
 * report, so the report is published minutes earlier on a single process.
 */
import { runFullSync } from '../services/sync';
import { enqueueJob } from '../store/jobs';
import { lastFinishedSync } from '../store/syncRuns';
import { defineJob, definePlanner } from './registry';

const SLICE_MS = 3 * 60_000;

definePlanner('sync.first', async (services, teamId) => {
  if (await lastFinishedSync(services.db, teamId)) return;
  await enqueueJob(services.db, { teamId, kind: 'sync.full', dueAt: services.now(), idempotencyKey: 'sync.first' });
});

defineJob('sync.full', async (services, job) => {
  const client = await services.slackFor(job.team_id);
  if (!client) throw new Error(`no Slack client for workspace ${job.team_id}`);
  const deadline = new Date(services.now().getTime() + SLICE_MS);
  const result = await runFullSync(services, job.team_id, client, {
    deadline,
    // A report the sync asks for is computed now, not when this slice ends: the slice stops at the
    // sync's next step, and the tick runs the report.snapshot job (due before the deferred sync).
    onReport: () => {
      deadline.setTime(0);
    },
  });
  return result.complete ? 'done' : { deferUntil: services.now() };
});
