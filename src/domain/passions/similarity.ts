/**
 * How much two people's passions have in common, weighted by rarity.
 *
 * Tags are canonical (see normalise.ts). A tag's weight is an inverse document frequency over the
 * people taking part in a round:
 *
 *     w(t) = ln(1 + N / df(t))
 *
 * where N is the number of people and df(t) how many of them mention t (as a passion, something
 * they teach or something they want to learn). "coffee", mentioned by half the office, weighs
 * ln 3 ≈ 1.1; "bouldering", mentioned by 1 in 200, weighs ln 201 ≈ 5.3. (Sparck Jones 1972,
 * "A statistical interpretation of term specificity"; the +1 keeps every weight positive.)
 *
 * - `shared`: cosine similarity of the two people's tag sets as IDF-weighted binary vectors,
 *   Σ_{t∈A∩B} w(t)² / sqrt(Σ_{t∈A} w(t)² · Σ_{t∈B} w(t)²), in [0, 1]. Sharing one rare tag
 *   counts more than sharing one common tag, and a long list does not beat a focused one.
 * - `complement`: teach→learn fit in both directions. Each direction (A teaches what B wants to
 *   learn, and B teaches what A wants to learn) contributes up to ½:
 *   ½ · min(1, Σ_{t∈teachA∩learnB} w(t) / ln(1 + N)), so one rare skill fully covers a direction,
 *   a common one covers part of it, and an exchange both ways scores 1.
 *
 * Pure: no I/O, no clock.
 */

export interface PassionProfile {
  userId: string;
  /** canonical tags the person cares about */
  tags: readonly string[];
  /** canonical tags they can teach */
  teach: readonly string[];
  /** canonical tags they want to learn */
  learn: readonly string[];
}

export interface TeachLearnFit {
  teacher: string;
  learner: string;
  tag: string;
}

export interface PassionSimilarity {
  /** rarity-weighted overlap of tags, 0..1 */
  shared: number;
  /** teach/learn complementarity in both directions, 0..1 */
  complement: number;
  /** shared tags, rarest first */
  sharedTags: string[];
  /** who could teach whom what, rarest first */
  fits: TeachLearnFit[];
}

/** Document frequencies: how many people mention each tag anywhere in their profile. */
export class TagRarity {
  readonly people: number;
  private readonly df = new Map<string, number>();

  constructor(profiles: readonly PassionProfile[]) {
    this.people = profiles.length;
    for (const p of profiles) {
      for (const t of new Set([...p.tags, ...p.teach, ...p.learn])) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
  }

  /** w(t) = ln(1 + N / df(t)); a tag nobody else mentions counts as df = 1. */
  weight(tag: string): number {
    const n = Math.max(1, this.people);
    return Math.log(1 + n / Math.max(1, this.df.get(tag) ?? 1));
  }

  /** The weight of a tag only one person mentions: the most a single tag can weigh. */
  maxWeight(): number {
    return Math.log(1 + Math.max(1, this.people));
  }

  /** Σ w(t)² over a set of tags: the squared norm used by the cosine. */
  squaredNorm(tags: readonly string[]): number {
    let s = 0;
    for (const t of new Set(tags)) s += this.weight(t) ** 2;
    return s;
  }
}

const byRarity = (rarity: TagRarity) => (a: string, b: string) =>
  rarity.weight(b) - rarity.weight(a) || a.localeCompare(b);

function intersect(a: readonly string[], b: readonly string[]): string[] {
  const inB = new Set(b);
  return [...new Set(a)].filter((t) => inB.has(t));
}

/** Rarity-weighted cosine of the two tag sets (see the module comment). */
export function sharedPassionScore(a: PassionProfile, b: PassionProfile, rarity: TagRarity): number {
  const common = intersect(a.tags, b.tags);
  if (!common.length) return 0;
  let dot = 0;
  for (const t of common) dot += rarity.weight(t) ** 2;
  const norm = Math.sqrt(rarity.squaredNorm(a.tags) * rarity.squaredNorm(b.tags));
  return norm > 0 ? Math.min(1, dot / norm) : 0;
}

/** Teach→learn complementarity in both directions, 0..1 (see the module comment). */
export function complementScore(a: PassionProfile, b: PassionProfile, rarity: TagRarity): number {
  const direction = (teacher: PassionProfile, learner: PassionProfile) => {
    let sum = 0;
    for (const t of intersect(teacher.teach, learner.learn)) sum += rarity.weight(t);
    return 0.5 * Math.min(1, sum / rarity.maxWeight());
  };
  return direction(a, b) + direction(b, a);
}

/** Everything the matching and the introduction message need about one pair. */
export function passionSimilarity(a: PassionProfile, b: PassionProfile, rarity: TagRarity): PassionSimilarity {
  const order = byRarity(rarity);
  const fits: TeachLearnFit[] = [
    ...intersect(a.teach, b.learn).map((tag) => ({ teacher: a.userId, learner: b.userId, tag })),
    ...intersect(b.teach, a.learn).map((tag) => ({ teacher: b.userId, learner: a.userId, tag })),
  ].sort((x, y) => order(x.tag, y.tag) || x.teacher.localeCompare(y.teacher));
  return {
    shared: sharedPassionScore(a, b, rarity),
    complement: complementScore(a, b, rarity),
    sharedTags: intersect(a.tags, b.tags).sort(order),
    fits,
  };
}
