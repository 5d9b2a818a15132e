/**
 * The three ways of pairing a round's participants that the simulation compares.
 *
 * - `weaver`: the live round code itself (proposeIntroductions: candidate generation with the hard
 *   rules, scoring, maximum-weight matching, trios), given the simulated network as its input.
 * - `random`: participants shuffled and paired in order; an odd one out joins the last pair (what
 *   Donut does by default).
 * - `random-cross`: participants shuffled; each is paired with a waiting person from another
 *   department when there is one, else waits. Whoever is still waiting at the end (all from one
 *   department) is not introduced (Donut's "different groups" rule).
 */
import { proposeIntroductions, type RoundInput } from '../matching/proposeIntroductions';
import type { RoundPerson } from '../matching/candidates';
import type { PartnerSearchHelper } from '../matching/partnerSearch';
import { seededShuffle } from '../random';
import type { Settings } from '../settings';
import type { SimNetwork, TieState } from './network';

export interface RoundContext {
  network: SimNetwork;
  state: TieState;
  /** person numbers taking part this round, ascending */
  participants: number[];
  /** pairs (person numbers) introduced within the cool-down */
  recentPairs: Array<[number, number]>;
  rounds: Settings['rounds'];
  /** seed for this strategy and round */
  seed: string;
  /** another thread for half of the candidate search (the same result) */
  partnerSearch?: PartnerSearchHelper;
}

/** The input the live round code gets for this simulated round (also used by the divergence test). */
/**
 * Above this many participants a simulated round uses the large-graph solver (98.2–98.7 % of the
 * optimum) where a live round is solved exactly (up to EXACT_MAX_PEOPLE): 12 rounds of three
 * strategies on a 30,000-person network stay near a minute instead of 105 s, and a small shortfall
 * only understates Weaver next to random pairing.
 */
export const SIMULATION_EXACT_MAX_PEOPLE = 10_000;

export function weaverRoundInput(ctx: RoundContext): RoundInput {
  const { network, state } = ctx;
  const ids = network.people;
  const people: RoundPerson[] = ctx.participants.map((i) => ({
    userId: ids[i],
    department: network.departments[network.departmentOf[i]],
    tzOffset: null,
    passions: { userId: ids[i], tags: network.interests[i], teach: [], learn: [] },
    channels: network.channels?.[i] ?? [],
  }));
  const inRound = new Uint8Array(ids.length);
  for (const i of ctx.participants) inRound[i] = 1;
  // Only ties among participants can matter; the others would be dropped by candidateGraph anyway.
  const tiedPairs: Array<[string, string]> = [];
  for (const [a, b] of state.pairs()) if (inRound[a] && inRound[b]) tiedPairs.push([ids[a], ids[b]]);
  return {
    people,
    constraints: {
      tiedPairs,
      recentIntroPairs: ctx.recentPairs.map(([a, b]) => [ids[a], ids[b]] as [string, string]),
      blocks: [],
    },
    ties: state.departmentTies(),
    rounds: ctx.rounds,
    seed: ctx.seed,
    partnerSearch: ctx.partnerSearch,
    exactMaxPeople: SIMULATION_EXACT_MAX_PEOPLE,
  };
}

export function weaverStrategy(ctx: RoundContext, indexOf: Map<string, number>): number[][] {
  const proposal = proposeIntroductions(weaverRoundInput(ctx));
  return proposal.introductions.map((intro) => intro.members.map((id) => indexOf.get(id)!));
}

export function randomStrategy(ctx: RoundContext): number[][] {
  const order = seededShuffle(ctx.participants, ctx.seed);
  const groups: number[][] = [];
  for (let i = 0; i + 1 < order.length; i += 2) groups.push([order[i], order[i + 1]]);
  if (order.length % 2 === 1 && groups.length) groups[groups.length - 1].push(order[order.length - 1]);
  return groups;
}

export function randomCrossStrategy(ctx: RoundContext): number[][] {
  const order = seededShuffle(ctx.participants, ctx.seed);
  const dept = ctx.network.departmentOf;
  const groups: number[][] = [];
  // Invariant: everyone waiting is in the same department (anyone else would have been paired).
  const waiting: number[] = [];
  for (const p of order) {
    if (waiting.length && dept[waiting[0]] !== dept[p]) groups.push([waiting.pop()!, p]);
    else waiting.push(p);
  }
  return groups;
}
