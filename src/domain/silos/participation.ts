import type { CommunityStage, ParticipationLevels } from './types';

/**
 * Participation levels of a community (Wenger, McDermott & Snyder, "Cultivating Communities of
 * Practice", 2002, ch. 3): a coordinator, a core group (≈ 10–15 % of members), an active group,
 * and the periphery who mostly watch. From each member's interactions in the last 30 days:
 * - coordinators: the channel's creator if still a member and active, plus the single most active
 *   member when they account for ≥ 25 % of the channel's activity (at most 2);
 * - core: the next most active members, ceil(12 % of members), among those with any activity;
 * - active: every other member with activity in the last 30 days;
 * - periphery: members with none (observers, lurkers).
 */
export const CORE_SHARE = 0.12;

export function participationLevels(activity: ArrayLike<number>, creatorPosition: number): ParticipationLevels {
  const n = activity.length;
  // one pass, no sort: only the counts and the most active member (the first of equals) are needed
  let activeCount = 0;
  let total = 0;
  let top = -1;
  for (let i = 0; i < n; i++) {
    const a = activity[i];
    if (!(a > 0)) continue;
    activeCount++;
    total += a;
    if (top < 0 || a > activity[top]) top = i;
  }
  let coordinators = 0;
  if (creatorPosition >= 0 && activity[creatorPosition] > 0) coordinators++;
  if (top >= 0 && top !== creatorPosition && activity[top] >= 0.25 * total) coordinators++;
  const rest = activeCount - coordinators;
  const core = Math.min(rest, Math.ceil(CORE_SHARE * n));
  return { coordinators, core, active: rest - core, periphery: n - activeCount };
}

/** Relative change of activity: (last 30 d − previous 30 d) / max(previous 30 d, 1). */
export function activityTrend(last30: number, previous30: number): number {
  return (last30 - previous30) / Math.max(previous30, 1);
}

/**
 * Stage of development of a community channel, after Wenger, McDermott & Snyder (2002, ch. 4–5):
 * potential → coalescing → maturing → stewardship → transformation. Rule, first match wins
 * (age unknown counts as old):
 *  1. transformation: older than 60 days and silent for 30 days, or older than 90 days with
 *     activity halved (trend ≤ −0.5) — the community is fading or turning into something else;
 *  2. potential: younger than 30 days, or fewer than 5 members;
 *  3. coalescing: younger than 90 days;
 *  4. maturing: younger than 180 days, or activity growing by ≥ 25 %;
 *  5. stewardship: established and steady.
 */
export function communityStage(
  ageDays: number | null,
  members: number,
  activity30d: number,
  trend: number,
): CommunityStage {
  const age = ageDays ?? Number.POSITIVE_INFINITY;
  if ((age > 60 && activity30d === 0) || (age > 90 && trend <= -0.5)) return 'transformation';
  if (age < 30 || members < 5) return 'potential';
  if (age < 90) return 'coalescing';
  if (age < 180 || trend >= 0.25) return 'maturing';
  return 'stewardship';
}
