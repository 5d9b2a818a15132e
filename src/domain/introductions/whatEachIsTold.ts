/**
 * What each person in an introduction is told.
 *
 * The promise of the passions modal: Weaver tells a person only the passions they share with the
 * person it names. So a reader is told, for each other member, the tags both of them entered and
 * the teach/learn fits between the two of them — never what two other members share, and never a
 * tag the reader has since removed. The group DM, which everyone reads, names only what every
 * member still entered: in a trio the passions all three share (a pair's own passion or a
 * teach/learn fit between two of them is not the third person's); in a pair, also their fits.
 * Every tag reads in the workspace's one display form (`domain/passions/displayForm.ts`), so
 * the people in one introduction read the same words for the same passion.
 */
import { type DisplayForms, displayOf } from '../passions/displayForm';

export { plainTag } from '../passions/displayForm';
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

/** Per person: the normalised tags they entered now (tags, teach and learn alike) → the words they typed. */
export type Wording = ReadonlyMap<string, ReadonlyMap<string, string>>;

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
  /** passions the reader and this person both entered, in their display form */
  shared: string[];
  /** what this person could teach the reader (the reader wants to learn it) */
  theyCanTeachYou: string[];
  /** what the reader could teach this person */
  youCanTeachThem: string[];
}

/** What `reader` is told about each other member: only what the two of them share (`wording`: all members). */
export function whatReaderIsTold(
  reader: string,
  members: readonly string[],
  shared: StoredShare,
  wording: Wording,
  display: DisplayForms,
): ToldAboutPerson[] {
  // Only what both (still) entered: a tag removed since the round is no longer shared.
  const both = (other: string) => (tags: string[]) =>
    tags.filter((t) => wording.get(reader)?.has(t) && wording.get(other)?.has(t)).map((t) => displayOf(display, t));
  const pairs = pairsOf(members, shared);
  return members
    .filter((u) => u !== reader)
    .map((other) => {
      const pair = pairs.find((p) => samePair(p, reader, other));
      const fits = pair?.fits ?? [];
      const words = both(other);
      return {
        userId: other,
        shared: words(pair?.sharedTags ?? []),
        theyCanTeachYou: words(fits.filter((f) => f.teacher === other && f.learner === reader).map((f) => f.tag)),
        youCanTeachThem: words(fits.filter((f) => f.teacher === reader && f.learner === other).map((f) => f.tag)),
      };
    });
}

export interface ToldToTheGroup {
  /** passions every member still entered */
  allShare: string[];
  /** in a pair: what one could teach the other (both entered it); in a trio none, the third did not */
  fits: IntroFit[];
}

/** What the group DM says, which every member reads: only what every member entered. */
export function whatTheGroupIsTold(
  members: readonly string[],
  shared: StoredShare,
  wording: Wording,
  display: DisplayForms,
): ToldToTheGroup {
  const pairs = pairsOf(members, shared);
  const allPairs = (members.length * (members.length - 1)) / 2;
  const complete = pairs.length === allPairs && pairs.length > 0;
  const enteredByAll = (tag: string, people: readonly string[]) => people.every((u) => wording.get(u)?.has(tag));
  const everyone = complete
    ? pairs[0].sharedTags.filter((t) => pairs.every((p) => p.sharedTags.includes(t)) && enteredByAll(t, members))
    : [];
  return {
    allShare: everyone.map((t) => displayOf(display, t)),
    fits:
      members.length === 2
        ? pairs
            .flatMap((p) => p.fits)
            .filter((f) => enteredByAll(f.tag, [f.teacher, f.learner]))
            .map((f) => ({ ...f, tag: displayOf(display, f.tag) }))
        : [],
  };
}
