/**
 * The live silo report of a workspace: SQL aggregates from store/reportData, metrics from
 * domain/silos, stored as the day's snapshot, with the trend against the previous snapshot.
 */
import { assembleWithoutTies, withTies } from '../domain/silos/assemble';
import { buildSiloReport } from '../domain/silos/buildReport';
import { passionTagsOfActivePeople } from '../store/passions';
import { findingsOf } from '../domain/silos/findings';
import { readStoredReport } from '../domain/silos/storedReport';
import { weekEnds, weeklyHistory, withTrend } from '../domain/silos/trend';
import type { SiloReport } from '../domain/silos/types';
import type { DepartmentSource } from '../domain/silos/departmentData';
import type { Settings } from '../domain/settings';
import {
  activePeopleWithDepartments,
  channelActivity,
  channelsWithMembers,
  tiesAsPersonNumbers,
  type ReportWindow,
} from '../store/reportData';
import { settingsFor } from '../store/settings';
import {
  introsAcceptedPerDay,
  saveSnapshot,
  snapshotBefore,
  snapshotHeadlines,
  snapshotOnOrBefore,
  type Snapshot,
} from '../store/snapshots';
import type { Services } from './context';
import { membershipCoverageNow } from './membershipCoverage';
import { DAY_MS } from '../domain/time';
import { isoDay, isoDayBefore } from '../domain/format';

export interface LiveReportOptions {
  /** first day of ties (YYYY-MM-DD); default: settings.historyDays before today */
  since?: string;
  /** privacy threshold; default settings.privacyThreshold (never below it from Slack) */
  minGroupSize?: number;
}

export interface LiveReportTimings {
  /** reading from PostgreSQL, with people and channels assembled meanwhile (until the ties are read) */
  queryMs: number;
  /** the metrics, from the ties being read to the report */
  computeMs: number;
}

/** Where the workspace's departments come from, as the report states it (settings.departmentSource). */
export function liveDepartmentSource(source: Settings['departmentSource']): DepartmentSource {
  if (source.kind === 'csv') return { source: 'file', label: 'the HR file (weaver departments import)' };
  if (source.kind === 'channels') return { source: 'channels', label: `department channels ${source.channelPattern}` };
  return { source: 'profile_field', label: `the profile field "${source.profileFieldLabel}"` };
}

/** Computes the report from the database without storing it. */
export async function computeLiveReport(
  services: Pick<Services, 'db' | 'now'>,
  teamId: string,
  options: LiveReportOptions = {},
  timings?: LiveReportTimings,
): Promise<SiloReport> {
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  const nowMs = services.now().getTime();
  const window: ReportWindow = {
    since: options.since ?? isoDayBefore(nowMs, settings.historyDays),
    until: isoDay(nowMs + DAY_MS),
    last30From: isoDayBefore(nowMs, 29),
    previous30From: isoDayBefore(nowMs, 59),
  };
  const started = Date.now();
  // The tie query takes longest: people and channels are assembled while it runs (on the other core).
  const tiesRead = tiesAsPersonNumbers(db, teamId, window);
  tiesRead.catch(() => {}); // its error is thrown where it is awaited, not reported as unhandled meanwhile
  const [people, channels, activity, passions, memberships] = await Promise.all([
    activePeopleWithDepartments(db, teamId),
    channelsWithMembers(db, teamId, settings.readPrivateChannels),
    channelActivity(db, teamId, window),
    passionTagsOfActivePeople(db, teamId),
    membershipCoverageNow(services, teamId),
  ]);
  const withoutTies = assembleWithoutTies({
    people: people.ids.map((id, i) => ({ id, department: people.departments[i] })),
    channels,
    activity,
    rules: settings.channelKinds,
  });
  const data = withTies(withoutTies, await tiesRead);
  const queried = Date.now();
  const report = buildSiloReport(data, {
    generatedAt: new Date(nowMs).toISOString(),
    since: window.since,
    minGroupSize: options.minGroupSize ?? settings.privacyThreshold,
    findingRules: settings.findings,
    departmentSource: liveDepartmentSource(settings.departmentSource),
    passionsOf: people.ids.map((id) => passions.get(id)),
  });
  // A report published while a sync still reads the small channels' member lists says so.
  report.data.memberships = memberships;
  if (timings) {
    timings.queryMs = queried - started;
    timings.computeMs = Date.now() - queried;
  }
  return report;
}

/** The job that recomputes and stores the report (jobs/reportSnapshot.ts); a sync enqueues it too. */
export const REPORT_SNAPSHOT_JOB = 'report.snapshot';

/** Weeks of snapshots the live trend shows. */
export const HISTORY_WEEKS = 12;

/**
 * Computes today's report, adds the change since the previous snapshot, the weekly trend of the
 * last HISTORY_WEEKS weeks and each finding's change since the snapshot of a month before, and
 * stores it as today's snapshot.
 */
export async function refreshSiloReport(
  services: Pick<Services, 'db' | 'now'>,
  teamId: string,
  options: LiveReportOptions = {},
  timings?: LiveReportTimings,
): Promise<Snapshot> {
  const { db } = services;
  const [current, settings] = await Promise.all([
    computeLiveReport(services, teamId, options, timings),
    settingsFor(db, teamId),
  ]);
  const today = isoDay(current.generatedAt);
  const weeks = weekEnds(today, HISTORY_WEEKS);
  const firstDay = isoDayBefore(Date.parse(`${weeks[0]}T00:00:00Z`), 6);
  const [previous, monthAgo, headlines, accepted] = await Promise.all([
    snapshotBefore(db, teamId, today),
    snapshotOnOrBefore(db, teamId, isoDayBefore(Date.parse(`${today}T00:00:00Z`), 30)),
    snapshotHeadlines(db, teamId, firstDay),
    introsAcceptedPerDay(db, teamId, firstDay),
  ]);
  current.findings = findingsOf(
    current,
    settings.findings,
    monthAgo ? readStoredReport(monthAgo.report, settings.findings) : null,
  );
  current.history = {
    unit: 'week',
    points: weeklyHistory(weeks, headlines, accepted, { day: today, report: current }, settings.findings.minTies),
  };
  const before = previous ? readStoredReport(previous.report, settings.findings) : null;
  return saveSnapshot(db, teamId, today, withTrend(current, before));
}
