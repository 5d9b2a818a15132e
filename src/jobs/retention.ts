/** Daily: interaction counts older than settings.retentionDays are deleted (with their ledger rows). */
import { deleteInteractionsBefore } from '../store/interactions';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';
import { isoDay, isoDayBefore } from '../domain/format';

definePlanner('retention', async (services, teamId) => {
  const day = isoDay(services.now());
  await enqueueJob(services.db, {
    teamId,
    kind: 'retention.interactions',
    dueAt: services.now(),
    idempotencyKey: `retention:${day}`,
  });
});

defineJob('retention.interactions', async (services, job) => {
  const { retentionDays } = await settingsFor(services.db, job.team_id);
  const before = isoDayBefore(services.now(), retentionDays);
  const deleted = await deleteInteractionsBefore(services.db, job.team_id, before);
  services.logger.info({ teamId: job.team_id, before, deleted }, 'retention: old interaction counts deleted');
  return 'done';
});
