/**
 * The simulation's model, stated once so every output can print it:
 *
 * - each round, every person takes part with probability `participation` (the same people for
 *   every strategy in a round, so strategies are compared on the same draws);
 * - a strategy proposes introductions (pairs, sometimes trios) among that round's participants;
 * - an introduction is accepted with probability
 *
 *       accept(s) = 1 − (1 − base) · 2^(−s)
 *
 *   where s is the number of interest tags the introduced people share (for a trio: tags shared by
 *   at least two of them) and base = `accept`: s = 0 gives base, each shared tag halves the
 *   remaining chance of a refusal (base 0.6: 0.6, 0.8, 0.9, 0.95 …);
 * - an accepted introduction meets with probability `meet`; people who meet gain a tie (every pair
 *   inside the introduction that was not tied yet).
 */

import type { DepartmentData } from '../silos/types';

export const STRATEGIES = ['weaver', 'random', 'random-cross'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export interface InterestSource {
  /** --interests file, the export's purpose channels (one tag each), or generated from the network */
  source: 'interests-file' | 'purpose-channels' | 'generated';
  /** distinct tags */
  tags: number;
  peopleWithInterests: number;
  /** people given generated topics (everyone for a bare tie list; those in no purpose channel for an export) */
  generatedFor?: number;
  /** generated topics: the pool and how many contacts' topics each person adopts */
  topicPool?: number;
  neighbourTopics?: number;
}

export interface SimulationModel {
  rounds: number;
  participation: number;
  accept: number;
  meet: number;
  seed: number;
  /** rounds before the same pair may be introduced again by `weaver` (its cool-down in rounds) */
  coolDownRounds: number;
  interests: InterestSource;
}

export function acceptProbability(base: number, sharedTags: number): number {
  return 1 - (1 - base) * 2 ** -sharedTags;
}

export const ACCEPT_CURVE = 'accept(s) = 1 − (1 − base) · 2^(−s), s = interest tags the introduced people share';

export interface RoundResult {
  round: number;
  /** introductions proposed (pairs and trios) */
  proposed: number;
  accepted: number;
  met: number;
  /** ties added this round */
  newTies: number;
  orgEI: number;
  modularity: number;
  crossShare: number;
  /** missing bridges at the start that now have at least one new tie */
  missingBridgesClosed: number;
  /** people with at least one new cross-department tie */
  peopleReached: number;
  /** share of this round's introductions whose people share at least one interest tag */
  sharedInterestRate: number;
}

export interface BaselineMetrics {
  people: number;
  departments: number;
  ties: number;
  orgEI: number;
  modularity: number;
  crossShare: number;
  missingBridges: number;
}

export interface StrategyResult {
  perRound: RoundResult[];
  final: RoundResult & {
    introductions: number;
    acceptedTotal: number;
    metTotal: number;
    newTiesTotal: number;
    newCrossTies: number;
  };
}

export interface SimulationResult {
  model: SimulationModel & { acceptCurve: string };
  /** where departments came from and how complete they are; the simulation runs on the people with one */
  departments?: DepartmentData;
  baseline: BaselineMetrics;
  strategies: Partial<Record<StrategyName, StrategyResult>>;
}
