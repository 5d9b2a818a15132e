/**
 * The live silo report of a workspace: SQL aggregates from store/reportData, metrics from
 * domain/silos, stored as the day's snapshot, with the trend against the previous snapshot.
 */
import { assembleOrgData } from '../domain/silos/assemble';
import { buildSiloReport } from '../domain/silos/buildReport';
import { withTrend } from '../domain/silos/trend';
import type { SiloReport } from '../domain/silos/types';
import { activePeopleWithDepartments, channelActivity, channelsWithMembers, tiesAsPersonNumbers, type ReportWindow } from '../store/reportData';
import { settingsFor } from '../store/settings';
import { saveSnapshot, snapshotBefore, type Snapshot } from '../store/snapshots';
import type { Services } from './context';

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface LiveReportOptions {
  /** first day of ties (YYYY-MM-DD); default: settings.historyDays before today */
  since?: string;
  /** privacy threshold; default settings.privacyThreshold (never below it from Slack) */
  minGroupSize?: number;
}

export interface LiveReportTimings {
  queryMs: number;
  computeMs: number;
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
    since: options.since ?? day(nowMs - settings.historyDays * DAY_MS),
    until: day(nowMs + DAY_MS),
    last30From: day(nowMs - 29 * DAY_MS),
    previous30From: day(nowMs - 59 * DAY_MS),
  };
  const started = Date.now();
  const [people, ties, channels, activity] = await Promise.all([
    activePeopleWithDepartments(db, teamId),
    tiesAsPersonNumbers(db, teamId, window),
    channelsWithMembers(db, teamId, settings.readPrivateChannels),
    channelActivity(db, teamId, window),
  ]);
  const queried = Date.now();
  const data = assembleOrgData({
    people: people.ids.map((id, i) => ({ id, department: people.departments[i] })),
    ties,
    channels,
    activity,
    rules: settings.channelKinds,
  });
  const report = buildSiloReport(data, {
    generatedAt: new Date(nowMs).toISOString(),
    since: window.since,
    minGroupSize: options.minGroupSize ?? settings.privacyThreshold,
  });
  if (timings) {
    timings.queryMs = queried - started;
    timings.computeMs = Date.now() - queried;
  }
  return report;
}

/** Computes today's report, adds the trend since the previous snapshot and stores it as today's snapshot. */
export async function refreshSiloReport(
  services: Pick<Services, 'db' | 'now'>,
  teamId: string,
  options: LiveReportOptions = {},
  timings?: LiveReportTimings,
): Promise<Snapshot> {
  const current = await computeLiveReport(services, teamId, options, timings);
  const today = current.generatedAt.slice(0, 10);
  const previous = await snapshotBefore(services.db, teamId, today);
  return saveSnapshot(services.db, teamId, today, withTrend(current, previous?.report ?? null));
}
