import { seededRandom } from '../random';
import { louvainPartition } from './louvain';
import { modularity } from './modularity';
import type { Adjacency, ChannelData, TieList } from './orgData';

export interface LouvainResult {
  /** community number of each person (isolated people get their own community) */
  communityOf: Int32Array;
  count: number;
  /** communities of two or more people (what reports call "communities") */
  groups: number;
  modularity: number;
}

/**
 * Louvain communities of the unweighted tie graph, γ = 1, with a fixed seed (see ./louvain.ts for
 * the algorithm and its reference); `modularity` is Newman's Q of the partition found. `adjacency`:
 * adjacencyOf(peopleCount, ties), when the caller has it (the same result, without building it again).
 */
export function louvainCommunities(
  peopleCount: number,
  ties: TieList,
  seed = 42,
  adjacency?: Adjacency,
): LouvainResult {
  const { communityOf, count } = louvainPartition(peopleCount, ties, seededRandom(seed), 1, adjacency);
  const sizes = new Int32Array(count);
  for (let i = 0; i < peopleCount; i++) sizes[communityOf[i]]++;
  return {
    communityOf,
    count,
    groups: sizes.filter((s) => s > 1).length,
    modularity: modularity(ties, communityOf, count),
  };
}

/** Purpose channels of each person, as sorted arrays of channel numbers (for "do these two share one?"). */
export function purposeChannelsOf(peopleCount: number, channels: ChannelData[]): Int32Array[] {
  const lists: number[][] = Array.from({ length: peopleCount }, () => []);
  channels.forEach((c, k) => {
    if (c.kind === 'purpose') for (const m of c.members) lists[m].push(k);
  });
  return lists.map((l) => Int32Array.from(l));
}

export function shareAChannel(x: Int32Array, y: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) return true;
    if (x[i] < y[j]) i++;
    else j++;
  }
  return false;
}

/**
 * An emerging community is a Louvain cluster that
 *  - has at least max(minGroupSize, 5) people,
 *  - spans at least 3 departments, each with ≥ 10 % of its members, none with more than 60 %,
 *  - and mostly lives outside purpose channels: ≥ 50 % of its internal ties join two people who
 *    share no purpose channel (`uncoveredShare`).
 * "The community already exists": it only lacks a place. Thresholds are exported for the README.
 */
export const EMERGING = {
  minSize: 5,
  minDepartments: 3,
  minDepartmentShare: 0.1,
  maxDominantShare: 0.6,
  minUncoveredShare: 0.5,
};

export interface CommunityCandidate {
  community: number;
  members: number[];
  /** members per true department number */
  departmentCounts: Map<number, number>;
  internalTies: number;
  uncoveredShare: number;
}

export function emergingCommunities(
  louvainResult: LouvainResult,
  departmentOf: Int32Array,
  ties: TieList,
  channels: ChannelData[],
  minGroupSize: number,
): CommunityCandidate[] {
  const { communityOf, count } = louvainResult;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < communityOf.length; i++) members[communityOf[i]].push(i);
  const minSize = Math.max(minGroupSize, EMERGING.minSize);
  const candidates = new Map<number, CommunityCandidate>();
  members.forEach((list, c) => {
    if (list.length < minSize) return;
    const counts = new Map<number, number>();
    for (const i of list) counts.set(departmentOf[i], (counts.get(departmentOf[i]) ?? 0) + 1);
    const significant = [...counts.values()].filter((n) => n >= EMERGING.minDepartmentShare * list.length).length;
    const dominant = Math.max(...counts.values()) / list.length;
    if (significant < EMERGING.minDepartments || dominant > EMERGING.maxDominantShare) return;
    candidates.set(c, { community: c, members: list, departmentCounts: counts, internalTies: 0, uncoveredShare: 0 });
  });
  if (candidates.size === 0) return [];
  const purposeOf = purposeChannelsOf(departmentOf.length, channels);
  const uncovered = new Map<number, number>();
  for (let t = 0; t < ties.count; t++) {
    const c = communityOf[ties.a[t]];
    if (c !== communityOf[ties.b[t]]) continue;
    const cand = candidates.get(c);
    if (!cand) continue;
    cand.internalTies++;
    if (!shareAChannel(purposeOf[ties.a[t]], purposeOf[ties.b[t]])) uncovered.set(c, (uncovered.get(c) ?? 0) + 1);
  }
  const out: CommunityCandidate[] = [];
  for (const cand of candidates.values()) {
    cand.uncoveredShare = cand.internalTies ? (uncovered.get(cand.community) ?? 0) / cand.internalTies : 0;
    if (cand.internalTies > 0 && cand.uncoveredShare >= EMERGING.minUncoveredShare) out.push(cand);
  }
  return out.sort((x, y) => y.members.length - x.members.length);
}
