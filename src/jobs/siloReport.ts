/** A daily silo report snapshot per workspace, at the workspace's snapshot hour (UTC): the history trends compare against. */
import { refreshSiloReport } from '../services/report';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';

definePlanner('silo-report', async (services, teamId) => {
  const now = services.now();
  const settings = await settingsFor(services.db, teamId);
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), settings.snapshotHourUtc));
  await enqueueJob(services.db, { teamId, kind: 'report.snapshot', dueAt: due, idempotencyKey: `silo-report:${due.toISOString().slice(0, 10)}` });
});

defineJob('report.snapshot', async (services, job) => {
  const snapshot = await refreshSiloReport(services, job.team_id);
  services.logger.info({ teamId: job.team_id, day: snapshot.day, ties: snapshot.report.org.ties }, 'silo report snapshot stored');
  return 'done';
});
