/**
 * The network a simulation runs on and its silo metrics after each round.
 *
 * `TieState` keeps the counts the org metrics need (internal ties and degree sum per department,
 * cross ties, ties per department pair) and updates them in O(1) per new tie, so a round on a
 * 184k-tie network costs nothing to measure. `metricsFromScratch` computes the same numbers with
 * the silo report's own functions (src/domain/silos: eiIndex, groupTieCounts, modularity); the
 * tests check the two agree after every round.
 */
import type { DepartmentTies } from '../matching/bridging';
import { departmentPairKey } from '../matching/bridging';
import { eiIndex, groupTieCounts } from '../silos/eiIndex';
import { modularity } from '../silos/modularity';
import type { TieList } from '../silos/orgData';
import { expectedTies, missingBridges } from '../silos/pairs';
import type { DepartmentPair } from '../silos/types';

export interface SimNetwork {
  /** person ids; index = person number */
  people: string[];
  /** department names; index = department number */
  departments: string[];
  departmentOf: Int32Array;
  ties: TieList;
  /** interest tags per person */
  interests: string[][];
  /** non-broadcast channels per person (for the live rule "at most two shared channels"), when known */
  channels?: string[][];
}

export interface OrgMetrics {
  ties: number;
  orgEI: number;
  modularity: number;
  crossShare: number;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The org numbers exactly as `weaver analyze` computes them (buildSiloReport), from a tie list. */
export function metricsFromScratch(ties: TieList, departmentOf: Int32Array, departmentCount: number): OrgMetrics {
  const counts = groupTieCounts(ties, departmentOf, departmentCount);
  return {
    ties: ties.count,
    orgEI: eiIndex(counts.crossTotal, ties.count - counts.crossTotal),
    modularity: modularity(ties, departmentOf, departmentCount),
    crossShare: ties.count ? counts.crossTotal / ties.count : 0,
  };
}

/**
 * Missing bridges of the department partition, by the report's definition (src/domain/silos/pairs.ts):
 * returned as department-number pairs [a, b] with a < b.
 */
export function missingBridgePairs(
  ties: TieList,
  departmentOf: Int32Array,
  departments: string[],
): Array<[number, number]> {
  const K = departments.length;
  const n = departmentOf.length;
  const size = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++) size[departmentOf[i]]++;
  const pairTies = new Float64Array(K * K);
  let cross = 0;
  for (let t = 0; t < ties.count; t++) {
    const a = departmentOf[ties.a[t]];
    const b = departmentOf[ties.b[t]];
    if (a === b) continue;
    pairTies[Math.min(a, b) * K + Math.max(a, b)]++;
    cross++;
  }
  const pairs: DepartmentPair[] = [];
  let expectedCross = 0;
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const expected = expectedTies(ties.count, size[a], size[b], n);
      expectedCross += expected;
      const observed = pairTies[a * K + b];
      pairs.push({
        a: departments[a],
        b: departments[b],
        ties: observed,
        expectedTies: Math.round(expected * 100) / 100,
        ratio: round4(expected ? observed / expected : 0),
        sharedPurposeChannels: 0,
      });
    }
  }
  const index = new Map(departments.map((d, i) => [d, i]));
  return missingBridges(pairs, expectedCross ? cross / expectedCross : 0).map((p) => {
    const a = index.get(p.a)!;
    const b = index.get(p.b)!;
    return [Math.min(a, b), Math.max(a, b)];
  });
}

export class TieState {
  readonly n: number;
  readonly K: number;
  private readonly keys = new Set<number>();
  private readonly internal: Float64Array;
  private readonly degreeSum: Float64Array;
  private readonly pairTies: Float64Array;
  private readonly newPairTies: Float64Array;
  private readonly reached: Uint8Array;
  private crossTotal = 0;
  private count = 0;
  peopleReached = 0;
  /** ties added by the simulation, in order */
  readonly added: Array<[number, number]> = [];
  readonly missing: Array<[number, number]>;

  constructor(private readonly network: SimNetwork) {
    this.n = network.people.length;
    this.K = network.departments.length;
    this.internal = new Float64Array(this.K);
    this.degreeSum = new Float64Array(this.K);
    this.pairTies = new Float64Array(this.K * this.K);
    this.newPairTies = new Float64Array(this.K * this.K);
    this.reached = new Uint8Array(this.n);
    const { ties } = network;
    for (let t = 0; t < ties.count; t++) this.insert(ties.a[t], ties.b[t]);
    this.missing = missingBridgePairs(ties, network.departmentOf, network.departments);
  }

  private key(a: number, b: number): number {
    return a < b ? a * this.n + b : b * this.n + a;
  }

  has(a: number, b: number): boolean {
    return this.keys.has(this.key(a, b));
  }

  private insert(a: number, b: number): boolean {
    const k = this.key(a, b);
    if (a === b || this.keys.has(k)) return false;
    this.keys.add(k);
    this.count++;
    const da = this.network.departmentOf[a];
    const db = this.network.departmentOf[b];
    this.degreeSum[da]++;
    this.degreeSum[db]++;
    if (da === db) this.internal[da]++;
    else {
      this.crossTotal++;
      this.pairTies[Math.min(da, db) * this.K + Math.max(da, db)]++;
    }
    return true;
  }

  /** Adds a tie made by the simulation; false when the two were already tied. */
  addTie(a: number, b: number): boolean {
    if (!this.insert(a, b)) return false;
    this.added.push([a, b]);
    const da = this.network.departmentOf[a];
    const db = this.network.departmentOf[b];
    if (da !== db) {
      this.newPairTies[Math.min(da, db) * this.K + Math.max(da, db)]++;
      for (const p of [a, b]) {
        if (!this.reached[p]) {
          this.reached[p] = 1;
          this.peopleReached++;
        }
      }
    }
    return true;
  }

  get newCrossTies(): number {
    let s = 0;
    for (const x of this.newPairTies) s += x;
    return s;
  }

  /** Same formulas as metricsFromScratch, from the running counts. */
  metrics(): OrgMetrics {
    const m = this.count;
    let q = 0;
    for (let c = 0; c < this.K; c++) q += this.internal[c] / m - (this.degreeSum[c] / (2 * m)) ** 2;
    return {
      ties: m,
      orgEI: eiIndex(this.crossTotal, m - this.crossTotal),
      modularity: m ? q : 0,
      crossShare: m ? this.crossTotal / m : 0,
    };
  }

  missingBridgesClosed(): number {
    return this.missing.filter(([a, b]) => this.newPairTies[a * this.K + b] > 0).length;
  }

  /** All current ties (start plus added) as a TieList, for the report's functions. */
  tieList(): TieList {
    const base = this.network.ties;
    const count = base.count + this.added.length;
    const a = new Int32Array(count);
    const b = new Int32Array(count);
    a.set(base.a);
    b.set(base.b);
    this.added.forEach(([x, y], i) => {
      a[base.count + i] = Math.min(x, y);
      b[base.count + i] = Math.max(x, y);
    });
    return { count, a, b, weight: new Float64Array(count).fill(1) };
  }

  /** Department sizes and tie counts in the shape live rounds read from the database (for bridging). */
  departmentTies(): DepartmentTies {
    const sizes = new Map<string, number>();
    const { departments, departmentOf } = this.network;
    for (let i = 0; i < this.n; i++) {
      const d = departments[departmentOf[i]];
      sizes.set(d, (sizes.get(d) ?? 0) + 1);
    }
    const ties = new Map<string, number>();
    for (let a = 0; a < this.K; a++) {
      for (let b = a + 1; b < this.K; b++) {
        const v = this.pairTies[a * this.K + b];
        if (v) ties.set(departmentPairKey(departments[a], departments[b]), v);
      }
    }
    return { sizes, ties, totalTies: this.count };
  }

  /** Every current tie as a pair of person numbers. */
  *pairs(): Generator<[number, number]> {
    const base = this.network.ties;
    for (let t = 0; t < base.count; t++) yield [base.a[t], base.b[t]];
    yield* this.added;
  }
}
