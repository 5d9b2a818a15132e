/**
 * Progress of the back-fill per workspace: the current run and the steps it finished, so an
 * interrupted sync resumes instead of starting over.
 */
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

export interface SyncRun {
  teamId: string;
  runId: string;
  startedAt: Date;
  historyOldest: Date;
  resumed: boolean;
}

/** The unfinished run of a workspace, or a new one. */
export async function currentOrNewSyncRun(db: Knex, teamId: string, now: Date, historyOldest: Date): Promise<SyncRun> {
  const row = await db('sync_runs').where({ team_id: teamId }).first();
  if (row && !row.finished_at) {
    return { teamId, runId: row.run_id, startedAt: row.started_at, historyOldest: row.history_oldest, resumed: true };
  }
  const runId = randomUUID();
  await db('sync_runs')
    .insert({ team_id: teamId, run_id: runId, started_at: now, finished_at: null, history_oldest: historyOldest })
    .onConflict('team_id')
    .merge(['run_id', 'started_at', 'finished_at', 'history_oldest']);
  return { teamId, runId, startedAt: now, historyOldest, resumed: false };
}

export async function finishedSteps(db: Knex, run: SyncRun): Promise<Set<string>> {
  const rows = await db('sync_steps').where({ team_id: run.teamId, run_id: run.runId }).select('step');
  return new Set(rows.map((r: { step: string }) => r.step));
}

export async function markStepDone(db: Knex, run: SyncRun, step: string): Promise<void> {
  await db('sync_steps')
    .insert({ team_id: run.teamId, run_id: run.runId, step })
    .onConflict(['team_id', 'run_id', 'step'])
    .ignore();
}

export async function finishSyncRun(db: Knex, run: SyncRun, now: Date): Promise<void> {
  await db('sync_runs')
    .where({ team_id: run.teamId, run_id: run.runId })
    .update({ finished_at: now, last_finished_at: now });
  await db('sync_steps').where({ team_id: run.teamId }).del();
}

/** When the workspace last finished a full sync (null: never). */
export async function lastFinishedSync(db: Knex, teamId: string): Promise<Date | null> {
  const row = await db('sync_runs').where({ team_id: teamId }).first('last_finished_at');
  return row?.last_finished_at ?? null;
}

/** Whether a full sync of the workspace is under way (started and not finished: it resumes). */
export async function syncUnderWay(db: Knex, teamId: string): Promise<boolean> {
  const row = await db('sync_runs').where({ team_id: teamId }).first('finished_at');
  return Boolean(row && !row.finished_at);
}
