import type { TieList } from './orgData';

/**
 * Newman's modularity of a partition of the undirected tie graph, resolution γ = 1:
 *
 *   Q = Σ_c [ L_c / m − γ · (d_c / 2m)² ]
 *
 * m = number of ties, L_c = ties with both ends in group c, d_c = sum of the degrees of c's members.
 * Each tie counts once (unweighted), as in the definition of a tie.
 * Reference: M. E. J. Newman, "Modularity and community structure in networks", PNAS 103 (2006)
 * 8577–8582, eq. (2); same as networkx.algorithms.community.modularity(G, parts, resolution=1).
 * Returns 0 for a graph without ties.
 */
export function modularity(ties: TieList, groupOf: Int32Array | number[], groupCount: number, gamma = 1): number {
  const m = ties.count;
  if (m === 0) return 0;
  const internal = new Float64Array(groupCount);
  const degreeSum = new Float64Array(groupCount);
  for (let t = 0; t < m; t++) {
    const ga = groupOf[ties.a[t]];
    const gb = groupOf[ties.b[t]];
    degreeSum[ga]++;
    degreeSum[gb]++;
    if (ga === gb) internal[ga]++;
  }
  let q = 0;
  for (let c = 0; c < groupCount; c++) q += internal[c] / m - gamma * (degreeSum[c] / (2 * m)) ** 2;
  return q;
}
