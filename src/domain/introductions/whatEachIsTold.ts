/**
 * What each person in an introduction is told, and in whose words.
 *
 * The promise of the passions modal: Weaver tells a person only the passions they share with the
 * person it names. So a reader is told, for each other member, the tags both of them entered and
 * the teach/learn fits between the two of them — never what two other members share. The group
 * DM names what all members share ("you all love …") and, in a trio, each pair's own shared
 * passions with both names. Tags are shown in the reader's own wording (the label they typed,
 * "board games"), not the normalised tag ("board game").
 */
export interface IntroFit {
  teacher: string;
  learner: string;
  tag: string;
}

/** The shared passions of one pair inside an introduction, as the matching found them. */
export interface IntroPairShare {
  a: string;
  b: string;
  sharedTags: string[];
  fits: IntroFit[];
}

/** What an introduction row stores: `pairs` since trios were fixed; older rows have the union. */
export interface StoredShare {
  pairs?: IntroPairShare[];
  sharedTags?: string[];
  fits?: IntroFit[];
}

/** Per person: normalised tag → the words they typed (tags, teach and learn alike). */
export type Wording = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** A tag as a phrase when nobody's own words are known: "bouldering-gym" → "bouldering gym". */
export const plainTag = (tag: string): string => tag.replace(/[-_]+/g, ' ');

const samePair = (p: { a: string; b: string }, x: string, y: string) =>
  (p.a === x && p.b === y) || (p.a === y && p.b === x);

/**
 * The pairs of an introduction. Rows written before pairs were stored hold the union of shared
 * tags: that is exact for a pair, but cannot be attributed inside a trio, so a legacy trio keeps
 * only its fits (each fit names its own pair).
 */
export function pairsOf(members: readonly string[], shared: StoredShare): IntroPairShare[] {
  if (shared.pairs) return shared.pairs.filter((p) => members.includes(p.a) && members.includes(p.b));
  const out: IntroPairShare[] = [];
  for (let i = 0; i < members.length; i += 1) {
    for (let j = i + 1; j < members.length; j += 1) {
      const [a, b] = [members[i], members[j]];
      out.push({
        a,
        b,
        sharedTags: members.length === 2 ? (shared.sharedTags ?? []) : [],
        fits: (shared.fits ?? []).filter((f) => samePair({ a: f.teacher, b: f.learner }, a, b)),
      });
    }
  }
  return out;
}

export interface ToldAboutPerson {
  userId: string;
  /** passions the reader and this person both entered, in the reader's words */
  shared: string[];
  /** what this person could teach the reader (the reader wants to learn it), reader's words */
  theyCanTeachYou: string[];
  /** what the reader could teach this person, reader's words */
  youCanTeachThem: string[];
}

/** What `reader` is told about each other member: only what the two of them share. */
export function whatReaderIsTold(
  reader: string,
  members: readonly string[],
  shared: StoredShare,
  wording: Wording,
): ToldAboutPerson[] {
  const mine = wording.get(reader) ?? new Map<string, string>();
  // Only what the reader (still) entered: a tag they removed since the round is not theirs to be told.
  const words = (tags: string[]) => tags.filter((t) => mine.has(t)).map((t) => mine.get(t) || plainTag(t));
  const pairs = pairsOf(members, shared);
  return members
    .filter((u) => u !== reader)
    .map((other) => {
      const pair = pairs.find((p) => samePair(p, reader, other));
      const fits = pair?.fits ?? [];
      return {
        userId: other,
        shared: words(pair?.sharedTags ?? []),
        theyCanTeachYou: words(fits.filter((f) => f.teacher === other && f.learner === reader).map((f) => f.tag)),
        youCanTeachThem: words(fits.filter((f) => f.teacher === reader && f.learner === other).map((f) => f.tag)),
      };
    });
}

export interface ToldToTheGroup {
  /** passions every member shares */
  allShare: string[];
  /** in a trio: what each pair shares beyond that, named with both people */
  pairs: Array<{ a: string; b: string; shared: string[] }>;
  fits: IntroFit[];
}

/**
 * One phrase for a tag several people read: their common wording when they all typed the same,
 * otherwise the plain tag (so nobody's wording is put in another's mouth).
 */
function groupWord(tag: string, people: readonly string[], wording: Wording): string {
  const said = new Set(people.map((u) => wording.get(u)?.get(tag) ?? plainTag(tag)));
  return said.size === 1 ? [...said][0] : plainTag(tag);
}

/** What the group DM says: what all share, and in a trio each pair's shared passions with both names. */
export function whatTheGroupIsTold(members: readonly string[], shared: StoredShare, wording: Wording): ToldToTheGroup {
  const pairs = pairsOf(members, shared);
  const allPairs = (members.length * (members.length - 1)) / 2;
  const complete = pairs.length === allPairs && pairs.length > 0;
  const everyone = complete ? pairs[0].sharedTags.filter((t) => pairs.every((p) => p.sharedTags.includes(t))) : [];
  const beyondEveryone = (p: IntroPairShare) => ({
    a: p.a,
    b: p.b,
    shared: p.sharedTags.filter((t) => !everyone.includes(t)).map((t) => groupWord(t, [p.a, p.b], wording)),
  });
  return {
    allShare: everyone.map((t) => groupWord(t, members, wording)),
    pairs: members.length > 2 ? pairs.map(beyondEveryone).filter((p) => p.shared.length) : [],
    fits: pairs.flatMap((p) => p.fits).map((f) => ({ ...f, tag: groupWord(f.tag, [f.teacher, f.learner], wording) })),
  };
}
