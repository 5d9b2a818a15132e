/**
 * Departments kept current from where the organisation keeps them:
 * - SCIM (department source `scim` and SLACK_SCIM_TOKEN set): read again once a day;
 * - an HR file at WEAVER_DEPARTMENTS_FILE: looked at every hour and imported when its date changed
 *   (bad rows are logged with their line numbers; the good ones are applied in one transaction).
 */
import { importDepartmentsFileIfChanged } from '../services/departmentsFile';
import { syncScimDepartments } from '../services/scimDepartments';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';
import { isoDay } from '../domain/format';

definePlanner('departments.sources', async (services, teamId) => {
  const now = services.now();
  if (services.config.departmentsFile) {
    await enqueueJob(services.db, {
      teamId,
      kind: 'departments.file',
      dueAt: now,
      idempotencyKey: `departments.file:${now.toISOString().slice(0, 13)}`,
    });
  }
  if (services.config.slack.scimToken && (await settingsFor(services.db, teamId)).departmentSource.kind === 'scim') {
    await enqueueJob(services.db, {
      teamId,
      kind: 'departments.scim',
      dueAt: now,
      idempotencyKey: `departments.scim:${isoDay(now)}`,
    });
  }
});

defineJob('departments.scim', async (services, job) => {
  await syncScimDepartments(services, job.team_id);
  return 'done';
});

defineJob('departments.file', async (services, job) => {
  await importDepartmentsFileIfChanged(services, job.team_id);
  return 'done';
});
