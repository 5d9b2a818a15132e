/** The end of an uninstall grace period: see src/services/workspaceDeletion.ts. */
import { DELETE_WORKSPACE_JOB, deleteWorkspaceIfStillUninstalled } from '../services/workspaceDeletion';
import { defineJob } from './registry';

defineJob(DELETE_WORKSPACE_JOB, async (services, job) => {
  await deleteWorkspaceIfStillUninstalled(services, job.team_id);
  return 'done';
});
