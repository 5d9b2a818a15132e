/**
 * Puts a workspace in the state a test starts from, through the store (no SQL here).
 */
import type { Knex } from 'knex';
import { currentOrNewSyncRun, finishSyncRun } from '../../src/store/syncRuns';

/**
 * Marks the workspace as already synced, so the scheduler's first-start sync does not run: for
 * tests that seed the database directly and tick the scheduler for another feature.
 */
export async function markWorkspaceSynced(
  db: Knex,
  teamId: string,
  at = new Date('2026-01-01T00:00:00Z'),
): Promise<void> {
  const run = await currentOrNewSyncRun(db, teamId, at, at);
  await finishSyncRun(db, run, at);
}
