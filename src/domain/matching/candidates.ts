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
 * (Σ_t df(t)² work), then a size-k min-heap per person. The few tags more than 10 % of a large
 * workspace share ("coffee") dominate Σ df² while adding little weight: they do not generate
 * candidates (except for people with too few others), but still count fully in every score.
 */
import { TagRarity, type PassionProfile } from '../passions/similarity';
import type { Settings } from '../settings';
import { bridgingTable, type DepartmentTies } from './bridging';
import { WORK_END_HOUR, WORK_START_HOUR, workingHoursOverlap } from './timing';

const WORK_HOURS = WORK_END_HOUR - WORK_START_HOUR;

export const MAX_SHARED_CHANNELS = 2;
/** A tag is "common" when more than this share of people (and at least COMMON_TAG_MIN_PEOPLE) hold it. */
export const COMMON_TAG_SHARE = 0.1;
export const COMMON_TAG_MIN_PEOPLE = 200;
/** People with fewer than this many × k partners through rarer tags also search through common ones. */
const FALLBACK_FACTOR = 4;

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
  // The (at most 30) most common tags, when held by many people: walking their posting lists is
  // most of the work (Σ df²) and finds weak pairs, so they are scored through a bit mask instead.
  const commonThreshold = Math.max(COMMON_TAG_MIN_PEOPLE, COMMON_TAG_SHARE * n);
  const common = [...byTag.entries()].filter(([, l]) => l.length > commonThreshold).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, 30);
  const commonBit = new Map(common.map(([t], i) => [t, i]));
  const commonW2 = Float64Array.from(common, ([t]) => rarity.weight(t) ** 2);
  const commonMask = new Int32Array(n);
  for (const [t, i] of commonBit) for (const v of byTag.get(t)!) commonMask[v] |= 1 << i;
  // Numeric per-person data for the hot loop: department index, bridging bonus per department pair.
  const deptNames = [...new Set(people.map((p) => p.department))];
  const deptIndex = new Map(deptNames.map((d, i) => [d, i]));
  const dept = Int32Array.from(people, (p) => deptIndex.get(p.department)!);
  const D = deptNames.length;
  const bonus = new Float64Array(D * D);
  for (let a = 0; a < D; a += 1) for (let b = 0; b < D; b += 1) if (a !== b) bonus[a * D + b] = bridge(deptNames[a], deptNames[b]).bonus;
  const tz = Float64Array.from(people, (p) => p.tzOffset ?? 0);
  const minOverlap = rounds.minOverlapHours;
  const dot = new Float64Array(n);
  const uTeaches = new Float64Array(n);
  const vTeaches = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const chosen = new Map<number, CandidateEdge>();
  const touched = new Int32Array(n);
  for (let u = 0; u < n; u += 1) {
    let nTouched = 0;
    const touch = (v: number) => {
      if (stamp[v] !== u) {
        stamp[v] = u;
        dot[v] = 0;
        uTeaches[v] = 0;
        vTeaches[v] = 0;
        touched[nTouched++] = v;
      }
    };
    const p = people[u].passions;
    for (const t of new Set(p.tags)) {
      if (commonBit.has(t)) continue;
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
    // Common tags find partners only for people who have too few through rarer ones...
    if (nTouched < FALLBACK_FACTOR * k) {
      for (const t of new Set(p.tags)) if (commonBit.has(t)) for (const v of byTag.get(t)!) touch(v);
    }
    // ...but always count in the score of the pairs found.
    const mu = commonMask[u];
    if (mu) {
      for (let ti = 0; ti < nTouched; ti += 1) {
        const v = touched[ti];
        let both = mu & commonMask[v];
        while (both) {
          const bit = 31 - Math.clz32(both);
          dot[v] += commonW2[bit];
          both &= ~(1 << bit);
        }
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
    const du = dept[u];
    const nu = norms[u];
    for (let ti = 0; ti < nTouched; ti += 1) {
      const v = touched[ti];
      if (v === u || dept[v] === du) continue;
      const d = Math.abs(tz[u] - tz[v]) / 3600;
      const circular = Math.min(d % 24, 24 - (d % 24));
      if (WORK_HOURS - circular < minOverlap) continue;
      const dv = dot[v];
      const ab = uTeaches[v];
      const ba = vTeaches[v];
      if (dv <= 0 && ab <= 0 && ba <= 0) continue;
      const shared = dv > 0 && nu > 0 && norms[v] > 0 ? Math.min(1, dv / (nu * norms[v])) : 0;
      const complement = 0.5 * Math.min(1, ab / maxW) + 0.5 * Math.min(1, ba / maxW);
      const w = weights.passion * shared + weights.complement * complement + weights.bridging * bonus[du * D + dept[v]];
      if (heap.length >= k && (w < heap[0].w || (w === heap[0].w && v > other(heap[0])))) continue;
      if (forbidden.has(pairKey(u, v)) || !fewSharedChannels(u, v)) continue;
      const e = makeEdge(u, v, dv, ab, ba);
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
