/**
 * The dry-run DM's projection: what a quarter of rounds would do to this workspace's silos with
 * Weaver and with random pairing (src/domain/simulate), as counts only. Numbers of people below
 * the privacy threshold are shown as "fewer than N".
 */
import { clamp, LIMITS } from './limits';

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

export function projectionLines(p: DryRunProjection, threshold: number): string[] {
  const people = (n: number) => (n > 0 && n < threshold ? `fewer than ${threshold}` : String(n));
  const pc = (x: number) => `${Math.round(100 * x)} %`;
  const ei = (x: number) => x.toFixed(2);
  return [
    `*Projected effect of a quarter (${p.rounds} rounds), Weaver next to random pairing* ` +
      `(a simulation, seed ${p.seed}: ` +
      `${pc(p.participation)} take part each round, ${pc(p.accept)} accept, more when they share passions, ` +
      `${pc(p.meet)} of accepted introductions meet)`,
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
