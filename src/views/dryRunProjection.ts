/**
 * The dry-run DM: counts and reasons of one round that is not sent, and its projection: what a quarter of rounds would do to this workspace's silos with
 * Weaver and with random pairing (src/domain/simulate), as counts only. Numbers of people below
 * the privacy threshold are shown as "fewer than N".
 */
import { clamp, LIMITS } from './limits';
import { percentProse } from '../domain/format';

export interface ProjectionSide {
  missingBridgesClosed: number;
  peopleReached: number;
  orgEI: number;
}

export interface DryRunProjection {
  rounds: number;
  missingBridges: number;
  startEI: number;
  participation: number;
  accept: number;
  meet: number;
  seed: number;
  weaver: ProjectionSide;
  random: ProjectionSide;
}

export interface DryRunSummary {
  /** people who could be introduced this round */
  eligible: number;
  /** pairs (or groups) the round would propose */
  proposed: number;
  /** people left without a match */
  unmatched: number;
  /** why people were left out or unmatched, as counts: no names */
  reasons: Array<{ reason: string; count: number }>;
  /** a quarter of rounds simulated on this workspace, Weaver next to random pairing (weaver simulate) */
  projection?: DryRunProjection;
}

/** Why people were proposed or left out, as the dry-run DM words it (services count them). */
export const DRY_RUN_REASONS = {
  sharedPassion: 'share at least one passion',
  teachLearn: 'one could teach the other something they want to learn',
  missingBridge: 'bridge a missing link between departments',
  trio: 'introductions of three (odd person out)',
  unmatched: 'people with no suitable match across departments',
};

/** The dry-run DM to a lead: counts and reasons, never names; small counts as "fewer than N". */
export function dryRunText(s: DryRunSummary, threshold: number): string {
  const small = (n: number): string => (n > 0 && n < threshold ? `fewer than ${threshold}` : String(n));
  const reasons = s.reasons
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 15)
    .map((r) => `• ${r.reason}: ${small(r.count)}`);
  return [
    '*Dry-run introduction round* (nothing was sent)',
    `• people who could be introduced: ${s.eligible}`,
    `• introductions it would propose: ${s.proposed}`,
    `• people left without a match: ${small(s.unmatched)}`,
    ...(reasons.length ? ['*Why people were left out or unmatched*', ...reasons] : []),
    ...(s.projection ? projectionLines(s.projection, threshold) : []),
  ].join('\n');
}

export function projectionLines(p: DryRunProjection, threshold: number): string[] {
  const people = (n: number) => (n > 0 && n < threshold ? `fewer than ${threshold}` : String(n));
  const ei = (x: number) => x.toFixed(2);
  return [
    `*Projected effect of a quarter (${p.rounds} rounds), Weaver next to random pairing* ` +
      `(a simulation, seed ${p.seed}: ` +
      `${percentProse(p.participation)} take part each round, ${percentProse(p.accept)} accept, more when they share passions, ` +
      `${percentProse(p.meet)} of accepted introductions meet)`,
    `• missing bridges between departments closed: Weaver ${p.weaver.missingBridgesClosed} of ${p.missingBridges}, ` +
      `random pairing ${p.random.missingBridgesClosed} of ${p.missingBridges}`,
    `• people with a new cross-department tie: Weaver ${people(p.weaver.peopleReached)}, ` +
      `random pairing ${people(p.random.peopleReached)}`,
    `• org E-I (−1 all ties inside departments, +1 all across): ${ei(p.startEI)} now, ` +
      `Weaver ${ei(p.weaver.orgEI)}, ` +
      `random pairing ${ei(p.random.orgEI)}`,
    '_Run `weaver simulate` on an export for the round-by-round figures._',
  ].map((line) => clamp(line, LIMITS.sectionText));
}
