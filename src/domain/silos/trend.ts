import type { SiloReport, TrendDelta } from './types';

/** The headline numbers whose change since the previous snapshot a report shows. */
export const HEADLINES: { metric: string; value: (r: SiloReport) => number }[] = [
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
    return { metric, previous: before, current: now, change: now - before };
  });
  return { ...current, trend: { previousAt: previous.generatedAt, deltas } };
}
