/**
 * How much an introduction between two departments would bridge a silo.
 *
 * Under random mixing (every pair of people equally likely to be tied), the expected number of
 * ties between departments a ≠ b is
 *
 *     E_ab = T · (2 · n_a · n_b) / (N · (N − 1))
 *
 * where T is the number of ties in the workspace, N the number of people and n_a, n_b the
 * departments' sizes (the same null model as the silo report; cf. Newman, "Mixing patterns in
 * networks", 2003). With O_ab the observed ties, the bonus is
 *
 *     bonus = 1 / (1 + O_ab / E_ab)
 *
 * 1 for departments with no ties at all, ½ when they mix as much as chance predicts, towards 0 when
 * they already talk a lot. Without any interaction data (E = 0) every pair gets the neutral ½.
 * A pair is a *missing bridge* when O_ab / E_ab < MISSING_BRIDGE_RATIO.
 */

export const MISSING_BRIDGE_RATIO = 0.25;

export interface DepartmentTies {
  /** people per department */
  sizes: ReadonlyMap<string, number>;
  /** observed ties per unordered department pair, keyed by departmentPairKey */
  ties: ReadonlyMap<string, number>;
  /** all ties between people with a known department (within and across departments) */
  totalTies: number;
}

export const departmentPairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export function expectedTies(t: DepartmentTies, a: string, b: string): number {
  let n = 0;
  for (const s of t.sizes.values()) n += s;
  if (n < 2 || a === b) return 0;
  return (t.totalTies * 2 * (t.sizes.get(a) ?? 0) * (t.sizes.get(b) ?? 0)) / (n * (n - 1));
}

export interface Bridging {
  observed: number;
  expected: number;
  bonus: number;
  missingBridge: boolean;
}

export function bridging(t: DepartmentTies, a: string, b: string): Bridging {
  const observed = t.ties.get(departmentPairKey(a, b)) ?? 0;
  const expected = expectedTies(t, a, b);
  if (expected <= 0) return { observed, expected, bonus: 0.5, missingBridge: false };
  const ratio = observed / expected;
  return { observed, expected, bonus: 1 / (1 + ratio), missingBridge: ratio < MISSING_BRIDGE_RATIO };
}

/** Precomputes bridging for every department pair once per round. */
export function bridgingTable(t: DepartmentTies): (a: string, b: string) => Bridging {
  const cache = new Map<string, Bridging>();
  return (a, b) => {
    const k = departmentPairKey(a, b);
    let v = cache.get(k);
    if (!v) {
      v = bridging(t, a, b);
      cache.set(k, v);
    }
    return v;
  };
}
