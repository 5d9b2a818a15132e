import type { HistoryPoint, SiloReport, TrendDelta } from './types';
import { DAY_MS } from '../time';
import { isoDay } from '../format';

/** The headline numbers whose change since the previous snapshot a report shows. */
export const HEADLINES: { metric: string; value: (r: SiloReport) => number | null }[] = [
  { metric: 'members', value: (r) => r.org.members },
  { metric: 'ties', value: (r) => r.org.ties },
  { metric: 'modularity', value: (r) => r.org.modularity },
  { metric: 'eiIndex', value: (r) => r.org.eiIndex },
  { metric: 'crossShare', value: (r) => r.org.crossShare },
  { metric: 'siloDepartments', value: (r) => r.org.siloDepartments },
  { metric: 'capturedChannels', value: (r) => r.channels.filter((c) => c.captured).length },
  { metric: 'missingBridges', value: (r) => r.missingBridges.length },
  { metric: 'emergingCommunities', value: (r) => r.communities.length },
];

/** The report with `trend` filled in from the previous snapshot (or null when there is none). */
export function withTrend(current: SiloReport, previous: SiloReport | null): SiloReport {
  if (!previous) return { ...current, trend: null };
  const deltas: TrendDelta[] = HEADLINES.map(({ metric, value }) => {
    const before = value(previous);
    const now = value(current);
    return { metric, previous: before, current: now, change: before === null || now === null ? null : now - before };
  });
  return { ...current, trend: { previousAt: previous.generatedAt, deltas } };
}

/**
 * One point of the headline trend from a report of the period that ends on `day`. Its numbers are
 * withheld (null, drawn as a gap) when the period is partial or has fewer than `minTies` ties
 * between people with a department: a handful of ties is not a change.
 */
export function historyPoint(
  report: SiloReport,
  day: string,
  introsAccepted: number | null,
  minTies: number,
  partial = false,
): HistoryPoint {
  const ties = report.org.ties;
  // the department numbers rest on the ties between people with a department
  const sample = report.data.departments.usable ? report.org.labelledTies : ties;
  const withheld = partial ? 'partial period' : sample < minTies ? 'too few ties' : null;
  return {
    day,
    ties,
    eiIndex: withheld ? null : report.org.eiIndex,
    modularity: withheld ? null : report.org.modularity,
    crossShare: withheld ? null : report.org.crossShare,
    withheld,
    introsAccepted,
  };
}

/**
 * Calendar months for a monthly trend, oldest first: at most `max` months that end on or before
 * `until` (exclusive, an ISO time) and start on or after `firstDay`; the last one may be partial.
 * Each is { from, to } with `to` exclusive (YYYY-MM-DD).
 */
export function monthsBetween(
  firstDay: string,
  until: string,
  max: number,
): { from: string; to: string; last: string }[] {
  const end = Date.parse(until);
  const out: { from: string; to: string; last: string }[] = [];
  let d = new Date(end - 1);
  for (let k = 0; k < max; k++) {
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const to = Math.min(next, end);
    if (isoDay(to - 1) < firstDay) break;
    out.unshift({
      from: isoDay(Math.max(from, Date.parse(`${firstDay}T00:00:00Z`))),
      to: isoDay(to),
      last: isoDay(to - 1),
    });
    d = new Date(from - DAY_MS);
  }
  return out;
}

/**
 * Weeks for the live trend, oldest first: `count` weeks ending on `lastDay` (inclusive); each is
 * the last day of the week (YYYY-MM-DD). The snapshot of that day (or the latest before it in the
 * week) is the week's point.
 */
export function weekEnds(lastDay: string, count: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, k) => isoDay(end - (count - 1 - k) * 7 * DAY_MS));
}

/** A stored snapshot's headline numbers (what the weekly trend is drawn from). */
export interface SnapshotHeadline {
  day: string;
  /** null for a snapshot stored before ties were recorded with the headline (version 2) */
  ties: number | null;
  eiIndex: number | null;
  modularity: number | null;
  crossShare: number | null;
}

/**
 * The live trend: for each week ending on one of `weeks` (oldest first), the newest snapshot of
 * that week, with the introductions accepted in the week; the current report is the last week's
 * point. Weeks without a snapshot are left out.
 */
export function weeklyHistory(
  weeks: string[],
  snapshots: SnapshotHeadline[],
  acceptedPerDay: { day: string; accepted: number }[],
  current: { day: string; report: SiloReport },
  minTies: number,
): HistoryPoint[] {
  const weekStart = (end: string) => isoDay(Date.parse(`${end}T00:00:00Z`) - 6 * DAY_MS);
  const points: HistoryPoint[] = [];
  for (const end of weeks) {
    const start = weekStart(end);
    const accepted = acceptedPerDay.filter((a) => a.day >= start && a.day <= end).reduce((s, a) => s + a.accepted, 0);
    if (current.day >= start && current.day <= end) {
      points.push(historyPoint(current.report, current.day, accepted, minTies));
      continue;
    }
    const inWeek = snapshots
      .filter((s) => s.day >= start && s.day <= end)
      .sort((x, y) => y.day.localeCompare(x.day))[0];
    if (inWeek) {
      const tooFew = inWeek.ties !== null && inWeek.ties < minTies;
      points.push({
        day: inWeek.day,
        ties: inWeek.ties,
        eiIndex: tooFew ? null : inWeek.eiIndex,
        modularity: tooFew ? null : inWeek.modularity,
        crossShare: tooFew ? null : inWeek.crossShare,
        withheld: tooFew ? 'too few ties' : null,
        introsAccepted: accepted,
      });
    }
  }
  return points;
}
