/**
 * The daily report snapshot: once a day, at settings.snapshotHourUtc, recompute the workspace's
 * SiloReport (services/report) and store it; the Home tab and the trend only read snapshots. It
 * runs in every process that runs jobs, with or without the Home tab's plug-ins, so a day's
 * snapshot is never skipped silently.
 */
import { isoDay } from '../domain/format';
import { uploadLatestCharts } from '../services/home/charts';
import { recomputeChannelKinds } from '../services/channelKinds';
import { REPORT_SNAPSHOT_JOB, refreshSiloReport } from '../services/report';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';

export const SNAPSHOT_JOB = REPORT_SNAPSHOT_JOB;

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
  // kinds inferred from talk across departments follow the interactions of the last days
  await recomputeChannelKinds(services, job.team_id, undefined, { countTalk: true });
  await refreshSiloReport(services, job.team_id);
  // The Home tab's charts are uploaded now (where this process draws them), so a lead's next
  // opening of the Home tab does not wait for them.
  const client = await services.slackFor(job.team_id);
  if (client) await uploadLatestCharts(services, client, job.team_id);
  return 'done';
});
