/**
 * The input every silo metric reads: people numbered 0..N-1, their department, the tie list and
 * the channels. Compact typed arrays, because the report must handle 100,000 people and
 * 2,000,000 ties in seconds; ids and names live only in the lookup arrays.
 */
import type { ChannelKind } from '../channelKinds';

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
  const byKey = new Map<number, number>();
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  const n = indexOf.size;
  for (const p of pairs) {
    const x = indexOf.get(p.source);
    const y = indexOf.get(p.target);
    if (x === undefined || y === undefined || x === y) continue;
    const lo = Math.min(x, y);
    const hi = Math.max(x, y);
    const key = lo * n + hi;
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, a.length);
      a.push(lo);
      b.push(hi);
      w.push(p.weight ?? 1);
    } else {
      w[at] += p.weight ?? 1;
    }
  }
  return { count: a.length, a: Int32Array.from(a), b: Int32Array.from(b), weight: Float64Array.from(w) };
}

/** Numbers the departments (sorted by name) and returns each person's department number. */
export function numberDepartments(departmentByPerson: (string | null | undefined)[], unassigned = 'Unassigned'): {
  departments: string[];
  departmentOf: Int32Array;
} {
  const names = [...new Set(departmentByPerson.map((d) => (d && d.trim()) || unassigned))].sort((x, y) => x.localeCompare(y));
  const index = new Map(names.map((d, i) => [d, i]));
  const departmentOf = Int32Array.from(departmentByPerson, (d) => index.get((d && d.trim()) || unassigned)!);
  return { departments: names, departmentOf };
}
