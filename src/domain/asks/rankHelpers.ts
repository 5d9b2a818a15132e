/**
 * Who could help with an ask ("who could help me with Kafka?"): the people whose "could teach" tags
 * or passions match the topic, best first. Pure: people, the asker's contacts and the time come in
 * as arguments; the service loads them (src/services/asks/).
 *
 * Never asked (hard rules, each counted under a reason that only logs and tests see): the asker,
 * bots and deactivated people, people who opted out, paused introductions (or were paused for not
 * answering), are away (src/domain/away.ts), chose "not for questions", were already asked
 * `perHelperPerMonth` times in the last 30 days, blocked the asker or were blocked by them, were
 * already asked for this request, share the asker's department when the asker wanted someone
 * outside it, or whose tags do not match the topic.
 *
 * Score = fit + 0.3 (another department) + 0.2 (the asker does not already talk to them)
 *       + 0.2 × shared working hours / 8 − 0.1 × asks they had in the last 30 days;
 * fit: a "could teach" tag equal to a topic tag 1, a passion equal to it 0.8, a "could teach" tag
 * sharing its words with the topic ("kafka" for "kafka streams") 0.7, such a passion 0.5.
 * Ties go to the smaller user id, so a ranking is the same on every replica.
 */
import { awayUntil, type AwayRules, type SlackStatus } from '../away';
import { UNANSWERED_LIMIT } from '../matching/eligibility';
import { workingHoursOverlap } from '../matching/timing';
import { normaliseTag, splitTagText, type SynonymTable } from '../passions/normalise';

export interface HelperProfile {
  userId: string;
  department: string | null;
  tzOffset: number | null;
  /** canonical passion tags */
  tags: readonly string[];
  /** canonical "could teach" tags */
  teach: readonly string[];
  isBot: boolean;
  isDeleted: boolean;
  optedOut: boolean;
  pausedUntil: Date | null;
  unansweredSuggestions: number;
  notForQuestions: boolean;
  status: SlackStatus;
  /** times they were asked to help in the last 30 days (any answer) */
  asksLast30Days: number;
}

export interface AskQuery {
  askerId: string;
  askerDepartment: string | null;
  askerTzOffset: number | null;
  /** canonical tags of the topic (askTopicTags) */
  topicTags: readonly string[];
  outsideDepartment: boolean;
}

export interface RankContext {
  now: Date;
  /** people the asker interacted with recently */
  contacts: ReadonlySet<string>;
  /** people the asker blocked or who blocked the asker */
  blocked: ReadonlySet<string>;
  /** people already asked for this request */
  alreadyAsked: ReadonlySet<string>;
  perHelperPerMonth: number;
  away: AwayRules;
  /** how many to return (default 10) */
  limit?: number;
}

export type Exclusion =
  | 'self'
  | 'inactive'
  | 'opted_out'
  | 'paused'
  | 'away'
  | 'not_for_questions'
  | 'monthly_limit'
  | 'blocked'
  | 'already_asked'
  | 'same_department'
  | 'no_match';

export interface RankedHelper {
  userId: string;
  score: number;
  fit: number;
  /** the person's tag that matched the topic best */
  matchedTag: string;
  via: 'teach' | 'passion';
}

export interface HelperRanking {
  /** the best `limit`, best first */
  ranked: RankedHelper[];
  /** how many could be asked in all (before the limit) */
  candidates: number;
  excluded: Partial<Record<Exclusion, number>>;
}

export const FIT = { teachExact: 1, passionExact: 0.8, teachWords: 0.7, passionWords: 0.5 } as const;

/** The canonical tags of what the asker typed: each comma-separated part, with the workspace's synonyms. */
export function askTopicTags(topic: string, synonyms?: SynonymTable): string[] {
  const parts = splitTagText(topic);
  const tags = parts.map((p) => normaliseTag(p, synonyms)).filter(Boolean);
  return [...new Set(tags)];
}

interface TopicIndex {
  exact: ReadonlySet<string>;
  /** the words of each topic tag */
  words: ReadonlyArray<ReadonlySet<string>>;
  /** words of 3 letters or more, of any topic tag: a partial match shares one of them */
  longWords: readonly string[];
}

const MIN_SHARED_WORD = 3;

function indexTopic(topicTags: readonly string[]): TopicIndex {
  const words = topicTags.map((t) => new Set(t.split(' ').filter(Boolean)));
  const longWords = [...new Set(words.flatMap((w) => [...w]).filter((w) => w.length >= MIN_SHARED_WORD))];
  return { exact: new Set(topicTags), words, longWords };
}

/**
 * What a tag must have to match the topic at all: be one of its tags, or contain one of its words
 * of 3 letters or more. The store uses it to read only those people (a superset of the matches).
 */
export function topicFilter(topicTags: readonly string[]): { tags: string[]; words: string[] } {
  const t = indexTopic(topicTags);
  return { tags: [...t.exact], words: [...t.longWords] };
}

/** True when every word of `small` is in `big` and one of them has 3 letters or more. */
function wordsWithin(small: readonly string[], big: ReadonlySet<string>): boolean {
  return small.length > 0 && small.every((w) => big.has(w)) && small.some((w) => w.length >= MIN_SHARED_WORD);
}

/**
 * 'exact', 'words' (all the words of one are words of the other, and they share one of 3 letters or
 * more: "kafka" and "kafka stream"; not "topic 7" and "topic 42"), or null.
 */
function matchKind(tag: string, topic: TopicIndex): 'exact' | 'words' | null {
  if (topic.exact.has(tag)) return 'exact';
  // cheap test first: almost every tag of a large workspace shares no long word with the topic
  if (!topic.longWords.some((w) => tag.includes(w))) return null;
  const words = tag.split(' ').filter(Boolean);
  const set = new Set(words);
  for (const tw of topic.words) {
    if (wordsWithin(words, tw) || wordsWithin([...tw], set)) return 'words';
  }
  return null;
}

function bestFit(p: HelperProfile, topic: TopicIndex): { fit: number; tag: string; via: 'teach' | 'passion' } | null {
  let best: { fit: number; tag: string; via: 'teach' | 'passion' } | null = null;
  const consider = (tags: readonly string[], via: 'teach' | 'passion') => {
    for (const tag of tags) {
      const kind = matchKind(tag, topic);
      if (!kind) continue;
      const fit =
        via === 'teach'
          ? kind === 'exact'
            ? FIT.teachExact
            : FIT.teachWords
          : kind === 'exact'
            ? FIT.passionExact
            : FIT.passionWords;
      if (!best || fit > best.fit) best = { fit, tag, via };
    }
  };
  consider(p.teach, 'teach');
  consider(p.tags, 'passion');
  return best;
}

/** Why a person may not be asked now, before looking at the topic (null: they may be). */
export function helperExclusion(p: HelperProfile, q: AskQuery, ctx: RankContext): Exclusion | null {
  if (p.userId === q.askerId) return 'self';
  if (p.isBot || p.isDeleted) return 'inactive';
  if (p.optedOut) return 'opted_out';
  if (p.unansweredSuggestions >= UNANSWERED_LIMIT) return 'paused';
  if (p.pausedUntil && p.pausedUntil.getTime() > ctx.now.getTime()) return 'paused';
  if (p.notForQuestions) return 'not_for_questions';
  if (ctx.alreadyAsked.has(p.userId)) return 'already_asked';
  if (ctx.blocked.has(p.userId)) return 'blocked';
  if (q.outsideDepartment && q.askerDepartment && p.department === q.askerDepartment) return 'same_department';
  if (p.asksLast30Days >= ctx.perHelperPerMonth) return 'monthly_limit';
  if (awayUntil(p.status, ctx.now, ctx.away, p.tzOffset) !== null) return 'away';
  return null;
}

export function rankHelpers(q: AskQuery, people: readonly HelperProfile[], ctx: RankContext): HelperRanking {
  const topic = indexTopic(q.topicTags);
  const excluded: Partial<Record<Exclusion, number>> = {};
  const skip = (e: Exclusion) => {
    excluded[e] = (excluded[e] ?? 0) + 1;
  };
  const ranked: RankedHelper[] = [];
  for (const p of people) {
    // the topic first: it rules out almost everyone, and it is the cheapest test on a large workspace
    const fit = bestFit(p, topic);
    if (!fit) {
      skip(p.userId === q.askerId ? 'self' : 'no_match');
      continue;
    }
    const why = helperExclusion(p, q, ctx);
    if (why) {
      skip(why);
      continue;
    }
    const otherDepartment = p.department !== null && p.department !== q.askerDepartment ? 0.3 : 0;
    const stranger = ctx.contacts.has(p.userId) ? 0 : 0.2;
    const hours = (0.2 * workingHoursOverlap(q.askerTzOffset, p.tzOffset)) / 8;
    const score = fit.fit + otherDepartment + stranger + hours - 0.1 * p.asksLast30Days;
    ranked.push({ userId: p.userId, score, fit: fit.fit, matchedTag: fit.tag, via: fit.via });
  }
  ranked.sort((a, b) => b.score - a.score || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return { ranked: ranked.slice(0, ctx.limit ?? 10), candidates: ranked.length, excluded };
}
