import type { TieList } from './orgData';

/**
 * Krackhardt–Stern E-I index: (E − I) / (E + I), E = external ties, I = internal ties.
 * −1: every tie stays inside the group; +1: every tie leaves it. 0 when there are no ties.
 * Reference: D. Krackhardt & R. N. Stern, "Informal networks and organizational crises: an
 * experimental simulation", Social Psychology Quarterly 51(2) (1988) 123–140.
 */
export function eiIndex(external: number, internal: number): number {
  const total = external + internal;
  return total === 0 ? 0 : (external - internal) / total;
}

export interface GroupTieCounts {
  /** ties with both ends in the group */
  internal: Float64Array;
  /** ties with exactly one end in the group */
  external: Float64Array;
  /** ties whose ends are in different groups (each tie once) */
  crossTotal: number;
}

/** Internal and external tie counts per group; a cross tie is external for both of its groups. */
export function groupTieCounts(ties: TieList, groupOf: Int32Array, groupCount: number): GroupTieCounts {
  const internal = new Float64Array(groupCount);
  const external = new Float64Array(groupCount);
  let crossTotal = 0;
  for (let t = 0; t < ties.count; t++) {
    const ga = groupOf[ties.a[t]];
    const gb = groupOf[ties.b[t]];
    if (ga === gb) internal[ga]++;
    else {
      external[ga]++;
      external[gb]++;
      crossTotal++;
    }
  }
  return { internal, external, crossTotal };
}
