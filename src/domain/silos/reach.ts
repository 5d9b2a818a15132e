import type { Adjacency, ChannelData } from './orgData';

/** Median of a list of numbers (mean of the middle two for an even count); 0 for an empty list. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * Per person: how many *other* departments they have at least one tie with (network breadth /
 * "range" in the sense of Burt and of Reagans & McEvily, Administrative Science Quarterly 48 (2003)
 * 240–267: ties spanning distinct knowledge pools). A person's reach is breadth ≥ 1.
 */
export function otherDepartmentsReached(adj: Adjacency, departmentOf: Int32Array, departmentCount: number): Int32Array {
  const n = departmentOf.length;
  const out = new Int32Array(n);
  const seenBy = new Int32Array(departmentCount).fill(-1);
  for (let i = 0; i < n; i++) {
    const own = departmentOf[i];
    let k = 0;
    for (let e = adj.start[i]; e < adj.start[i + 1]; e++) {
      const d = departmentOf[adj.nbr[e]];
      if (d !== own && seenBy[d] !== i) {
        seenBy[d] = i;
        k++;
      }
    }
    out[i] = k;
  }
  return out;
}

/**
 * Per group: reach = share of members with ≥ 1 cross-department tie; breadth = median number of
 * other departments a member has ties with. People are grouped by `groupOf` (the listing partition)
 * while "other department" is always judged on the true departments.
 */
export function reachAndBreadth(
  reached: Int32Array,
  groupOf: Int32Array,
  groupCount: number,
): { reach: number[]; breadth: number[] } {
  const lists: number[][] = Array.from({ length: groupCount }, () => []);
  for (let i = 0; i < reached.length; i++) lists[groupOf[i]].push(reached[i]);
  return {
    reach: lists.map((l) => (l.length ? l.filter((k) => k > 0).length / l.length : 0)),
    breadth: lists.map((l) => median(l)),
  };
}

/**
 * Purpose reach: share of a group's members who are in at least one purpose channel that also has a
 * member from another department, i.e. a place where they meet other teams around a shared interest.
 */
export function purposeReach(
  channels: ChannelData[],
  departmentOf: Int32Array,
  groupOf: Int32Array,
  groupCount: number,
): number[] {
  const inMixedPurpose = new Uint8Array(departmentOf.length);
  for (const c of channels) {
    if (c.kind !== 'purpose' || c.members.length < 2) continue;
    const first = departmentOf[c.members[0]];
    let mixed = false;
    for (let j = 1; j < c.members.length && !mixed; j++) mixed = departmentOf[c.members[j]] !== first;
    if (mixed) for (let j = 0; j < c.members.length; j++) inMixedPurpose[c.members[j]] = 1;
  }
  const size = new Float64Array(groupCount);
  const hit = new Float64Array(groupCount);
  for (let i = 0; i < departmentOf.length; i++) {
    size[groupOf[i]]++;
    hit[groupOf[i]] += inMixedPurpose[i];
  }
  return Array.from(size, (s, g) => (s ? hit[g] / s : 0));
}
