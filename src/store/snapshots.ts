/** Stored SiloReports (report_snapshots): one per workspace and day, the history trends are computed from. */
import type { Knex } from 'knex';
import type { SnapshotHeadline } from '../domain/silos/trend';
import type { SiloReport } from '../domain/silos/types';

export interface Snapshot {
  id: number;
  day: string;
  report: SiloReport;
  chartFileId: string | null;
}

const toSnapshot = (r: SnapshotRow): Snapshot => ({
  id: Number(r.id),
  day: r.day,
  report: r.report as SiloReport,
  chartFileId: r.chart_file_id ?? null,
});

/** Saves (or replaces) the day's snapshot. */
export async function saveSnapshot(db: Knex, teamId: string, day: string, report: SiloReport): Promise<Snapshot> {
  const [row] = await db('report_snapshots')
    .insert({
      team_id: teamId,
      day,
      report: JSON.stringify(report),
      chart_file_id: null,
      trend_file_id: null,
      created_at: db.fn.now(),
    })
    .onConflict(['team_id', 'day'])
    .merge(['report', 'chart_file_id', 'trend_file_id', 'created_at'])
    .returning('*');
  return toSnapshot(row);
}

/** The newest snapshot from before `day`: what today's report is compared with. */
export async function snapshotBefore(db: Knex, teamId: string, day: string): Promise<Snapshot | null> {
  const row = await db('report_snapshots')
    .where({ team_id: teamId })
    .andWhere('day', '<', day)
    .orderBy('day', 'desc')
    .first();
  return row ? toSnapshot(row) : null;
}

/** The newest snapshot on or before `day` (the report of about a month before, for findings' change). */
export async function snapshotOnOrBefore(db: Knex, teamId: string, day: string): Promise<Snapshot | null> {
  const row = await db('report_snapshots')
    .where({ team_id: teamId })
    .andWhere('day', '<=', day)
    .orderBy('day', 'desc')
    .first();
  return row ? toSnapshot(row) : null;
}

/** Headline numbers of the snapshots from `fromDay` on, oldest first (only these fields leave PostgreSQL). */
export async function snapshotHeadlines(db: Knex, teamId: string, fromDay: string): Promise<SnapshotHeadline[]> {
  const { rows } = await db.raw(
    `select to_char(day, 'YYYY-MM-DD') as day, (report->'org'->>'eiIndex')::float8 as ei,
            (report->'org'->>'modularity')::float8 as q, (report->'org'->>'crossShare')::float8 as cross,
            coalesce(report->'org'->>'labelledTies', report->'org'->>'ties')::float8 as ties
       from report_snapshots where team_id = ? and day >= ? order by day`,
    [teamId, fromDay],
  );
  // a withheld metric (departments not usable) is null: the point is drawn as a gap
  const num = (x: number | string | null) => (x === null ? null : Number(x));
  return rows.map(
    (r: { day: string; ei: number | null; q: number | null; cross: number | null; ties: number | null }) => ({
      day: r.day,
      ties: num(r.ties),
      eiIndex: num(r.ei),
      modularity: num(r.q),
      crossShare: num(r.cross),
    }),
  );
}

/** Introductions accepted per day (UTC) from `fromDay` on. */
export async function introsAcceptedPerDay(
  db: Knex,
  teamId: string,
  fromDay: string,
): Promise<{ day: string; accepted: number }[]> {
  const { rows } = await db.raw(
    `select to_char((accepted_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(*)::int as accepted
       from intros where team_id = ? and accepted_at >= ?::date group by 1 order by 1`,
    [teamId, fromDay],
  );
  return rows.map((r: { day: string; accepted: number | string }) => ({ day: r.day, accepted: Number(r.accepted) }));
}

export interface StoredSnapshot {
  id: number;
  day: string;
  report: unknown;
  chartFileId: string | null;
  trendFileId: string | null;
}

/** The newest `n` report snapshots of the workspace, newest first. */
export async function latestSnapshots(db: Knex, teamId: string, n: number): Promise<StoredSnapshot[]> {
  const rows = await db('report_snapshots')
    .where({ team_id: teamId })
    .orderBy('day', 'desc')
    .orderBy('id', 'desc')
    .limit(n)
    .select('id', db.raw("to_char(day, 'YYYY-MM-DD') as day"), 'report', 'chart_file_id', 'trend_file_id');
  return rows.map(toStored);
}

/**
 * The latest snapshot in full and the one before it reduced to what changes are computed from
 * (org and departments), newest first: the previous report's long lists are never sent to Node.
 */
export async function snapshotsForDashboard(db: Knex, teamId: string): Promise<StoredSnapshot[]> {
  const { rows } = await db.raw(
    `select id, to_char(day, 'YYYY-MM-DD') as day, chart_file_id, trend_file_id,
            case when rn = 1 then report
                 else jsonb_build_object('org', report->'org', 'departments', report->'departments') end as report
       from (select id, day, report, chart_file_id, trend_file_id, row_number() over (order by day desc, id desc) as rn
               from report_snapshots where team_id = ? order by day desc, id desc limit 2) s
      order by rn`,
    [teamId],
  );
  return rows.map(toStored);
}

/** Records the uploaded trend chart for a snapshot, unless another process already did. */
export async function setSnapshotTrend(db: Knex, snapshotId: number, fileId: string): Promise<string> {
  const updated = await db('report_snapshots')
    .where({ id: snapshotId })
    .whereNull('trend_file_id')
    .update({ trend_file_id: fileId })
    .returning('trend_file_id');
  if (updated.length) return fileId;
  const row = await db('report_snapshots').where({ id: snapshotId }).first('trend_file_id');
  return row?.trend_file_id ?? fileId;
}

/** Records the uploaded heat map for a snapshot, unless another process already did. */
export async function setSnapshotChart(db: Knex, snapshotId: number, fileId: string): Promise<string> {
  const updated = await db('report_snapshots')
    .where({ id: snapshotId })
    .whereNull('chart_file_id')
    .update({ chart_file_id: fileId })
    .returning('chart_file_id');
  if (updated.length) return fileId;
  const row = await db('report_snapshots').where({ id: snapshotId }).first('chart_file_id');
  return row?.chart_file_id ?? fileId;
}

type SnapshotRow = {
  id: number;
  day: string;
  report: unknown;
  chart_file_id: string | null;
  trend_file_id: string | null;
};
const toStored = (r: SnapshotRow): StoredSnapshot => ({
  id: Number(r.id),
  day: r.day,
  report: r.report,
  chartFileId: r.chart_file_id,
  trendFileId: r.trend_file_id ?? null,
});

/** data.departments.usable of the workspace's newest report snapshot; null before the first. */
export async function lastReportDepartmentsUsable(db: Knex, teamId: string): Promise<boolean | null> {
  const row = await db('report_snapshots')
    .where({ team_id: teamId })
    .orderBy('day', 'desc')
    .first(db.raw(`(report->'data'->'departments'->>'usable')::boolean as usable`));
  return row?.usable ?? null;
}
