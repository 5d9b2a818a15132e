/** Stored SiloReports (report_snapshots): one per workspace and day, the history trends are computed from. */
import type { Knex } from 'knex';
import type { SiloReport } from '../domain/silos/types';

export interface Snapshot {
  id: number;
  day: string;
  report: SiloReport;
  chartFileId: string | null;
}

const toSnapshot = (r: Record<string, any>): Snapshot => ({ id: Number(r.id), day: r.day, report: r.report, chartFileId: r.chart_file_id ?? null });

/** Saves (or replaces) the day's snapshot. */
export async function saveSnapshot(db: Knex, teamId: string, day: string, report: SiloReport): Promise<Snapshot> {
  const [row] = await db('report_snapshots')
    .insert({ team_id: teamId, day, report: JSON.stringify(report), chart_file_id: null, created_at: db.fn.now() })
    .onConflict(['team_id', 'day'])
    .merge(['report', 'chart_file_id', 'created_at'])
    .returning('*');
  return toSnapshot(row);
}

export async function latestSnapshot(db: Knex, teamId: string): Promise<Snapshot | null> {
  const row = await db('report_snapshots').where({ team_id: teamId }).orderBy('day', 'desc').first();
  return row ? toSnapshot(row) : null;
}

/** The newest snapshot from before `day`: what today's report is compared with. */
export async function snapshotBefore(db: Knex, teamId: string, day: string): Promise<Snapshot | null> {
  const row = await db('report_snapshots').where({ team_id: teamId }).andWhere('day', '<', day).orderBy('day', 'desc').first();
  return row ? toSnapshot(row) : null;
}

export async function saveChartFileId(db: Knex, snapshotId: number, fileId: string): Promise<void> {
  await db('report_snapshots').where({ id: snapshotId }).update({ chart_file_id: fileId });
}
