/**
 * Maximum-weight matching on the candidate graph.
 *
 * - `exactMatching`: Edmonds' blossom algorithm (blossom.ts: mwmatching's primal-dual method with
 *   alternating trees kept across augmentations, lazy duals and heaps of slacks). It is given
 *   integer weights (scaled by WEIGHT_SCALE) because the algorithm compares dual slacks with
 *   `<= 0`, which floating-point noise can break; tests check it against brute force on small
 *   random graphs and against `edmonds-blossom-fixed` on larger ones. From NEAR_EXACT_MIN_PEOPLE it
 *   stops once its duals prove the matching within NEAR_EXACT_GAP of the maximum, and local moves
 *   (step 2 below) then pair whom they can of the people left free ('near-exact').
 * - `greedyMatching`: for graphs above EXACT_MAX_PEOPLE, where O(n³) takes too long. Three steps:
 *   1. the Global Paths Algorithm (edges by descending weight into paths and even cycles, each
 *      solved exactly by dynamic programming; a ½-approximation that is usually within a few %);
 *   2. local improvement until no move helps: a move adds one edge u–v, drops the edges u and v
 *      were in, and re-matches their two freed partners to each other or to their best free
 *      neighbours (2-opt swaps of two pairs, augmenting paths of length ≤ 3);
 *   3. exact windows: the blossom algorithm on overlapping neighbourhoods of WINDOW people,
 *      keeping everyone outside fixed (see improveByExactWindows).
 *   bench/round.ts measures the result against the exact optimum (≈ 98.3–98.6 % on 2,000-person
 *   rounds, ≈ 98.0–98.3 % on 5,000–10,000, 98.65 % on 50,000; figures in bench/README.md).
 *
 * Ties between equal weights are broken by edge order, so the caller decides determinism.
 */
import { seededShuffle } from '../random';
import { blossomMatching } from './blossom';

export interface WeightedEdge {
  u: number;
  v: number;
  w: number;
}

export interface Matching {
  /** mate[i] is i's partner, or -1 */
  mate: Int32Array;
  total: number;
  method: MatchingMethod;
}

/**
 * exact: a maximum-weight matching; near-exact: the blossom algorithm stopped once its duals proved
 * the matching within NEAR_EXACT_GAP of the maximum, then local moves matched whom they could of
 * the people left free; greedy+local: the large-graph heuristic.
 */
export type MatchingMethod = 'exact' | 'near-exact' | 'greedy+local';

/**
 * Above this many people with candidate edges the greedy + local improvement solver is used. The
 * exact solver is as fast as it up to about 5,000 people; on the 50,000-person bench round it takes
 * about 1.75 × the large-graph solver's time (7.4 against 4.2 s of CPU) for a total 1.4 % higher
 * (bench/round.ts, bench/README.md), and its memory stays far below the round's (≈ 260 MB).
 */
export const EXACT_MAX_PEOPLE = 50_000;
export const WEIGHT_SCALE = 1_000_000;
/**
 * From this many people with candidate edges, the blossom algorithm stops once it has proved its
 * matching within NEAR_EXACT_GAP of the maximum. Its last augmentations are its slowest: on the
 * 50,000-person bench the last 100 of 25,000 took 1.5 of 5.4 s; stopping at a proved 0.1 % took
 * 3.7 s for a total 0.09 % below the maximum, and local moves then matched most of the ~100 people
 * left free. Below it the matching is exact (10,000 people take about a second).
 */
export const NEAR_EXACT_MIN_PEOPLE = 20_000;
export const NEAR_EXACT_GAP = 0.001;

/** One edge per pair (the heaviest), positive weights, no loops. */
function simpleEdges(n: number, edges: readonly WeightedEdge[]): WeightedEdge[] {
  // Pairs in strictly increasing order (as candidateGraph gives them) cannot repeat: keep the order.
  let sortedUnique = true;
  for (let i = 0, pa = -1, pb = -1; i < edges.length && sortedUnique; i += 1) {
    const { u, v } = edges[i];
    const a = Math.min(u, v);
    const b = Math.max(u, v);
    if (a < pa || (a === pa && b <= pb)) sortedUnique = false;
    pa = a;
    pb = b;
  }
  if (sortedUnique) return edges.filter((e) => e.w > 0 && e.u !== e.v);
  const best = new Map<number, WeightedEdge>();
  for (const e of edges) {
    if (!(e.w > 0) || e.u === e.v) continue;
    const k = e.u < e.v ? e.u * n + e.v : e.v * n + e.u;
    const seen = best.get(k);
    if (!seen || seen.w < e.w) best.set(k, e);
  }
  return [...best.values()];
}

function totalOf(mate: Int32Array, edges: readonly WeightedEdge[]): number {
  let total = 0;
  for (const e of edges) if (mate[e.u] === e.v) total += e.w;
  return total;
}

export function exactMatching(n: number, edges: readonly WeightedEdge[], gapTolerance = 0): Matching {
  const usable = simpleEdges(n, edges);
  const m = usable.length;
  const eu = new Int32Array(m);
  const ev = new Int32Array(m);
  const ew = new Float64Array(m);
  for (let k = 0; k < m; k += 1) {
    eu[k] = usable[k].u;
    ev[k] = usable[k].v;
    ew[k] = usable[k].w;
  }
  const mate = new Int32Array(n).fill(-1);
  scaledBlossom(n, eu, ev, ew, m, mate, gapTolerance);
  if (gapTolerance <= 0) return { mate, total: totalOf(mate, usable), method: 'exact' };
  // stopped early, maybe: the people left free who have partners to offer are given local moves
  const adj = adjacency(n, usable);
  const free: number[] = [];
  for (let x = 0; x < n; x += 1) if (mate[x] === -1 && adj.start[x + 1] > adj.start[x]) free.push(x);
  if (free.length === 0) return { mate, total: totalOf(mate, usable), method: 'exact' };
  // a few hundred moves look up a pair's weight: along a row (about 2 × k entries), not a hash of all edges
  const weight = { get: (a: number, b: number) => weightInRow(adj, a, b) };
  const mw = new Float64Array(n);
  for (let x = 0; x < n; x += 1) if (mate[x] >= 0) mw[x] = weightInRow(adj, x, mate[x]) ?? 0;
  improveLocally(adj, weight, mate, mw, free, 20 * free.length);
  return { mate, total: totalOf(mate, usable), method: 'near-exact' };
}

/**
 * The blossom algorithm on weights scaled to integers up to WEIGHT_SCALE (at least 1); the result
 * goes into `mate` (filled with -1 by the caller).
 */
function scaledBlossom(
  n: number,
  eu: Int32Array,
  ev: Int32Array,
  ew: Float64Array,
  m: number,
  mate: Int32Array,
  gapTolerance = 0,
) {
  if (m === 0) return;
  let maxW = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < m; k += 1) if (ew[k] > maxW) maxW = ew[k];
  const scale = WEIGHT_SCALE / maxW;
  const scaled = new Float64Array(m);
  for (let k = 0; k < m; k += 1) scaled[k] = Math.max(1, Math.round(ew[k] * scale));
  const result = blossomMatching(eu, ev, scaled, m, gapTolerance);
  for (let i = 0; i < result.length && i < n; i += 1) if (result[i] >= 0) mate[i] = result[i];
}

const EPS = 1e-12;

export function greedyMatching(
  n: number,
  edges: readonly WeightedEdge[],
  opts: { maxPasses?: number; window?: number; sweeps?: number } = {},
): Matching {
  const maxPasses = opts.maxPasses ?? 20;
  const usable = simpleEdges(n, edges);
  const adj = adjacency(n, usable);
  const weight = new PairWeights(usable);
  const mate = new Int32Array(n).fill(-1);
  const mw = new Float64Array(n);
  for (const [a, b, wab] of globalPathsMatching(n, usable)) {
    mate[a] = b;
    mate[b] = a;
    mw[a] = wab;
    mw[b] = wab;
  }
  const everyone: number[] = [];
  for (let u = 0; u < n; u += 1) everyone.push(u);
  improveLocally(adj, weight, mate, mw, everyone, maxPasses * n);
  improveByExactWindows(n, adj, mate, mw, opts.window ?? WINDOW, opts.sweeps ?? SWEEPS);
  return { mate, total: totalOf(mate, usable), method: 'greedy+local' };
}

/**
 * Local improvement until no move helps (or maxMoves): a move adds one edge u–v, drops the edges u
 * and v were in, and re-matches their two freed partners to each other or to their best free
 * neighbours (2-opt swaps of two pairs, augmenting paths of length ≤ 3). Starts from `seeds`; after a
 * move, the people whose options changed are looked at again. `mw[x]` is the weight of x's pair.
 */
function improveLocally(
  adj: Adjacency,
  weight: { get(u: number, v: number): number | undefined },
  mate: Int32Array,
  mw: Float64Array,
  seeds: readonly number[],
  maxMoves: number,
): void {
  const { start, to, wt } = adj;
  /** best free neighbour of x other than the excluded ones (its weight in freeW), or -1 */
  let freeW = 0;
  const bestFree = (x: number, ex1: number, ex2: number, ex3: number): number => {
    for (let i = start[x]; i < start[x + 1]; i += 1) {
      const y = to[i];
      if (mate[y] < 0 && y !== ex1 && y !== ex2 && y !== ex3) {
        freeW = wt[i];
        return y;
      }
    }
    freeW = 0;
    return -1;
  };
  const unmatch = (x: number) => {
    mate[x] = -1;
    mw[x] = 0;
  };
  const match = (a: number, b: number, wab: number) => {
    mate[a] = b;
    mate[b] = a;
    mw[a] = wab;
    mw[b] = wab;
  };
  // Work queue instead of full passes: after a move, only the people whose options changed (those
  // re-matched and their neighbours) are looked at again.
  const n = mate.length;
  const maxAdj = new Float64Array(n);
  for (let x = 0; x < n; x += 1) maxAdj[x] = start[x + 1] > start[x] ? wt[start[x]] : 0;
  const queue: number[] = [];
  const queued = new Uint8Array(n);
  const enqueue = (x: number) => {
    if (x >= 0 && !queued[x]) {
      queued[x] = 1;
      queue.push(x);
    }
  };
  const enqueueAround = (x: number) => {
    if (x < 0) return;
    enqueue(x);
    for (let i = start[x]; i < start[x + 1]; i += 1) enqueue(to[i]);
  };
  for (const u of seeds) enqueue(u);
  let moves = 0;
  for (let head = 0; head < queue.length && moves < maxMoves; head += 1) {
    const u = queue[head];
    queued[u] = 0;
    for (let i = start[u]; i < start[u + 1]; i += 1) {
      const v = to[i];
      const wuv = wt[i];
      if (mate[u] === v) continue;
      const a = mate[u];
      const b = mate[v];
      const base = wuv - mw[u] - mw[v];
      // upper bound on the gain of any move adding u–v
      if (base + (a >= 0 ? maxAdj[a] : 0) + (b >= 0 ? maxAdj[b] : 0) <= EPS) continue;
      // Freed partners a (of u) and b (of v): re-match them to each other or to free neighbours.
      // A plan is at most two new pairs x1–y1, x2–y2 (x < 0: none).
      let bestGain = base;
      let px1 = -1,
        py1 = -1,
        pw1 = 0,
        px2 = -1,
        py2 = -1,
        pw2 = 0;
      if (a >= 0 && b >= 0) {
        const wab = weight.get(a, b);
        if (wab !== undefined && base + wab > bestGain) {
          bestGain = base + wab;
          px1 = a;
          py1 = b;
          pw1 = wab;
        }
      }
      // Each freed partner takes its best free neighbour (u and v are about to be taken).
      let gainFree = base;
      let fx1 = -1,
        fy1 = -1,
        fw1 = 0,
        fx2 = -1,
        fy2 = -1,
        fw2 = 0;
      let taken = -1;
      if (a >= 0) {
        const y = bestFree(a, u, v, taken);
        if (y >= 0) {
          gainFree += freeW;
          fx1 = a;
          fy1 = y;
          fw1 = freeW;
          taken = y;
        }
      }
      if (b >= 0) {
        const y = bestFree(b, u, v, taken);
        if (y >= 0) {
          gainFree += freeW;
          if (fx1 < 0) {
            fx1 = b;
            fy1 = y;
            fw1 = freeW;
          } else {
            fx2 = b;
            fy2 = y;
            fw2 = freeW;
          }
        }
      }
      if (gainFree > bestGain) {
        bestGain = gainFree;
        px1 = fx1;
        py1 = fy1;
        pw1 = fw1;
        px2 = fx2;
        py2 = fy2;
        pw2 = fw2;
      }
      if (bestGain <= EPS) continue;
      if (a >= 0) unmatch(a);
      if (b >= 0) unmatch(b);
      match(u, v, wuv);
      if (px1 >= 0) match(px1, py1, pw1);
      if (px2 >= 0) match(px2, py2, pw2);
      moves += 1;
      enqueueAround(u);
      enqueueAround(v);
      enqueueAround(a);
      enqueueAround(b);
      if (px1 >= 0) enqueueAround(py1);
      if (px2 >= 0) enqueueAround(py2);
      break;
    }
  }
}

/**
 * Everyone's neighbours in compressed rows (row x: to/wt[start[x] .. start[x + 1])), heaviest
 * first; equal weights keep the order of the edge list (a stable sort).
 */
interface Adjacency {
  start: Int32Array;
  to: Int32Array;
  wt: Float64Array;
}

function adjacency(n: number, edges: readonly WeightedEdge[]): Adjacency {
  const start = new Int32Array(n + 1);
  for (const e of edges) {
    start[e.u + 1] += 1;
    start[e.v + 1] += 1;
  }
  for (let x = 0; x < n; x += 1) start[x + 1] += start[x];
  const fill = start.slice(0, n);
  const to = new Int32Array(start[n]);
  const wt = new Float64Array(start[n]);
  for (const e of edges) {
    to[fill[e.u]] = e.v;
    wt[fill[e.u]++] = e.w;
    to[fill[e.v]] = e.u;
    wt[fill[e.v]++] = e.w;
  }
  // stable insertion sort per row (rows are short; long ones are rare)
  for (let x = 0; x < n; x += 1) {
    const lo = start[x];
    const hi = start[x + 1];
    for (let i = lo + 1; i < hi; i += 1) {
      const y = to[i];
      const w = wt[i];
      let j = i - 1;
      while (j >= lo && wt[j] < w) {
        to[j + 1] = to[j];
        wt[j + 1] = wt[j];
        j -= 1;
      }
      to[j + 1] = y;
      wt[j + 1] = w;
    }
  }
  return { start, to, wt };
}

/** the weight of edge a–b from a's row, or undefined */
function weightInRow(adj: Adjacency, a: number, b: number): number | undefined {
  for (let i = adj.start[a]; i < adj.start[a + 1]; i += 1) if (adj.to[i] === b) return adj.wt[i];
  return undefined;
}

/** The weight of each edge by its pair: open addressing on typed arrays (no Map of 10⁵ numbers). */
class PairWeights {
  private readonly keyA: Int32Array;
  private readonly keyB: Int32Array;
  private readonly w: Float64Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(edges: readonly WeightedEdge[]) {
    let size = 16;
    let bits = 4;
    while (size < 2 * edges.length) {
      size *= 2;
      bits += 1;
    }
    this.mask = size - 1;
    this.shift = 32 - bits;
    this.keyA = new Int32Array(size).fill(-1);
    this.keyB = new Int32Array(size);
    this.w = new Float64Array(size);
    for (const e of edges) {
      const a = Math.min(e.u, e.v);
      const b = Math.max(e.u, e.v);
      let h = this.slot(a, b);
      while (this.keyA[h] >= 0 && !(this.keyA[h] === a && this.keyB[h] === b)) h = (h + 1) & this.mask;
      this.keyA[h] = a;
      this.keyB[h] = b;
      this.w[h] = e.w;
    }
  }

  /** the high bits of a multiplicative hash (its low bits would follow the ids' low bits only) */
  private slot(a: number, b: number): number {
    return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  get(u: number, v: number): number | undefined {
    const a = Math.min(u, v);
    const b = Math.max(u, v);
    for (let h = this.slot(a, b); this.keyA[h] >= 0; h = (h + 1) & this.mask) {
      if (this.keyA[h] === a && this.keyB[h] === b) return this.w[h];
    }
    return undefined;
  }
}

/**
 * The Global Paths Algorithm (Maue & Sanders, "Engineering algorithms for approximate weighted
 * matching", WEA 2007): take edges by descending weight into a set of paths and even cycles (every
 * person at most two edges, no odd cycle), then pick the best matching of each path or cycle exactly
 * by dynamic programming. Usually much closer to the optimum than plain greedy, in O(m log m).
 */
function globalPathsMatching(n: number, edges: readonly WeightedEdge[]): Array<[number, number, number]> {
  const order = byWeightDescending(edges);
  const deg = new Uint8Array(n);
  const nb = new Int32Array(2 * n).fill(-1);
  const nbw = new Float64Array(2 * n);
  const end = Int32Array.from({ length: n }, (_, i) => i); // other end of the path, for path ends
  const len = new Int32Array(n); // edges in the path, for path ends
  const link = (a: number, b: number, w: number) => {
    nb[2 * a + deg[a]] = b;
    nbw[2 * a + deg[a]] = w;
    deg[a] += 1;
    nb[2 * b + deg[b]] = a;
    nbw[2 * b + deg[b]] = w;
    deg[b] += 1;
  };
  for (const i of order) {
    const { u, v, w } = edges[i];
    if (deg[u] >= 2 || deg[v] >= 2) continue;
    if (end[u] === v) {
      if (len[u] % 2 === 1) link(u, v, w); // closes an even cycle
      continue;
    }
    const a = end[u];
    const b = end[v];
    const l = len[u] + len[v] + 1;
    link(u, v, w);
    end[a] = b;
    end[b] = a;
    len[a] = l;
    len[b] = l;
  }
  const out: Array<[number, number, number]> = [];
  const seen = new Uint8Array(n);
  /** best matching of a path given as nodes p[0..k] with edge weights ws[i] = w(p[i], p[i+1]) */
  const solvePath = (ws: number[]): { total: number; pick: number[] } => {
    const m = ws.length;
    const dp = new Float64Array(m + 1);
    for (let i = 1; i <= m; i += 1) dp[i] = Math.max(dp[i - 1], (i >= 2 ? dp[i - 2] : 0) + ws[i - 1]);
    const pick: number[] = [];
    for (let i = m; i >= 1; ) {
      if (dp[i] === dp[i - 1]) i -= 1;
      else {
        pick.push(i - 1);
        i -= 2;
      }
    }
    return { total: dp[m], pick };
  };
  const walk = (start: number): { nodes: number[]; ws: number[]; cycleW: number | null } => {
    const nodes = [start];
    const ws: number[] = [];
    seen[start] = 1;
    let prev = -1;
    let cur = start;
    for (;;) {
      let next = -1;
      let wNext = 0;
      for (let j = 0; j < deg[cur]; j += 1) {
        const y = nb[2 * cur + j];
        if (y !== prev && !seen[y]) {
          next = y;
          wNext = nbw[2 * cur + j];
          break;
        }
      }
      if (next < 0) break;
      ws.push(wNext);
      nodes.push(next);
      seen[next] = 1;
      prev = cur;
      cur = next;
    }
    let cycleW: number | null = null;
    if (nodes.length > 2 && deg[cur] === 2) {
      for (let j = 0; j < 2; j += 1) if (nb[2 * cur + j] === start) cycleW = nbw[2 * cur + j];
    }
    return { nodes, ws, cycleW };
  };
  const emit = (nodes: number[], ws: number[], pick: number[]) => {
    for (const i of pick) out.push([nodes[i], nodes[(i + 1) % nodes.length], ws[i]]);
  };
  for (let x = 0; x < n; x += 1) {
    if (seen[x] || deg[x] !== 1) continue;
    const { nodes, ws } = walk(x);
    emit(nodes, ws, solvePath(ws).pick);
  }
  for (let x = 0; x < n; x += 1) {
    if (seen[x] || deg[x] !== 2) continue;
    const { nodes, ws, cycleW } = walk(x);
    if (cycleW === null) {
      emit(nodes, ws, solvePath(ws).pick);
      continue;
    }
    // an even cycle: drop the closing edge, or drop the first edge and keep the closing one
    const all = [...ws, cycleW];
    const withoutClosing = solvePath(ws);
    const rotated = solvePath(all.slice(1));
    if (rotated.total > withoutClosing.total)
      emit(
        nodes,
        all,
        rotated.pick.map((i) => i + 1),
      );
    else emit(nodes, all, withoutClosing.pick);
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Edge numbers by descending weight, equal weights by ascending number (what sorting with
 * `w[b] - w[a] || a - b` gives), by a stable radix sort on the weights' bits: for positive
 * doubles the bit patterns, read as unsigned integers, are in the same order as the numbers.
 */
function byWeightDescending(edges: readonly WeightedEdge[]): Int32Array {
  const m = edges.length;
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i += 1) weights[i] = edges[i].w;
  const words = new Uint32Array(weights.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  let order = new Int32Array(m);
  for (let i = 0; i < m; i += 1) order[i] = i;
  let next = new Int32Array(m);
  const count = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass += 1) {
    const word = pass < 2 ? lo : 1 - lo;
    const shift = (pass % 2) * 16;
    count.fill(0);
    // complemented digits: ascending order of the complement is descending order of the weight
    for (let i = 0; i < m; i += 1) count[((~words[2 * order[i] + word] >>> shift) & 0xffff) + 1] += 1;
    for (let d = 0; d < 65536; d += 1) count[d + 1] += count[d];
    for (let i = 0; i < m; i += 1) next[count[(~words[2 * order[i] + word] >>> shift) & 0xffff]++] = order[i];
    const t = order;
    order = next;
    next = t;
  }
  return order;
}

/** People per window of the large-neighbourhood step (blossom on a sparse 600-person graph: ~0.1 s). */
export const WINDOW = 600;
export const SWEEPS = 1;
/** At most this many windows' worth of people per sweep (windows overlap; later ones add little). */
export const WINDOW_COVERAGE = 3;

/**
 * Large-neighbourhood improvement: grow a window of about WINDOW people by breadth-first search
 * from a seed, close it under the current matching (a person's partner comes along), and replace
 * the matching inside it by the exact optimum of its induced subgraph (blossom). People outside
 * keep their partners, so the total never decreases. Every person seeds or joins at least one
 * window per sweep; each sweep takes the seeds in a different (seeded) order so window borders move.
 */
function improveByExactWindows(
  n: number,
  adj: Adjacency,
  mate: Int32Array,
  mw: Float64Array,
  window: number,
  sweeps: number,
): void {
  const { start, to, wt } = adj;
  const inWindow = new Int32Array(n).fill(-1);
  const local = new Int32Array(n);
  let stampId = 0;
  const maxWindows = Math.ceil((WINDOW_COVERAGE * n) / window);
  const nodes: number[] = [];
  const queue: number[] = [];
  // the window's edges, in the order the blossom algorithm takes them (it breaks ties by it)
  let cap = 1024;
  let su: Int32Array = new Int32Array(cap);
  let sv: Int32Array = new Int32Array(cap);
  let sw: Float64Array = new Float64Array(cap);
  let best = new Int32Array(window + 2);
  for (let sweep = 0; sweep < sweeps; sweep += 1) {
    let windows = 0;
    const covered = new Uint8Array(n);
    // a different order of seeds each sweep, so window borders move
    const seeds =
      sweep === 0
        ? Array.from({ length: n }, (_, i) => i)
        : seededShuffle(
            Array.from({ length: n }, (_, i) => i),
            `windows-${sweep}`,
          );
    for (const seed of seeds) {
      if (covered[seed] || start[seed + 1] === start[seed]) continue;
      if (++windows > maxWindows) break;
      stampId += 1;
      nodes.length = 0;
      const add = (x: number) => {
        if (inWindow[x] === stampId) return;
        inWindow[x] = stampId;
        local[x] = nodes.length;
        nodes.push(x);
      };
      queue.length = 0;
      queue.push(seed);
      for (let head = 0; head < queue.length && nodes.length < window; head += 1) {
        const x = queue[head];
        if (inWindow[x] === stampId) continue;
        add(x);
        if (mate[x] >= 0) add(mate[x]);
        for (let i = start[x]; i < start[x + 1]; i += 1) if (inWindow[to[i]] !== stampId) queue.push(to[i]);
      }
      let current = 0;
      let m = 0;
      for (const x of nodes) {
        covered[x] = 1;
        if (mate[x] > x) current += mw[x];
        for (let i = start[x]; i < start[x + 1]; i += 1) {
          const y = to[i];
          if (y > x && inWindow[y] === stampId) {
            if (m === cap) {
              cap *= 2;
              su = grow(su, cap);
              sv = grow(sv, cap);
              const w2 = new Float64Array(cap);
              w2.set(sw);
              sw = w2;
            }
            su[m] = local[x];
            sv[m] = local[y];
            sw[m] = wt[i];
            m += 1;
          }
        }
      }
      if (best.length < nodes.length) best = new Int32Array(nodes.length);
      const bestMate = best.subarray(0, nodes.length).fill(-1);
      scaledBlossom(nodes.length, su, sv, sw, m, bestMate);
      let total = 0;
      for (let k = 0; k < m; k += 1) if (bestMate[su[k]] === sv[k]) total += sw[k];
      if (total <= current + 1e-9 * Math.max(1, current)) continue;
      for (const x of nodes) {
        mate[x] = -1;
        mw[x] = 0;
      }
      for (let k = 0; k < m; k += 1) {
        if (bestMate[su[k]] === sv[k]) {
          const a = nodes[su[k]];
          const b = nodes[sv[k]];
          mate[a] = b;
          mate[b] = a;
          mw[a] = sw[k];
          mw[b] = sw[k];
        }
      }
    }
  }
}

function grow(a: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  out.set(a);
  return out;
}

/**
 * The exact optimum when the graph is small enough, proved within NEAR_EXACT_GAP of it from
 * nearExactMinPeople people, greedy + local improvement above exactMaxPeople.
 */
export function maximumWeightMatching(
  n: number,
  edges: readonly WeightedEdge[],
  exactMaxPeople = EXACT_MAX_PEOPLE,
  nearExactMinPeople = NEAR_EXACT_MIN_PEOPLE,
): Matching {
  const touched = new Uint8Array(n);
  let people = 0;
  const touch = (x: number) => {
    if (touched[x]) return;
    touched[x] = 1;
    people += 1;
  };
  for (const e of edges) {
    touch(e.u);
    touch(e.v);
  }
  if (people > exactMaxPeople) return greedyMatching(n, edges);
  return exactMatching(n, edges, people >= nearExactMinPeople ? NEAR_EXACT_GAP : 0);
}
