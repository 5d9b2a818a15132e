/**
 * The daily report snapshot: once a day, at settings.snapshotHourUtc, recompute the workspace's
 * SiloReport through the report module (a Home hook) and store it; the Home tab only reads it.
 */
import { recomputeReport } from '../services/home/leadActions';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';
import { isoDay } from '../domain/format';

export const SNAPSHOT_JOB = 'report.snapshot';

definePlanner('report-snapshot', async (services, teamId) => {
  const now = services.now();
  const settings = await settingsFor(services.db, teamId);
  if (now.getUTCHours() < settings.snapshotHourUtc) return;
  const day = isoDay(now);
  const dueAt = new Date(`${day}T${String(settings.snapshotHourUtc).padStart(2, '0')}:00:00Z`);
  await enqueueJob(services.db, {
    teamId,
    kind: SNAPSHOT_JOB,
    dueAt,
    idempotencyKey: `report-snapshot:${day}`,
    maxAttempts: 3,
  });
});

defineJob(SNAPSHOT_JOB, async (services, job) => {
  const ran = await recomputeReport(services, job.team_id);
  if (!ran) services.logger.info({ teamId: job.team_id }, 'daily snapshot skipped: no report module registered');
  return 'done';
});
