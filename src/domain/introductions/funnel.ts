/**
 * The introduction funnel: the one computation behind the lead's Home, `weaver report --format
 * json` (its `introductions` section) and the HTML report. Pure: rounds in, numbers out.
 *
 * Per round and over the last quarter (rounds created in the last 91 days):
 * - proposed: introductions suggested; people: distinct people in them (a trio counts three);
 * - acceptedByAll: everyone said yes (the group DM opened or is about to);
 * - met: someone answered "Yes" to "did you meet?";
 * - declined: someone said "Not now"; expired: nobody finished answering in time;
 *   withdrawn: a member was deleted before it happened;
 * - bridgingShare: introductions joining a missing-bridge department pair / proposed;
 * - newTieRate: pairs inside accepted introductions who interacted within 60 days of accepting /
 *   those pairs (a trio has three pairs); comparisonTieRate: the same for a sample of candidate
 *   pairs not introduced that round, within 60 days of the round. Windows still open count so far.
 *
 * Privacy: a round (or the quarter) with fewer distinct people than the privacy threshold shows
 * no numbers, only that it exists.
 */
import { DAY_MS } from '../time';
import type { AskCounts } from '../asks/askCounts';
import { isoDay } from '../format';
export const QUARTER_DAYS = 91;

export interface FunnelIntro {
  status: string;
  outcome: string | null;
  bridgesMissing: boolean;
  members: string[];
}

export interface FunnelRoundInput {
  period: string;
  createdAt: Date;
  intros: FunnelIntro[];
  introducedPairs: { total: number; tied: number };
  comparisonPairs: { total: number; tied: number };
}

export interface FunnelNumbers {
  people: number;
  proposed: number;
  acceptedByAll: number;
  met: number;
  declined: number;
  expired: number;
  withdrawn: number;
  bridgingShare: number | null;
  newTieRate: number | null;
  comparisonTieRate: number | null;
}

/** Numbers, or only `hidden: true` when fewer people than the privacy threshold took part. */
export type MaybeHidden = { hidden: true } | ({ hidden: false } & FunnelNumbers);
export type FunnelRow = { period: string; createdAt: string } & MaybeHidden;

export interface IntroFunnel {
  threshold: number;
  /** asks ("who could help me with X?") over the same quarter: counts only (domain/asks/askCounts.ts) */
  asks?: AskCounts;
  /** newest first */
  rounds: FunnelRow[];
  quarter: { since: string; rounds: number } & MaybeHidden;
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function numbers(rounds: FunnelRoundInput[]): FunnelNumbers {
  const intros = rounds.flatMap((r) => r.intros);
  const count = (p: (i: FunnelIntro) => boolean) => intros.filter(p).length;
  const pairs = (pick: (r: FunnelRoundInput) => { total: number; tied: number }) =>
    rounds.reduce((acc, r) => ({ total: acc.total + pick(r).total, tied: acc.tied + pick(r).tied }), {
      total: 0,
      tied: 0,
    });
  const introduced = pairs((r) => r.introducedPairs);
  const comparison = pairs((r) => r.comparisonPairs);
  return {
    people: new Set(intros.flatMap((i) => i.members)).size,
    proposed: intros.length,
    acceptedByAll: count((i) => i.status === 'accepted'),
    met: count((i) => i.outcome === 'met'),
    declined: count((i) => i.status === 'declined'),
    expired: count((i) => i.status === 'expired'),
    withdrawn: count((i) => i.status === 'withdrawn'),
    bridgingShare: rate(
      count((i) => i.bridgesMissing),
      intros.length,
    ),
    newTieRate: rate(introduced.tied, introduced.total),
    comparisonTieRate: rate(comparison.tied, comparison.total),
  };
}

export function introFunnel(input: { rounds: FunnelRoundInput[]; now: Date; threshold: number }): IntroFunnel {
  const shown = (n: FunnelNumbers): MaybeHidden =>
    n.people >= input.threshold ? { hidden: false, ...n } : { hidden: true };
  const sorted = [...input.rounds].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const since = new Date(input.now.getTime() - QUARTER_DAYS * DAY_MS);
  const quarter = sorted.filter((r) => r.createdAt >= since);
  return {
    threshold: input.threshold,
    rounds: sorted.map((r) => ({ period: r.period, createdAt: r.createdAt.toISOString(), ...shown(numbers([r])) })),
    quarter: { since: isoDay(since), rounds: quarter.length, ...shown(numbers(quarter)) },
  };
}
