/**
 * Runs the strategies round by round on copies of the same network (model: ./model.ts) and
 * measures the silo metrics after each round. Deterministic for a seed: participants are drawn
 * per round from the seed alone (the same people for every strategy), pairings and outcomes from
 * the seed, the strategy and the round.
 */
import type { PartnerSearchHelper } from '../matching/partnerSearch';
import type { Settings } from '../settings';
import { seededRandom } from '../random';
import {
  acceptProbability,
  ACCEPT_CURVE,
  type RoundResult,
  type SimulationModel,
  type SimulationResult,
  type StrategyName,
  type StrategyResult,
} from './model';
import { TieState, type SimNetwork } from './network';
import { randomCrossStrategy, randomStrategy, weaverStrategy, type RoundContext } from './strategies';

export interface SimulationOptions extends Omit<SimulationModel, 'coolDownRounds'> {
  strategies: readonly StrategyName[];
  rounds: number;
  /** live round settings (weights, candidates per person, cool-down, cadence) */
  roundSettings: Settings['rounds'];
  /** called after each strategy's round with its introductions and the network state (progress, tests) */
  onRound?: (strategy: StrategyName, round: number, groups: number[][], state: TieState) => void;
  /** tag numbering shared by the strategies of one run (made from the network when absent) */
  sharedTags?: SharedTags;
  /** another thread for half of each large round's candidate search (the same result; faster) */
  partnerSearch?: PartnerSearchHelper;
}

const CADENCE_DAYS = { weekly: 7, biweekly: 14, monthly: 30 } as const;

/** How many rounds the live cool-down spans at the configured cadence. */
export function coolDownRounds(rounds: Settings['rounds']): number {
  return Math.ceil(rounds.coolDownDays / CADENCE_DAYS[rounds.cadence]);
}

/** Participants of a round: each person with probability `participation`, the same for every strategy. */
export function participantsOf(n: number, participation: number, seed: number, round: number): number[] {
  const rnd = seededRandom(`${seed}:participants:${round}`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (rnd() < participation) out.push(i);
  return out;
}

/**
 * Interest tags shared by at least two members of a group. The tags are numbered once per
 * simulation (each person's distinct tags), so a group costs a few array reads, not a Map and Sets.
 */
export class SharedTags {
  private readonly start: Int32Array;
  private readonly tags: Int32Array;
  private readonly held: Int32Array;
  private readonly stamp: Int32Array;
  private group = 0;

  constructor(interests: string[][]) {
    const ids = new Map<string, number>();
    const flat: number[] = [];
    this.start = new Int32Array(interests.length + 1);
    const seenIn: number[] = [];
    interests.forEach((list, p) => {
      for (const t of list) {
        let id = ids.get(t);
        if (id === undefined) {
          id = ids.size;
          ids.set(t, id);
          seenIn.push(-1);
        }
        if (seenIn[id] === p) continue;
        seenIn[id] = p;
        flat.push(id);
      }
      this.start[p + 1] = flat.length;
    });
    this.tags = Int32Array.from(flat);
    this.held = new Int32Array(ids.size);
    this.stamp = new Int32Array(ids.size).fill(-1);
  }

  /** tags held by at least two members of the group */
  of(group: readonly number[]): number {
    this.group += 1;
    let s = 0;
    for (const p of group) {
      for (let i = this.start[p]; i < this.start[p + 1]; i++) {
        const t = this.tags[i];
        if (this.stamp[t] !== this.group) {
          this.stamp[t] = this.group;
          this.held[t] = 0;
        }
        if (++this.held[t] === 2) s++;
      }
    }
    return s;
  }
}

export function simulateStrategy(
  network: SimNetwork,
  strategy: StrategyName,
  options: SimulationOptions,
): StrategyResult {
  const state = new TieState(network);
  const sharedTags = options.sharedTags ?? new SharedTags(network.interests);
  const indexOf = new Map(network.people.map((id, i) => [id, i]));
  const cool = coolDownRounds(options.roundSettings);
  const introducedIn: Array<Array<[number, number]>> = [];
  const perRound: RoundResult[] = [];
  let introductions = 0;
  let acceptedTotal = 0;
  let metTotal = 0;
  for (let r = 1; r <= options.rounds; r++) {
    const ctx: RoundContext = {
      network,
      state,
      participants: participantsOf(network.people.length, options.participation, options.seed, r),
      recentPairs: introducedIn.slice(-cool).flat(),
      rounds: options.roundSettings,
      seed: `${options.seed}:${strategy}:${r}`,
      partnerSearch: options.partnerSearch,
    };
    const groups =
      strategy === 'weaver'
        ? weaverStrategy(ctx, indexOf)
        : strategy === 'random'
          ? randomStrategy(ctx)
          : randomCrossStrategy(ctx);
    const outcome = seededRandom(`${options.seed}:${strategy}:outcomes:${r}`);
    let accepted = 0;
    let met = 0;
    let withShared = 0;
    let newTies = 0;
    const pairs: Array<[number, number]> = [];
    for (const g of groups) {
      for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pairs.push([g[i], g[j]]);
      const shared = sharedTags.of(g);
      if (shared > 0) withShared++;
      // Both draws are always made, so one introduction's outcome does not shift the next one's.
      const acceptDraw = outcome();
      const meetDraw = outcome();
      if (acceptDraw >= acceptProbability(options.accept, shared)) continue;
      accepted++;
      if (meetDraw >= options.meet) continue;
      met++;
      for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) if (state.addTie(g[i], g[j])) newTies++;
    }
    introducedIn.push(pairs);
    introductions += groups.length;
    acceptedTotal += accepted;
    metTotal += met;
    const m = state.metrics();
    perRound.push({
      round: r,
      proposed: groups.length,
      accepted,
      met,
      newTies,
      orgEI: m.orgEI,
      modularity: m.modularity,
      crossShare: m.crossShare,
      missingBridgesClosed: state.missingBridgesClosed(),
      peopleReached: state.peopleReached,
      sharedInterestRate: groups.length ? withShared / groups.length : 0,
    });
    options.onRound?.(strategy, r, groups, state);
  }
  const last = perRound[perRound.length - 1];
  return {
    perRound,
    final: {
      ...last,
      introductions,
      acceptedTotal,
      metTotal,
      newTiesTotal: state.added.length,
      newCrossTies: state.newCrossTies,
    },
  };
}

export function runSimulation(network: SimNetwork, options: SimulationOptions): SimulationResult {
  const start = new TieState(network);
  const m = start.metrics();
  const strategies: SimulationResult['strategies'] = {};
  // the same tag numbering for every strategy (it depends on the network only)
  const sharedTags = new SharedTags(network.interests);
  for (const s of options.strategies) strategies[s] = simulateStrategy(network, s, { ...options, sharedTags });
  const { strategies: _s, roundSettings: _r, onRound: _o, sharedTags: _t, partnerSearch: _p, ...model } = options;
  return {
    model: { ...model, coolDownRounds: coolDownRounds(options.roundSettings), acceptCurve: ACCEPT_CURVE },
    baseline: {
      people: network.people.length,
      departments: network.departments.length,
      ties: m.ties,
      orgEI: m.orgEI,
      modularity: m.modularity,
      crossShare: m.crossShare,
      missingBridges: start.missing.length,
    },
    strategies,
  };
}
