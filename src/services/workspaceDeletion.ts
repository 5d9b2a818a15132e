/**
 * Uninstall and workspace deletion. When a workspace uninstalls Weaver (app_uninstalled) or
 * revokes its bot token (tokens_revoked) — in either order, on any replica — the installation is
 * deleted at once, pending jobs stop, and after WEAVER_UNINSTALL_GRACE_DAYS (default 0: at once)
 * every row of the workspace in every table is deleted in one transaction. A reinstall within the
 * grace period keeps the data. `weaver workspace delete TEAM_ID` deletes immediately.
 */
import { enqueueJob, cancelJobs, pendingJobs } from '../store/jobs';
import { deleteInstallationsOfTeam, deleteOrgInstallation, isTeamInstalled } from '../store/installations';
import { deleteWorkspaceRows, teamIdsOfEnterprise } from '../store/workspaceData';
import type { Services } from './context';
import { DAY_MS } from '../domain/time';

export const DELETE_WORKSPACE_JOB = 'workspace.delete_data';

export interface UninstallOutcome {
  /** 'deleted': data gone now; 'scheduled': deletion due at `deleteAt`. */
  data: 'deleted' | 'scheduled';
  deleteAt: Date;
}

export async function uninstallWorkspace(
  services: Services,
  w: { teamId: string; enterpriseId?: string; isEnterpriseInstall?: boolean; reason: string },
): Promise<UninstallOutcome> {
  const { db, logger, config } = services;
  // An org-wide (Enterprise Grid) uninstall ends Weaver in every workspace of the org.
  if (w.isEnterpriseInstall && w.enterpriseId) {
    await deleteOrgInstallation(db, w.enterpriseId);
    const teams = new Set([...(await teamIdsOfEnterprise(db, w.enterpriseId)), ...(w.teamId ? [w.teamId] : [])]);
    let outcome: UninstallOutcome = { data: 'deleted', deleteAt: services.now() };
    for (const teamId of teams) outcome = await uninstallWorkspace(services, { teamId, reason: w.reason });
    return outcome;
  }
  if (!w.teamId) throw new Error('uninstall without a team id');
  const log = logger.child({ teamId: w.teamId, enterpriseId: w.enterpriseId, reason: w.reason });
  const deleteAt = new Date(services.now().getTime() + config.uninstallGraceDays * DAY_MS);
  if (config.uninstallGraceDays === 0) {
    await deleteInstallationsOfTeam(db, w.teamId);
    const deleted = await deleteWorkspaceRows(db, w.teamId);
    log.info({ deleted }, 'workspace uninstalled: all its data deleted');
    return { data: 'deleted', deleteAt };
  }
  // One transaction: nobody (another replica, a scheduler tick) sees the installation gone while
  // its jobs still run, or the jobs stopped with no deletion scheduled.
  const cancelled = await db.transaction(async (trx) => {
    await deleteInstallationsOfTeam(trx, w.teamId);
    const n = await cancelJobs(trx, w.teamId);
    if (!(await pendingJobs(trx, w.teamId, DELETE_WORKSPACE_JOB)).length) {
      await enqueueJob(trx, {
        teamId: w.teamId,
        kind: DELETE_WORKSPACE_JOB,
        dueAt: deleteAt,
        payload: { reason: w.reason },
      });
    }
    return n;
  });
  log.info({ cancelledJobs: cancelled, deleteAt }, 'workspace uninstalled: data deletion scheduled');
  return { data: 'scheduled', deleteAt };
}

/** Deletes every row of the workspace now (the CLI, and the job at the end of the grace period). */
export async function deleteWorkspace(services: Services, teamId: string): Promise<Record<string, number>> {
  const deleted = await deleteWorkspaceRows(services.db, teamId);
  services.logger.info({ teamId, deleted }, 'workspace data deleted');
  return deleted;
}

/** The grace-period job: deletes unless the workspace installed Weaver again meanwhile. */
export async function deleteWorkspaceIfStillUninstalled(
  services: Services,
  teamId: string,
): Promise<'deleted' | 'reinstalled'> {
  if (await isTeamInstalled(services.db, teamId)) return 'reinstalled';
  await deleteWorkspace(services, teamId);
  return 'deleted';
}
