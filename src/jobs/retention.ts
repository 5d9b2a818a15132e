/** Daily: interaction counts older than settings.retentionDays are deleted (with their ledger rows). */
import { deleteInteractionsBefore } from '../store/interactions';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';
import { DAY_MS } from '../domain/time';

definePlanner('retention', async (services, teamId) => {
  const day = services.now().toISOString().slice(0, 10);
  await enqueueJob(services.db, {
    teamId,
    kind: 'retention.interactions',
    dueAt: services.now(),
    idempotencyKey: `retention:${day}`,
  });
});

defineJob('retention.interactions', async (services, job) => {
  const { retentionDays } = await settingsFor(services.db, job.team_id);
  const before = new Date(services.now().getTime() - retentionDays * DAY_MS).toISOString().slice(0, 10);
  const deleted = await deleteInteractionsBefore(services.db, job.team_id, before);
  services.logger.info({ teamId: job.team_id, before, deleted }, 'retention: old interaction counts deleted');
  return 'done';
});
