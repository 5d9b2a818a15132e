import { seededRandom } from '../random';
import { louvainPartition } from './louvain';
import { modularity } from './modularity';
import { adjacencyOf, type Adjacency, type ChannelData, type TieList } from './orgData';

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
 * the algorithm and its reference), each split into its connected parts (splitDisconnected);
 * `modularity` is Newman's Q of the partition found. `adjacency`: adjacencyOf(peopleCount, ties),
 * when the caller has it (the same result, without building it again).
 */
export function louvainCommunities(
  peopleCount: number,
  ties: TieList,
  seed = 42,
  adjacency?: Adjacency,
): LouvainResult {
  const adj = adjacency ?? adjacencyOf(peopleCount, ties);
  const found = louvainPartition(peopleCount, ties, seededRandom(seed), 1, adj);
  const { communityOf, count } = splitDisconnected(adj, found.communityOf);
  const sizes = new Int32Array(count);
  for (let i = 0; i < peopleCount; i++) sizes[communityOf[i]]++;
  return {
    communityOf,
    count,
    groups: sizes.filter((s) => s > 1).length,
    modularity: modularity(ties, communityOf, count),
  };
}

/**
 * Splits every community whose members are not all connected through ties inside it into its
 * connected parts, so a "community" is never people who do not talk to each other. Louvain can
 * leave a community disconnected (Traag, Waltman & van Eck, "From Louvain to Leiden: guaranteeing
 * well-connected communities", Scientific Reports 9 (2019) 5233); Leiden's refinement prevents it,
 * splitting repairs it. Splitting never lowers modularity: no tie joins the parts, so Q gains
 * 2·d₁·d₂/(2m)² for each split. Returns the communities renumbered 0..count-1 (breadth-first).
 */
export function splitDisconnected(adj: Adjacency, communityOf: Int32Array): { communityOf: Int32Array; count: number } {
  const n = communityOf.length;
  const out = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (out[s] >= 0) continue;
    const c = communityOf[s];
    out[s] = count;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const i = queue[head++];
      for (let e = adj.start[i]; e < adj.start[i + 1]; e++) {
        const j = adj.nbr[e];
        if (out[j] < 0 && communityOf[j] === c) {
          out[j] = count;
          queue[tail++] = j;
        }
      }
    }
    count++;
  }
  return { communityOf: out, count };
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
 *  - has at least max(minGroupSize, 5) people and at least one tie inside,
 *  - has no channel of its own: no channel holds both most of its members and most of its internal
 *    ties (a tie is held by a channel both its people are in); broadcast channels and channels
 *    holding at least half of everyone (#random) are the whole workspace's, nobody's own,
 *  - and, when departments are known (`departmentOf` not null), spans at least 3 departments,
 *    each with ≥ 10 % of its members who have a department, none with more than 60 %.
 * "The community already exists": it only lacks a place. Thresholds are exported for the README.
 */
export const EMERGING = {
  minSize: 5,
  minDepartments: 3,
  minDepartmentShare: 0.1,
  maxDominantShare: 0.6,
  /** a channel holding more than this share of a community's members and of its ties is its own */
  ownChannelShare: 0.5,
  /** channels named as where a community meets */
  topChannels: 3,
  /** a channel holding at least this share of all people is the workspace's, not a community's own */
  workspaceWideShare: 0.5,
};

export interface CommunityCandidate {
  community: number;
  members: number[];
  /** members per true department number (people with a department only; empty without departments) */
  departmentCounts: Map<number, number>;
  internalTies: number;
  /** share of internal ties whose two people share no purpose channel */
  uncoveredShare: number;
  /** non-broadcast channels by the internal ties they hold, most first (channel index, members, ties) */
  topChannels: { channel: number; members: number; ties: number }[];
}

/**
 * The emerging communities of a Louvain partition (see EMERGING). `departmentOf`: each person's
 * department, -1 for none; null when the department data is not usable (then departments are not
 * required).
 */
export function emergingCommunities(
  louvainResult: LouvainResult,
  departmentOf: Int32Array | null,
  ties: TieList,
  channels: ChannelData[],
  minGroupSize: number,
): CommunityCandidate[] {
  const { communityOf, count } = louvainResult;
  const n = communityOf.length;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) members[communityOf[i]].push(i);
  const minSize = Math.max(minGroupSize, EMERGING.minSize);
  const candidates = new Map<number, CommunityCandidate>();
  members.forEach((list, c) => {
    if (list.length < minSize) return;
    const counts = new Map<number, number>();
    if (departmentOf) {
      let known = 0;
      for (const i of list) {
        const d = departmentOf[i];
        if (d < 0) continue;
        known++;
        counts.set(d, (counts.get(d) ?? 0) + 1);
      }
      if (!known) return;
      const significant = [...counts.values()].filter((k) => k >= EMERGING.minDepartmentShare * known).length;
      const dominant = Math.max(...counts.values()) / known;
      if (significant < EMERGING.minDepartments || dominant > EMERGING.maxDominantShare) return;
    }
    candidates.set(c, {
      community: c,
      members: list,
      departmentCounts: counts,
      internalTies: 0,
      uncoveredShare: 0,
      topChannels: [],
    });
  });
  if (candidates.size === 0) return [];
  const purposeOf = purposeChannelsOf(n, channels);
  // the non-broadcast channels of each candidate's members, as sorted channel numbers
  const channelsOf: number[][] = Array.from({ length: n }, () => []);
  channels.forEach((ch, k) => {
    if (ch.kind === 'broadcast' || ch.members.length >= EMERGING.workspaceWideShare * n) return;
    for (const m of ch.members) if (candidates.has(communityOf[m])) channelsOf[m].push(k);
  });
  const memberCount = new Map<number, Map<number, number>>();
  const tieCount = new Map<number, Map<number, number>>();
  for (const cand of candidates.values()) {
    const byChannel = new Map<number, number>();
    for (const i of cand.members) for (const k of channelsOf[i]) byChannel.set(k, (byChannel.get(k) ?? 0) + 1);
    memberCount.set(cand.community, byChannel);
    tieCount.set(cand.community, new Map());
  }
  const uncovered = new Map<number, number>();
  for (let t = 0; t < ties.count; t++) {
    const a = ties.a[t];
    const b = ties.b[t];
    const c = communityOf[a];
    if (c !== communityOf[b]) continue;
    const cand = candidates.get(c);
    if (!cand) continue;
    cand.internalTies++;
    if (!shareAChannel(purposeOf[a], purposeOf[b])) uncovered.set(c, (uncovered.get(c) ?? 0) + 1);
    const held = tieCount.get(c)!;
    const x = channelsOf[a];
    const y = channelsOf[b];
    for (let i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] === y[j]) {
        held.set(x[i], (held.get(x[i]) ?? 0) + 1);
        i++;
        j++;
      } else if (x[i] < y[j]) i++;
      else j++;
    }
  }
  const out: CommunityCandidate[] = [];
  for (const cand of candidates.values()) {
    if (cand.internalTies === 0) continue;
    cand.uncoveredShare = (uncovered.get(cand.community) ?? 0) / cand.internalTies;
    const inChannel = memberCount.get(cand.community)!;
    const ranked = [...tieCount.get(cand.community)!.entries()]
      .map(([channel, held]) => ({ channel, members: inChannel.get(channel) ?? 0, ties: held }))
      .sort((x, y) => y.ties - x.ties || y.members - x.members || x.channel - y.channel);
    const own = ranked.some(
      (r) =>
        r.members > EMERGING.ownChannelShare * cand.members.length &&
        r.ties > EMERGING.ownChannelShare * cand.internalTies,
    );
    if (own) continue;
    cand.topChannels = ranked.slice(0, EMERGING.topChannels);
    out.push(cand);
  }
  return out.sort((x, y) => y.members.length - x.members.length || y.internalTies - x.internalTies);
}
