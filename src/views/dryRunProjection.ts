/**
 * The dry-run DM: counts and reasons of one round that is not sent, and its projection: what a quarter of rounds would do to this workspace's silos with
 * Weaver and with random pairing (src/domain/simulate), as counts only. Numbers of people below
 * the privacy threshold are shown as "fewer than N".
 */
import { clamp, LIMITS } from './limits';
import { percentProse, signedProse } from '../domain/format';

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

/** What the proposed introductions have in common, and why people were left out, as the dry-run DM words them. */
export const DRY_RUN_REASONS = {
  sharedPassion: 'share at least one passion',
  teachLearn: 'one could teach the other something they want to learn',
  missingBridge: 'join two departments that hardly talk today',
  trio: 'introductions of three (odd person out)',
  unmatched: 'people with no suitable match across departments',
};

/** The reasons that say why an introduction was proposed (the rest say why people were left out). */
const PROPOSED_BECAUSE = new Set([
  DRY_RUN_REASONS.sharedPassion,
  DRY_RUN_REASONS.teachLearn,
  DRY_RUN_REASONS.missingBridge,
]);

/** The dry-run DM to a lead: counts and reasons, never names; small counts as "fewer than N". */
export function dryRunText(s: DryRunSummary, threshold: number): string {
  const small = (n: number): string => (n > 0 && n < threshold ? `fewer than ${threshold}` : String(n));
  const counted = s.reasons.filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  const trios = counted.find((r) => r.reason === DRY_RUN_REASONS.trio)?.count ?? 0;
  const because = counted.filter((r) => PROPOSED_BECAUSE.has(r.reason)).map((r) => `• ${r.reason}: ${small(r.count)}`);
  const leftOut = counted
    .filter((r) => !PROPOSED_BECAUSE.has(r.reason) && r.reason !== DRY_RUN_REASONS.trio)
    .slice(0, 12)
    .map((r) => `• ${r.reason}: ${small(r.count)}`);
  return [
    '*A practice round of introductions* — nothing was sent to anyone',
    `• people who could be introduced: ${s.eligible}`,
    `• introductions it would propose: ${s.proposed}${trios ? ` (${small(trios)} of them for three people)` : ''}`,
    `• people left without a match: ${small(s.unmatched)}`,
    ...(because.length
      ? ['*What the proposed introductions are based on* (one can count under several)', ...because]
      : []),
    ...(leftOut.length ? ['*Why people were left out*', ...leftOut] : []),
    ...(s.projection ? projectionLines(s.projection, threshold) : []),
  ].join('\n');
}

export function projectionLines(p: DryRunProjection, threshold: number): string[] {
  const people = (n: number) => (n > 0 && n < threshold ? `fewer than ${threshold}` : String(n));
  const ei = (x: number) => signedProse(x);
  return [
    `*Projected effect of a quarter (${p.rounds} rounds), Weaver next to random pairing* — an estimate from a ` +
      `simulation that assumes ${percentProse(p.participation)} of people take part each round, ${percentProse(p.accept)} ` +
      `accept (more when they share passions) and ${percentProse(p.meet)} of accepted introductions meet`,
    `• missing bridges between departments closed: Weaver ${p.weaver.missingBridgesClosed} of ${p.missingBridges}, ` +
      `random pairing ${p.random.missingBridgesClosed} of ${p.missingBridges}`,
    `• people with a new tie to another department: Weaver ${people(p.weaver.peopleReached)}, ` +
      `random pairing ${people(p.random.peopleReached)}`,
    `• how much of the company's talk crosses departments, from −1 (all inside) to +1 (all across): ` +
      `${ei(p.startEI)} now, Weaver ${ei(p.weaver.orgEI)}, random pairing ${ei(p.random.orgEI)}`,
  ].map((line) => clamp(line, LIMITS.sectionText));
}
