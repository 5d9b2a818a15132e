/**
 * The input every silo metric reads: people numbered 0..N-1, their department, the tie list and
 * the channels. Compact typed arrays, because the report must handle 100,000 people and
 * 2,000,000 ties in seconds; ids and names live only in the lookup arrays.
 */
import type { ChannelKind } from '../channelKinds';
import { seededRandom } from '../random';

/** Distinct unordered pairs of people (a ≠ b) with ≥ 1 interaction in the window; weight = interactions. */
export interface TieList {
  count: number;
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
}

export interface ChannelData {
  id: string;
  name: string;
  kind: ChannelKind;
  /** how the kind was decided (src/domain/channelKinds.ts) */
  kindReason: string;
  /** true when the kind was inferred from data (no lead's choice, no name rule) */
  kindInferred: boolean;
  /** ISO time the channel was created, null when unknown */
  createdAt: string | null;
  /** person index of the creator, -1 when unknown or not a person we know */
  creator: number;
  /** person indices of current members */
  members: Int32Array;
  /** interactions per member in the 30 days before the report time (parallel to `members`) */
  memberActivity30d: Float64Array;
  /** all interactions in the channel in the last 30 days and the 30 days before */
  activity30d: number;
  activityPrevious30d: number;
}

export interface OrgData {
  /** person ids (Slack user ids); index = person number */
  people: string[];
  /** department names; index = department number */
  departments: string[];
  /** department number of each person */
  departmentOf: Int32Array;
  /**
   * the department number that stands for "no department" (people without one), -1 when everyone
   * has one: department metrics leave these people out, they never form a department
   */
  unknownDepartment: number;
  ties: TieList;
  channels: ChannelData[];
}

/** Compressed adjacency (CSR) of the undirected tie graph: neighbours of i are nbr[start[i] .. start[i+1]). */
export interface Adjacency {
  start: Int32Array;
  nbr: Int32Array;
  /** index into the TieList of each adjacency entry */
  tie: Int32Array;
}

export function adjacencyOf(peopleCount: number, ties: TieList): Adjacency {
  const degree = new Int32Array(peopleCount + 1);
  for (let t = 0; t < ties.count; t++) {
    degree[ties.a[t]]++;
    degree[ties.b[t]]++;
  }
  const start = new Int32Array(peopleCount + 1);
  for (let i = 0; i < peopleCount; i++) start[i + 1] = start[i] + degree[i];
  const fill = start.slice(0, peopleCount);
  const nbr = new Int32Array(2 * ties.count);
  const tie = new Int32Array(2 * ties.count);
  for (let t = 0; t < ties.count; t++) {
    const a = ties.a[t];
    const b = ties.b[t];
    nbr[fill[a]] = b;
    tie[fill[a]++] = t;
    nbr[fill[b]] = a;
    tie[fill[b]++] = t;
  }
  return { start, nbr, tie };
}

/**
 * Builds a TieList from (source, target, weight) triples given by id: drops self-ties and ties to
 * unknown people, merges both directions and repeats of a pair into one tie with summed weight.
 */
export function tiesFromPairs(
  indexOf: Map<string, number>,
  pairs: Iterable<{ source: string; target: string; weight?: number }>,
): TieList {
  let x = new Int32Array(1024);
  let y = new Int32Array(1024);
  let w = new Float64Array(1024);
  let m = 0;
  for (const p of pairs) {
    const s = indexOf.get(p.source);
    const t = indexOf.get(p.target);
    if (s === undefined || t === undefined) continue;
    if (m === x.length) {
      x = grow(x, new Int32Array(2 * m));
      y = grow(y, new Int32Array(2 * m));
      w = grow(w, new Float64Array(2 * m));
    }
    x[m] = s;
    y[m] = t;
    w[m++] = p.weight ?? 1;
  }
  return tiesFromNumberedPairs(indexOf.size, { count: m, source: x, target: y, weight: w });
}

/**
 * The same from triples already numbered 0..n-1 (the first `count` entries of each array): drops
 * self-ties, merges both directions and repeats of a pair into one tie with summed weight.
 */
export function tiesFromNumberedPairs(
  n: number,
  pairs: { count: number; source: Int32Array; target: Int32Array; weight: Float64Array },
): TieList {
  // Typed arrays and a counting sort instead of a Map keyed by pair: no hashing, little garbage
  // (1.3 s → 0.1 s on 184k ties). Ties keep the order of their first appearance. Few and exact
  // allocations: every fresh megabyte of typed array costs page faults (≈ 3 ms a megabyte here).
  const { count: rows, source, target } = pairs;
  // Group the rows by their lower end (stable), then find each pair's first appearance per group.
  const start = new Int32Array(n + 1);
  for (let k = 0; k < rows; k++) {
    const x = source[k];
    const y = target[k];
    if (x !== y) start[Math.min(x, y) + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const byLo = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  for (let k = 0; k < rows; k++) {
    const x = source[k];
    const y = target[k];
    if (x !== y) byLo[fill[Math.min(x, y)]++] = k;
  }
  // first[k]: the row where row k's pair first appears (k itself for a new pair; -1 for a self-tie)
  const first = new Int32Array(rows).fill(-1);
  const seenIn = fill.fill(-1);
  const seenAt = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let s = start[i]; s < start[i + 1]; s++) {
      const k = byLo[s];
      const h = source[k] === i ? target[k] : source[k];
      if (seenIn[h] === i) first[k] = seenAt[h];
      else {
        seenIn[h] = i;
        seenAt[h] = k;
        first[k] = k;
        count++;
      }
    }
  }
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  const weight = new Float64Array(count);
  let t = 0;
  // In row order, so ties keep their first appearance's order; a pair's first row, met before its
  // repeats, then holds its tie number t as -(t + 2) (-1 stays a self-tie).
  for (let k = 0; k < rows; k++) {
    const f = first[k];
    if (f === k) {
      const x = source[k];
      const y = target[k];
      first[k] = -(t + 2);
      a[t] = Math.min(x, y);
      b[t] = Math.max(x, y);
      weight[t++] = pairs.weight[k];
    } else if (f >= 0) weight[-first[f] - 2] += pairs.weight[k];
  }
  return { count, a, b, weight };
}

/** The seed of the canonical tie order (see tiesInCanonicalOrder). */
export const TIE_ORDER_SEED = 'ties';

/**
 * Distinct ties from numbered interaction rows given as (person, person, count) triples, one row
 * after another in one Int32Array (either direction; self-ties dropped, both directions and repeats
 * of a pair merged, counts summed), in one canonical order that depends on the ties alone, never on
 * the order the rows came in: sorted by (lower end, higher end), then put through one fixed seeded
 * permutation (TIE_ORDER_SEED).
 *
 * Why: Louvain's result depends on the order of each person's neighbours (ties of equal gain go to
 * the first community met), so a report whose ties came in a database's hash order had communities
 * that moved with PostgreSQL's plan (work_mem, version, parallel workers). Why not the sorted order
 * itself: every neighbour list ascending biases those ties toward low-numbered people, and Louvain
 * found less modular communities on the 50,000-person bench organisation (Q 0.3741 ± 0.0040 over 20
 * Louvain seeds, against 0.3791 ± 0.0036 over 20 permutations; bench/README.md).
 *
 * O(rows + people) but for each person's own short sort: a counting sort of the rows by lower end,
 * each lower end's higher ends merged (marks per person) and sorted, then a Fisher–Yates shuffle.
 * `a` and `b` are views of arrays sized for the rows (fresh typed arrays cost page faults).
 */
export function tiesInCanonicalOrder(triples: Int32Array): TieList {
  const m = Math.floor(triples.length / 3);
  let n = 0;
  for (let k = 0; k < 3 * m; k += 3) {
    if (triples[k] >= n) n = triples[k] + 1;
    if (triples[k + 1] >= n) n = triples[k + 1] + 1;
  }
  // the rows grouped by their lower end (a counting sort), each with its higher end and count
  const start = new Int32Array(n + 1);
  for (let k = 0; k < 3 * m; k += 3) {
    const x = triples[k];
    const y = triples[k + 1];
    if (x !== y) start[(x < y ? x : y) + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const rows = start[n];
  const high = new Int32Array(rows);
  const rowCount = new Int32Array(rows);
  const fill = start.slice(0, n);
  for (let k = 0; k < 3 * m; k += 3) {
    const x = triples[k];
    const y = triples[k + 1];
    if (x === y) continue;
    const at = fill[x < y ? x : y]++;
    high[at] = x < y ? y : x;
    rowCount[at] = triples[k + 2];
  }
  // per lower end: its distinct higher ends, sorted, with their summed counts, written over the rows
  // already read (a lower end's ties never reach past its last row)
  const seenFor = fill.fill(-1);
  const sumTo = new Float64Array(n);
  const low = new Int32Array(rows);
  const summed = new Float64Array(rows);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const first = count;
    for (let r = start[i]; r < start[i + 1]; r++) {
      const h = high[r];
      if (seenFor[h] === i) sumTo[h] += rowCount[r];
      else {
        seenFor[h] = i;
        sumTo[h] = rowCount[r];
        high[count++] = h;
      }
    }
    sortAscending(high, first, count);
    for (let t = first; t < count; t++) {
      low[t] = i;
      summed[t] = sumTo[high[t]];
    }
  }
  const a = low.subarray(0, count);
  const b = high.subarray(0, count);
  const weight = summed.subarray(0, count);
  const random = seededRandom(TIE_ORDER_SEED);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const x = a[i];
    a[i] = a[j];
    a[j] = x;
    const y = b[i];
    b[i] = b[j];
    b[j] = y;
    const w = weight[i];
    weight[i] = weight[j];
    weight[j] = w;
  }
  return { count, a, b, weight };
}

/** Sorts values[from, to) ascending: insertion sort for the short runs most people have, the native sort beyond. */
function sortAscending(values: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= from && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Numbers the departments (sorted by name) and returns each person's department number. */
export function numberDepartments(
  departmentByPerson: (string | null | undefined)[],
  unassigned = 'Unassigned',
): {
  departments: string[];
  departmentOf: Int32Array;
  /** the number of `unassigned` (people without a department), -1 when everyone has one */
  unknownDepartment: number;
} {
  // each distinct name is trimmed and looked up once, not once per person
  const firstSeen = new Map<string | null | undefined, number>();
  const rawOf = new Int32Array(departmentByPerson.length);
  for (let i = 0; i < departmentByPerson.length; i++) {
    const d = departmentByPerson[i];
    let k = firstSeen.get(d);
    if (k === undefined) {
      k = firstSeen.size;
      firstSeen.set(d, k);
    }
    rawOf[i] = k;
  }
  const cleaned = [...firstSeen.keys()].map((d) => d?.trim() || unassigned);
  const names = [...new Set(cleaned)].sort((x, y) => x.localeCompare(y));
  const index = new Map(names.map((d, i) => [d, i]));
  const numberOf = Int32Array.from(cleaned, (d) => index.get(d)!);
  const departmentOf = new Int32Array(departmentByPerson.length);
  for (let i = 0; i < departmentOf.length; i++) departmentOf[i] = numberOf[rawOf[i]];
  const unknown = [...firstSeen.keys()].some((d) => !d?.trim());
  return { departments: names, departmentOf, unknownDepartment: unknown ? index.get(unassigned)! : -1 };
}
