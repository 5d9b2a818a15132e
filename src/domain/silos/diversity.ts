/**
 * Blau's index of heterogeneity over the shares p_k of each department among a channel's members:
 *
 *   B = 1 − Σ_k p_k²        (0 = one department, → 1 − 1/K when K departments are equally present)
 *
 * Normalised (Agresti & Agresti's index of qualitative variation) by its maximum for the
 * departments that could be present, K' = min(K, members): B / (1 − 1/K'); 0 when K' ≤ 1.
 * Reference: P. M. Blau, "Inequality and Heterogeneity" (1977); A. Agresti & B. F. Agresti,
 * "Statistical analysis of qualitative variation", Sociological Methodology 9 (1978) 204–237.
 */
export function blau(counts: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  if (total === 0) return 0;
  let sumSq = 0;
  for (let k = 0; k < counts.length; k++) sumSq += (counts[k] / total) ** 2;
  return 1 - sumSq;
}

export function blauNormalised(b: number, departmentCount: number, members: number): number {
  const k = Math.min(departmentCount, members);
  return k <= 1 ? 0 : Math.min(1, b / (1 - 1 / k));
}

/**
 * A purpose channel is "captured" when one department holds at least this share of its members:
 * it is meant to bring teams together, but in practice belongs to one of them.
 */
export const CAPTURE_SHARE = 0.75;

/** Channels smaller than this are too small to judge as captured. */
export const CAPTURE_MIN_MEMBERS = 4;

export function isCaptured(kind: string, dominantShare: number, members: number): boolean {
  return kind === 'purpose' && members >= CAPTURE_MIN_MEMBERS && dominantShare >= CAPTURE_SHARE;
}
