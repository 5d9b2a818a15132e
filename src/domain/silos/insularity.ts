/**
 * Size-adjusted insularity of a group: Coleman's homophily index.
 *
 *   p = share of the group's tie ends that stay inside it = 2I / (2I + E)
 *   w = share of other people who are in the group under random mixing = (n − 1) / (N − 1)
 *   H = (p − w) / (1 − w)   when p ≥ w      (0 = random mixing, 1 = fully closed)
 *   H = (p − w) / w         when p < w      (−1 = only outside ties)
 *
 * Unlike the raw E-I index, H does not call a large department insular just because most people
 * around its members are colleagues. Reference: J. S. Coleman, "Relational analysis: the study of
 * social organizations with survey methods", Human Organization 17 (1958) 28–36; as written in
 * Bojanowski & Corten, "Measuring segregation in social networks", Social Networks 39 (2014) 14–32.
 */
export function colemanHomophily(
  internalTies: number,
  externalTies: number,
  groupSize: number,
  peopleCount: number,
): number {
  const ends = 2 * internalTies + externalTies;
  if (ends === 0 || peopleCount <= 1) return 0;
  const p = (2 * internalTies) / ends;
  const w = Math.max(0, groupSize - 1) / (peopleCount - 1);
  if (w >= 1) return 0;
  if (p >= w) return (p - w) / (1 - w);
  return w === 0 ? 0 : (p - w) / w;
}

/**
 * A department is a silo when its Coleman homophily is above 0.8, i.e. its members' ties are more
 * than 80 % of the way from random mixing to complete closure. Ordinary departments with a healthy
 * share of cross-team work sit between 0.3 and 0.7; 0.8 means roughly nine in ten tie ends stay inside.
 */
export const SILO_THRESHOLD = 0.8;

/** Departments with fewer ends than this have too little data to be called a silo. */
export const SILO_MIN_TIE_ENDS = 10;

export function isSilo(homophily: number, internalTies: number, externalTies: number): boolean {
  return homophily > SILO_THRESHOLD && 2 * internalTies + externalTies >= SILO_MIN_TIE_ENDS;
}
