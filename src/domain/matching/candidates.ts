/**
 * Candidate pairs for a round, pruned to the best k per person so the matching scales.
 *
 * A pair (a, b) is a candidate only when:
 * - they are in different departments;
 * - they are not already connected: no interaction tie in the last 90 days, and at most
 *   MAX_SHARED_CHANNELS shared channels (broadcast channels excluded by the caller);
 * - they were not introduced within the cool-down (settings.rounds.coolDownDays);
 * - their 09:00–17:00 working hours overlap by at least settings.rounds.minOverlapHours;
 * - neither has blocked the other;
 * - they have something to talk about: at least one shared tag or a teach→learn fit.
 *
 * Score (weights from settings.rounds.weights):
 *
 *     score = w_passion · shared + w_complement · complement + w_bridging · bridgingBonus
 *
 * with `shared` and `complement` from domain/passions/similarity.ts (each 0..1) and the bonus from
 * bridging.ts (0..1, higher for departments with fewer ties than chance predicts).
 *
 * Cost: an inverted index from tag to people, so only pairs with something in common are scored
 * (Σ_t df(t)² work), then a size-k min-heap per person.
 */
import { TagRarity, type PassionProfile } from '../passions/similarity';
import type { Settings } from '../settings';
import { bridgingTable, type DepartmentTies } from './bridging';
import { workingHoursOverlap } from './timing';

export const MAX_SHARED_CHANNELS = 2;

export interface RoundPerson {
  userId: string;
  department: string;
  tzOffset: number | null;
  passions: PassionProfile;
  /** non-broadcast channels the person is in (for "few shared channels") */
  channels?: readonly string[];
}

export interface RoundConstraints {
  /** pairs tied by an interaction in the last 90 days */
  tiedPairs: Iterable<readonly [string, string]>;
  /** pairs introduced within the cool-down */
  recentIntroPairs: Iterable<readonly [string, string]>;
  /** (blocker, blocked) */
  blocks: Iterable<readonly [string, string]>;
}

export interface CandidateEdge {
  u: number;
  v: number;
  w: number;
  shared: number;
  complement: number;
  bridging: number;
  missingBridge: boolean;
}

export interface CandidateGraph {
  people: RoundPerson[];
  edges: CandidateEdge[];
  rarity: TagRarity;
  /** whether any two people may be introduced (all hard rules; used for trios) */
  allowed(u: number, v: number): boolean;
  /** the score of any allowed pair, or null */
  score(u: number, v: number): CandidateEdge | null;
}

type Rounds = Settings['rounds'];

export function candidateGraph(people: RoundPerson[], constraints: RoundConstraints, ties: DepartmentTies, rounds: Rounds): CandidateGraph {
  const n = people.length;
  const index = new Map(people.map((p, i) => [p.userId, i]));
  const pairKey = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const forbidden = new Set<number>();
  for (const list of [constraints.tiedPairs, constraints.recentIntroPairs, constraints.blocks]) {
    for (const [a, b] of list) {
      const ia = index.get(a);
      const ib = index.get(b);
      if (ia !== undefined && ib !== undefined && ia !== ib) forbidden.add(pairKey(ia, ib));
    }
  }
  const channelSets = people.map((p) => new Set(p.channels ?? []));
  const rarity = new TagRarity(people.map((p) => p.passions));
  const bridge = bridgingTable(ties);
  const weights = rounds.weights;

  const cheapAllowed = (u: number, v: number) =>
    u !== v &&
    people[u].department !== people[v].department &&
    !forbidden.has(pairKey(u, v)) &&
    workingHoursOverlap(people[u].tzOffset, people[v].tzOffset) >= rounds.minOverlapHours;
  const fewSharedChannels = (u: number, v: number) => {
    const [small, large] = channelSets[u].size <= channelSets[v].size ? [channelSets[u], channelSets[v]] : [channelSets[v], channelSets[u]];
    let shared = 0;
    for (const c of small) if (large.has(c) && ++shared > MAX_SHARED_CHANNELS) return false;
    return true;
  };
  const allowed = (u: number, v: number) => cheapAllowed(u, v) && fewSharedChannels(u, v);

  // Inverted indexes: tag → people with it as a passion / teaching it / learning it.
  const byTag = new Map<string, number[]>();
  const teachers = new Map<string, number[]>();
  const learners = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, t: string, i: number) => {
    const l = m.get(t);
    if (l) l.push(i);
    else m.set(t, [i]);
  };
  people.forEach((p, i) => {
    for (const t of new Set(p.passions.tags)) push(byTag, t, i);
    for (const t of new Set(p.passions.teach)) push(teachers, t, i);
    for (const t of new Set(p.passions.learn)) push(learners, t, i);
  });
  const norms = people.map((p) => Math.sqrt(rarity.squaredNorm(p.passions.tags)));
  const maxW = rarity.maxWeight();

  const makeEdge = (u: number, v: number, dot: number, uTeachesV: number, vTeachesU: number): CandidateEdge => {
    const shared = dot > 0 && norms[u] > 0 && norms[v] > 0 ? Math.min(1, dot / (norms[u] * norms[v])) : 0;
    const complement = 0.5 * Math.min(1, uTeachesV / maxW) + 0.5 * Math.min(1, vTeachesU / maxW);
    const b = bridge(people[u].department, people[v].department);
    const w = weights.passion * shared + weights.complement * complement + weights.bridging * b.bonus;
    return { u: Math.min(u, v), v: Math.max(u, v), w, shared, complement, bridging: b.bonus, missingBridge: b.missingBridge };
  };

  const score = (u: number, v: number): CandidateEdge | null => {
    if (!allowed(u, v)) return null;
    const a = people[u].passions;
    const b = people[v].passions;
    const tagsB = new Set(b.tags);
    let dot = 0;
    for (const t of new Set(a.tags)) if (tagsB.has(t)) dot += rarity.weight(t) ** 2;
    const sum = (teach: readonly string[], learn: readonly string[]) => {
      const l = new Set(learn);
      let s = 0;
      for (const t of new Set(teach)) if (l.has(t)) s += rarity.weight(t);
      return s;
    };
    const uv = sum(a.teach, b.learn);
    const vu = sum(b.teach, a.learn);
    if (dot <= 0 && uv <= 0 && vu <= 0) return null;
    return makeEdge(u, v, dot, uv, vu);
  };

  const k = rounds.candidatesPerPerson;
  const dot = new Float64Array(n);
  const uTeaches = new Float64Array(n);
  const vTeaches = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const chosen = new Map<number, CandidateEdge>();
  for (let u = 0; u < n; u += 1) {
    const touched: number[] = [];
    const touch = (v: number) => {
      if (stamp[v] !== u) {
        stamp[v] = u;
        dot[v] = 0;
        uTeaches[v] = 0;
        vTeaches[v] = 0;
        touched.push(v);
      }
    };
    const p = people[u].passions;
    for (const t of new Set(p.tags)) {
      const w2 = rarity.weight(t) ** 2;
      for (const v of byTag.get(t)!) {
        touch(v);
        dot[v] += w2;
      }
    }
    for (const t of new Set(p.teach)) {
      const w = rarity.weight(t);
      for (const v of learners.get(t) ?? []) {
        touch(v);
        uTeaches[v] += w;
      }
    }
    for (const t of new Set(p.learn)) {
      const w = rarity.weight(t);
      for (const v of teachers.get(t) ?? []) {
        touch(v);
        vTeaches[v] += w;
      }
    }
    // Size-k min-heap on weight (ties: lower index first, so results do not depend on touch order).
    const heap: CandidateEdge[] = [];
    const other = (e: CandidateEdge) => (e.u === u ? e.v : e.u);
    const less = (a: CandidateEdge, b: CandidateEdge) => a.w < b.w || (a.w === b.w && other(a) > other(b));
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    };
    const siftUp = (i: number) => {
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i], heap[parent])) return;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    };
    for (const v of touched) {
      if (!cheapAllowed(u, v)) continue;
      if (dot[v] <= 0 && uTeaches[v] <= 0 && vTeaches[v] <= 0) continue;
      const e = makeEdge(u, v, dot[v], uTeaches[v], vTeaches[v]);
      if (heap.length >= k && !less(heap[0], e)) continue;
      if (!fewSharedChannels(u, v)) continue;
      if (heap.length < k) {
        heap.push(e);
        siftUp(heap.length - 1);
      } else {
        heap[0] = e;
        siftDown(0);
      }
    }
    for (const e of heap) chosen.set(pairKey(e.u, e.v), e);
  }
  const edges = [...chosen.values()].sort((a, b) => a.u - b.u || a.v - b.v);
  return { people, edges, rarity, allowed, score };
}
