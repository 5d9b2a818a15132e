import type { DepartmentPair, MissingBridge } from './types';

/**
 * Ties expected between groups a and b if the org's T ties were placed uniformly at random among
 * all C(N, 2) pairs of people (random mixing, the baseline of the E-I and Coleman measures):
 *
 *   expected(a, b) = T · n_a · n_b / C(N, 2)
 */
export function expectedTies(totalTies: number, sizeA: number, sizeB: number, peopleCount: number): number {
  const pairs = (peopleCount * (peopleCount - 1)) / 2;
  return pairs === 0 ? 0 : (totalTies * sizeA * sizeB) / pairs;
}

/**
 * Missing bridges: department pairs with no ties at all although random mixing would give at least
 * one, or with fewer than a quarter of the ties the pair would have if the org's cross-department
 * ties were spread like its average cross-department pair (ratio < ¼ · org cross ratio, where the
 * org cross ratio = observed cross ties / expected cross ties under random mixing). Comparing with
 * the org's own average keeps ordinary homophily from flagging every pair.
 */
export const FAR_FEWER_FACTOR = 0.25;

export function missingBridges(pairs: DepartmentPair[], orgCrossRatio: number): MissingBridge[] {
  const out: MissingBridge[] = [];
  for (const p of pairs) {
    if (p.ties === 0 && p.expectedTies >= 1) out.push({ ...p, reason: 'no ties' });
    else if (p.expectedTies >= 1 && p.ratio < FAR_FEWER_FACTOR * orgCrossRatio)
      out.push({ ...p, reason: 'far fewer than expected' });
  }
  return out.sort((x, y) => x.ratio - y.ratio || y.expectedTies - x.expectedTies);
}
