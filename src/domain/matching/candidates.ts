/**
 * Candidate pairs for a round, pruned to the best k per person so the matching scales.
 *
 * A pair (a, b) is a candidate only when:
 * - they are in different departments;
 * - they are not already connected: no interaction tie in the last 90 days, and at most
 *   MAX_SHARED_CHANNELS shared channels (broadcast channels excluded by the caller);
 * - they were not introduced within the cool-down (settings.rounds.coolDownDays);
 * - their 09:00–17:00 working hours overlap by at least settings.rounds.minOverlapHours;
 * - neither has blocked the other;
 * - they have something to talk about: at least one shared tag or a teach→learn fit.
 *
 * Score (weights from settings.rounds.weights):
 *
 *     score = w_passion · shared + w_complement · complement + w_bridging · bridgingBonus
 *
 * with `shared` and `complement` from domain/passions/similarity.ts (each 0..1) and the bonus from
 * bridging.ts (0..1, higher for departments with fewer ties than chance predicts).
 *
 * Cost: an inverted index from tag to people, so only pairs with something in common are scored
 * (Σ_t df(t)² work, and teachers × learners per skill), then a size-k min-heap per person. The few
 * tags and skills held by more than 5 % of a large workspace (and at least 1,000 people: "coffee",
 * "python") dominate that work while adding little weight: they do not generate candidates (except
 * for people with too few others), but still count fully in every score. On the 50,000-person bench
 * this keeps 99.78 % of the total score of a search through every list, at a fifth of its time
 * (bench/README.md). The search itself is partnerSearch.ts (typed arrays, a range of people at a
 * time, so half a large round can be searched by another thread: `helper`).
 */
import { TagRarity, type PassionProfile } from '../passions/similarity';
import type { Settings } from '../settings';
import { bridgingTable, type DepartmentTies } from './bridging';
import {
  type ChosenPartners,
  concatChosen,
  MAX_SHARED_CHANNELS,
  type PartnerSearch,
  type PartnerSearchHelper,
  type Rows,
  rowsOf,
  searchPartners,
} from './partnerSearch';
import type { WeightedEdge } from './solve';
import { WORK_END_HOUR, WORK_START_HOUR, workingHoursOverlap } from './timing';

const WORK_HOURS = WORK_END_HOUR - WORK_START_HOUR;

export { MAX_SHARED_CHANNELS };
/** From this many people a round's search is split in two when a helper thread is offered. */
export const PARALLEL_MIN_PEOPLE = 4000;
/**
 * A tag is "common" when more than this share of people (and more than COMMON_TAG_MIN_PEOPLE) hold
 * it; a skill when the geometric mean of its teachers and learners is. Rounds below 20,000 people
 * thus skip only what 1,000 people share: their search is fast without it.
 */
export const COMMON_TAG_SHARE = 0.05;
export const COMMON_TAG_MIN_PEOPLE = 1000;

export interface RoundPerson {
  userId: string;
  department: string;
  tzOffset: number | null;
  passions: PassionProfile;
  /** non-broadcast channels the person is in (for "few shared channels") */
  channels?: readonly string[];
}

export interface RoundConstraints {
  /** pairs tied by an interaction in the last 90 days */
  tiedPairs: Iterable<readonly [string, string]>;
  /** pairs introduced within the cool-down */
  recentIntroPairs: Iterable<readonly [string, string]>;
  /** (blocker, blocked) */
  blocks: Iterable<readonly [string, string]>;
}

export interface CandidateEdge {
  u: number;
  v: number;
  w: number;
  shared: number;
  complement: number;
  bridging: number;
  missingBridge: boolean;
}

export interface CandidateGraph {
  people: RoundPerson[];
  /** the candidate pairs (u < v) and their scores; score(u, v) gives the parts */
  edges: WeightedEdge[];
  rarity: TagRarity;
  /** whether any two people may be introduced (all hard rules; used for trios) */
  allowed(u: number, v: number): boolean;
  /** the score of any allowed pair, or null */
  score(u: number, v: number): CandidateEdge | null;
  /** everyone with something in common with u (a shared tag, or a teach→learn fit either way) */
  related(u: number): number[];
  /** related(x) and score(x, y)'s weight (0 for null) for any y, from one walk (for the trio search) */
  scoresFrom(x: number): ScoresFrom;
}

export interface ScoresFrom {
  /** as related(x) */
  related: number[];
  /** score(x, y)?.w ?? 0 for an allowed pair; valid until the next scoresFrom call */
  weight(y: number): number;
  /** allowed(x, y); valid until the next scoresFrom call */
  allowed(y: number): boolean;
}

type Rounds = Settings['rounds'];

export function candidateGraph(
  people: RoundPerson[],
  constraints: RoundConstraints,
  ties: DepartmentTies,
  rounds: Rounds,
  helper?: PartnerSearchHelper,
  /** bench/round.ts --reference: Infinity walks every list (no common tags or skills) */
  commonShare = COMMON_TAG_SHARE,
): CandidateGraph {
  const n = people.length;
  const { start: fStart, flat: fTo } = forbiddenRows(people, constraints);
  const isForbidden = (u: number, v: number): boolean => {
    let lo = fStart[u];
    let hi = fStart[u + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fTo[mid] < v) lo = mid + 1;
      else if (fTo[mid] > v) hi = mid - 1;
      else return true;
    }
    return false;
  };
  const rarity = new TagRarity(people.map((p) => p.passions));
  const bridge = bridgingTable(ties);
  const weights = rounds.weights;

  // Numbers instead of strings in every hot path: tags, channels and departments become small
  // integers (passionIds, channelRows, departmentTable).
  const { tagsOf, teachOf, learnOf, tagNames } = passionIds(people);
  const T = tagNames.length;
  const tagW = Float64Array.from(tagNames, (t) => rarity.weight(t));
  const tagW2 = Float64Array.from(tagNames, (t) => rarity.weight(t) ** 2);
  const { channelsOf, channelCount } = channelRows(people);
  const { dept, departments: D, bonus, missing } = departmentTable(people, bridge);

  const cheapAllowed = (u: number, v: number) =>
    u !== v &&
    dept[u] !== dept[v] &&
    !isForbidden(u, v) &&
    workingHoursOverlap(people[u].tzOffset, people[v].tzOffset) >= rounds.minOverlapHours;
  /** at most MAX_SHARED_CHANNELS channels in common (sorted id lists, merged) */
  const fewSharedChannels = (u: number, v: number) => {
    const a = channelsOf[u];
    const b = channelsOf[v];
    let shared = 0;
    for (let i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] < b[j]) i += 1;
      else if (a[i] > b[j]) j += 1;
      else {
        if (++shared > MAX_SHARED_CHANNELS) return false;
        i += 1;
        j += 1;
      }
    }
    return true;
  };
  const allowed = (u: number, v: number) => cheapAllowed(u, v) && fewSharedChannels(u, v);

  // Inverted indexes: tag → people with it as a passion / teaching it / learning it (compressed rows,
  // as the partner search takes them; people in ascending order in each row).
  const byTag = invert(tagsOf, T);
  const teachers = invert(teachOf, T);
  const learners = invert(learnOf, T);
  // |u| = √Σ w(t)² over u's distinct tags, summed in their first-seen order as rarity.squaredNorm does
  const norms = Float64Array.from(tagsOf, (list) => {
    let sum = 0;
    for (const t of list) sum += tagW2[t];
    return Math.sqrt(sum);
  });
  const maxW = rarity.maxWeight();

  const sharedOf = (u: number, v: number, dot: number) =>
    dot > 0 && norms[u] > 0 && norms[v] > 0 ? Math.min(1, dot / (norms[u] * norms[v])) : 0;
  const complementOf = (uTeachesV: number, vTeachesU: number) =>
    0.5 * Math.min(1, uTeachesV / maxW) + 0.5 * Math.min(1, vTeachesU / maxW);
  const scoreOf = (shared: number, complement: number, d: number) =>
    weights.passion * shared + weights.complement * complement + weights.bridging * bonus[d];
  const makeEdge = (u: number, v: number, dot: number, uTeachesV: number, vTeachesU: number): CandidateEdge => {
    const shared = sharedOf(u, v, dot);
    const complement = complementOf(uTeachesV, vTeachesU);
    const d = dept[u] * D + dept[v];
    const w = scoreOf(shared, complement, d);
    return {
      u: Math.min(u, v),
      v: Math.max(u, v),
      w,
      shared,
      complement,
      bridging: bonus[d],
      missingBridge: missing[d] === 1,
    };
  };

  // score(): a tag-membership mark per call instead of building Sets.
  const mark = new Int32Array(T);
  let markId = 0;
  /** Σ weight(t) (or weight² with `squared`) over the distinct tags of `from`, in their order, that `to` holds */
  const overlap = (from: Int32Array, to: Int32Array, squared: boolean): number => {
    markId += 1;
    for (const t of to) mark[t] = markId;
    let s = 0;
    for (const t of from) if (mark[t] === markId) s += squared ? tagW2[t] : tagW[t];
    return s;
  };
  const score = (u: number, v: number): CandidateEdge | null => {
    if (!allowed(u, v)) return null;
    const dot = overlap(tagsOf[u], tagsOf[v], true);
    const uv = overlap(teachOf[u], learnOf[v], false);
    const vu = overlap(teachOf[v], learnOf[u], false);
    if (dot <= 0 && uv <= 0 && vu <= 0) return null;
    return makeEdge(u, v, dot, uv, vu);
  };
  /** everyone sharing a tag with u or with a teach→learn fit either way, each once */
  const relatedMark = new Int32Array(n);
  let relatedId = 0;
  const related = (u: number): number[] => {
    const out: number[] = [];
    relatedId += 1;
    const take = (lists: Rows, tags: Int32Array) => {
      for (const t of tags) {
        for (let j = lists.start[t]; j < lists.start[t + 1]; j += 1) {
          const v = lists.flat[j];
          if (relatedMark[v] !== relatedId && v !== u) {
            relatedMark[v] = relatedId;
            out.push(v);
          }
        }
      }
    };
    take(byTag, tagsOf[u]);
    take(learners, teachOf[u]);
    take(teachers, learnOf[u]);
    return out;
  };
  // scoresFrom(x): x's sums with everyone in one walk of x's posting lists, in x's tag order (the
  // order score() adds them in, so the same values)
  const fromDot = new Float64Array(n);
  const fromTeach = new Float64Array(n);
  const fromStamp = new Int32Array(n).fill(-1);
  let fromId = -1;
  const fromForbidden = new Int32Array(n).fill(-1);
  const fromChannel = new Int32Array(channelCount).fill(-1);
  const scoresFrom = (x: number): ScoresFrom => {
    fromId += 1;
    const id = fromId;
    for (let i = fStart[x]; i < fStart[x + 1]; i += 1) fromForbidden[fTo[i]] = id;
    for (const c of channelsOf[x]) fromChannel[c] = id;
    const out: number[] = [];
    const reach = (v: number) => {
      if (fromStamp[v] === id) return;
      fromStamp[v] = id;
      fromDot[v] = 0;
      fromTeach[v] = 0;
      if (v !== x) out.push(v);
    };
    for (const t of tagsOf[x]) {
      const w2 = tagW2[t];
      for (let j = byTag.start[t]; j < byTag.start[t + 1]; j += 1) {
        const v = byTag.flat[j];
        reach(v);
        fromDot[v] += w2;
      }
    }
    for (const t of teachOf[x]) {
      const w = tagW[t];
      for (let j = learners.start[t]; j < learners.start[t + 1]; j += 1) {
        const v = learners.flat[j];
        reach(v);
        fromTeach[v] += w;
      }
    }
    for (const t of learnOf[x])
      for (let j = teachers.start[t]; j < teachers.start[t + 1]; j += 1) reach(teachers.flat[j]);
    const weight = (y: number): number => {
      if (fromId !== id) throw new Error('scoresFrom: weight() used after the next scoresFrom()');
      const dot = fromStamp[y] === id ? fromDot[y] : 0;
      const uv = fromStamp[y] === id ? fromTeach[y] : 0;
      const vu = overlap(teachOf[y], learnOf[x], false);
      if (dot <= 0 && uv <= 0 && vu <= 0) return 0;
      return scoreOf(sharedOf(x, y, dot), complementOf(uv, vu), dept[x] * D + dept[y]);
    };
    /** allowed(x, y), with x's forbidden partners and channels marked */
    const allowedWith = (y: number): boolean => {
      if (fromId !== id) throw new Error('scoresFrom: allowed() used after the next scoresFrom()');
      if (x === y || dept[x] === dept[y] || fromForbidden[y] === id) return false;
      if (tz[x] === tz[y] ? !sameZoneOverlaps : !(workingHoursOverlap(tz[x], tz[y]) >= minOverlap)) return false;
      let shared = 0;
      for (const c of channelsOf[y]) if (fromChannel[c] === id && ++shared > MAX_SHARED_CHANNELS) return false;
      return true;
    };
    return { related: out, weight, allowed: allowedWith };
  };

  const k = rounds.candidatesPerPerson;
  const commonThreshold = Math.max(COMMON_TAG_MIN_PEOPLE, commonShare * n);
  const { commonBit, commonW2, commonMask } = commonTags(tagNames, byTag, tagW2, n, commonThreshold);
  const { commonSkillBit, commonSkillW, teachCommon, learnCommon } = commonSkills(
    tagNames,
    teachers,
    learners,
    tagW,
    teachOf,
    learnOf,
    commonThreshold,
  );
  const tz = Float64Array.from(people, (p) => p.tzOffset ?? 0);
  const minOverlap = rounds.minOverlapHours;
  const sameZoneOverlaps = !(WORK_HOURS < minOverlap); // the test below when both offsets are equal
  const search: PartnerSearch = {
    n,
    k,
    tags: rowsOf(tagsOf),
    teach: rowsOf(teachOf),
    learn: rowsOf(learnOf),
    byTag,
    forbidden: { start: fStart, flat: fTo },
    channels: rowsOf(channelsOf),
    channelCount: channelCount,
    tagW,
    tagW2,
    commonBit,
    commonW2,
    commonMask,
    commonSkillBit,
    commonSkillW,
    teachCommon,
    learnCommon,
    dept,
    departments: D,
    bonus,
    norms,
    tz,
    minOverlap,
    maxW,
    weights: { passion: weights.passion, complement: weights.complement, bridging: weights.bridging },
  };
  const chosen = searchAll(search, helper);
  const { from: chosenFrom, to: chosenTo, dot: chosenDot, ab: chosenAB, ba: chosenBA } = chosen;

  // the matcher needs only the pair and its weight (score() gives the parts): ~300k small objects
  const edges: WeightedEdge[] = [];
  for (const i of byPairKeepingLast(chosenFrom, chosenTo, chosen.count, n)) {
    const a = chosenFrom[i];
    const b = chosenTo[i];
    const w = scoreOf(sharedOf(a, b, chosenDot[i]), complementOf(chosenAB[i], chosenBA[i]), dept[a] * D + dept[b]);
    edges.push(a < b ? { u: a, v: b, w } : { u: b, v: a, w });
  }
  return { people, edges, rarity, allowed, score, related, scoresFrom };
}

/** Forbidden pairs (tied, recently introduced, blocked) as sorted rows per person, both ways. */
function forbiddenRows(people: RoundPerson[], constraints: RoundConstraints): Rows {
  const n = people.length;
  const index = new Map(people.map((p, i) => [p.userId, i]));
  const fa: number[] = [];
  const fb: number[] = [];
  for (const list of [constraints.tiedPairs, constraints.recentIntroPairs, constraints.blocks]) {
    for (const [a, b] of list) {
      const ia = index.get(a);
      const ib = index.get(b);
      if (ia !== undefined && ib !== undefined && ia !== ib) {
        fa.push(ia);
        fb.push(ib);
      }
    }
  }
  const fStart = new Int32Array(n + 1);
  for (let i = 0; i < fa.length; i += 1) {
    fStart[fa[i] + 1] += 1;
    fStart[fb[i] + 1] += 1;
  }
  for (let i = 0; i < n; i += 1) fStart[i + 1] += fStart[i];
  const fTo = new Int32Array(fStart[n]);
  const fFill = fStart.slice(0, n);
  for (let i = 0; i < fa.length; i += 1) {
    fTo[fFill[fa[i]]++] = fb[i];
    fTo[fFill[fb[i]]++] = fa[i];
  }
  for (let i = 0; i < n; i += 1) fTo.subarray(fStart[i], fStart[i + 1]).sort();
  return { start: fStart, flat: fTo };
}

/**
 * Each person's tags, teach and learn lists as small integer ids (ids shared by the three lists).
 * Each list keeps its distinct tags in first-seen order, so sums are added in the same order as
 * over the strings and every score is bit-for-bit the same.
 */
function passionIds(people: RoundPerson[]): {
  tagsOf: Int32Array[];
  teachOf: Int32Array[];
  learnOf: Int32Array[];
  tagNames: string[];
} {
  const tagIds = new Map<string, number>();
  const tagNames: string[] = [];
  const seenIn: number[] = []; // per tag id: the last internTags call that met it (no Set per list)
  let call = 0;
  const internTags = (list: readonly string[]): Int32Array => {
    call += 1;
    const out = new Int32Array(list.length);
    let size = 0;
    for (const t of list) {
      let id = tagIds.get(t);
      if (id === undefined) {
        id = tagNames.length;
        tagIds.set(t, id);
        tagNames.push(t);
        seenIn.push(0);
      }
      if (seenIn[id] === call) continue;
      seenIn[id] = call;
      out[size++] = id;
    }
    return size === out.length ? out : out.slice(0, size);
  };
  const tagsOf = people.map((p) => internTags(p.passions.tags));
  const teachOf = people.map((p) => internTags(p.passions.teach));
  const learnOf = people.map((p) => internTags(p.passions.learn));
  return { tagsOf, teachOf, learnOf, tagNames };
}

/** Each person's distinct channels as sorted small integer ids (for "few shared channels"). */
function channelRows(people: RoundPerson[]): { channelsOf: Int32Array[]; channelCount: number } {
  const channelIds = new Map<string, number>();
  const channelSeenIn: number[] = [];
  const channelsOf = people.map((p, i) => {
    const list = p.channels ?? [];
    const ids = new Int32Array(list.length);
    let size = 0;
    for (const c of list) {
      let id = channelIds.get(c);
      if (id === undefined) {
        id = channelIds.size;
        channelIds.set(c, id);
        channelSeenIn.push(-1);
      }
      if (channelSeenIn[id] === i) continue;
      channelSeenIn[id] = i;
      ids[size++] = id;
    }
    return (size === ids.length ? ids : ids.slice(0, size)).sort();
  });
  return { channelsOf, channelCount: channelIds.size };
}

/** Each person's department as an index, and the bridging bonus and missing-bridge flag of every department pair (a·D + b). */
function departmentTable(
  people: RoundPerson[],
  bridge: ReturnType<typeof bridgingTable>,
): { dept: Int32Array; departments: number; bonus: Float64Array; missing: Uint8Array } {
  const deptNames = [...new Set(people.map((p) => p.department))];
  const deptIndex = new Map(deptNames.map((d, i) => [d, i]));
  const dept = Int32Array.from(people, (p) => deptIndex.get(p.department)!);
  const D = deptNames.length;
  const bonus = new Float64Array(D * D);
  const missing = new Uint8Array(D * D);
  for (let a = 0; a < D; a += 1) {
    for (let b = 0; b < D; b += 1) {
      const x = bridge(deptNames[a], deptNames[b]);
      bonus[a * D + b] = x.bonus;
      missing[a * D + b] = x.missingBridge ? 1 : 0;
    }
  }
  return { dept, departments: D, bonus, missing };
}

/**
 * The (at most 30) most common tags, when held by many people: walking their posting lists is most
 * of the work (Σ df²) and finds weak pairs, so the partner search scores them through a bit mask.
 */
function commonTags(
  tagNames: string[],
  byTag: Rows,
  tagW2: Float64Array,
  n: number,
  commonThreshold: number,
): { commonBit: Int32Array; commonW2: Float64Array; commonMask: Int32Array } {
  const holders = (t: number) => byTag.start[t + 1] - byTag.start[t];
  const { common, bit: commonBit } = mostCostly(tagNames, holders, commonThreshold);
  const commonW2 = Float64Array.from(common, ([, id]) => tagW2[id]);
  const commonMask = new Int32Array(n);
  common.forEach(([, id], i) => {
    for (let j = byTag.start[id]; j < byTag.start[id + 1]; j += 1) commonMask[byTag.flat[j]] |= 1 << i;
  });
  return { commonBit, commonW2, commonMask };
}

/**
 * The (at most 30) skills most taught and wanted at once. Walking them costs teachers × learners
 * twice (each teacher meets every learner, each learner every teacher): a skill taught and wanted
 * by a tenth of a large workspace each costs more than all its rare tags together, and pairs it
 * finds are weak (a common skill weighs little). A skill is common when the geometric mean of its
 * teachers and learners exceeds the common-tag threshold; like common tags, it is walked only for
 * people with too few partners otherwise, and always counts in the score (bit masks).
 */
function commonSkills(
  tagNames: string[],
  teachers: Rows,
  learners: Rows,
  tagW: Float64Array,
  teachOf: readonly Int32Array[],
  learnOf: readonly Int32Array[],
  threshold: number,
): { commonSkillBit: Int32Array; commonSkillW: Float64Array; teachCommon: Int32Array; learnCommon: Int32Array } {
  const count = (rows: Rows, t: number) => rows.start[t + 1] - rows.start[t];
  // the geometric mean of teachers and learners, against the threshold
  const cost = (t: number) => Math.sqrt(count(teachers, t) * count(learners, t));
  const { common, bit: commonSkillBit } = mostCostly(tagNames, cost, threshold);
  const commonSkillW = Float64Array.from(common, ([, id]) => tagW[id]);
  const masks = (lists: readonly Int32Array[]) =>
    Int32Array.from(lists, (list) => {
      let mask = 0;
      for (const t of list) if (commonSkillBit[t] >= 0) mask |= 1 << commonSkillBit[t];
      return mask;
    });
  return { commonSkillBit, commonSkillW, teachCommon: masks(teachOf), learnCommon: masks(learnOf) };
}

/**
 * The (at most 30: one bit each in a 32-bit mask) tags whose cost exceeds the threshold, costliest
 * first (equal costs by name), and each tag's bit (-1: not common).
 */
function mostCostly(
  tagNames: string[],
  cost: (id: number) => number,
  threshold: number,
): { common: Array<readonly [string, number]>; bit: Int32Array } {
  const common = tagNames
    .map((t, id) => [t, id] as const)
    .filter(([, id]) => cost(id) > threshold)
    .sort((a, b) => cost(b[1]) - cost(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, 30);
  const bit = new Int32Array(tagNames.length).fill(-1);
  common.forEach(([, id], i) => {
    bit[id] = i;
  });
  return { common, bit };
}

/** Everyone's best partners: two halves at once when another thread is offered and the round is large (the same partners). */
function searchAll(search: PartnerSearch, helper?: PartnerSearchHelper): ChosenPartners {
  const n = search.n;
  if (helper && n >= PARALLEL_MIN_PEOPLE) {
    const mid = n >> 1;
    const rest = helper.start(search, mid, n);
    return concatChosen(searchPartners(search, 0, mid), rest());
  }
  return searchPartners(search, 0, n);
}

/**
 * Entries sorted by pair (lower person, then higher), one per pair: of a pair listed twice, the
 * later entry (two stable counting sorts instead of a Map keyed by pair and a comparison sort).
 */
function byPairKeepingLast(from: Int32Array, to: Int32Array, count: number, n: number): Int32Array {
  const lo = (i: number) => Math.min(from[i], to[i]);
  const hi = (i: number) => Math.max(from[i], to[i]);
  const bucket = new Int32Array(n + 1);
  const byHi = new Int32Array(count);
  for (let i = 0; i < count; i += 1) bucket[hi(i) + 1] += 1;
  for (let x = 0; x < n; x += 1) bucket[x + 1] += bucket[x];
  for (let i = 0; i < count; i += 1) byHi[bucket[hi(i)]++] = i;
  bucket.fill(0);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i += 1) bucket[lo(i) + 1] += 1;
  for (let x = 0; x < n; x += 1) bucket[x + 1] += bucket[x];
  for (let j = 0; j < count; j += 1) order[bucket[lo(byHi[j])]++] = byHi[j];
  const kept = new Int32Array(count);
  let size = 0;
  for (let j = 0; j < count; j += 1) {
    const i = order[j];
    const next = j + 1 < count ? order[j + 1] : -1;
    if (next >= 0 && lo(next) === lo(i) && hi(next) === hi(i)) continue;
    kept[size++] = i;
  }
  return kept.subarray(0, size);
}

/** Rows per tag listing the people (in ascending order) whose lists hold it: the inverse of `lists`. */
function invert(lists: readonly Int32Array[], tags: number): Rows {
  const start = new Int32Array(tags + 1);
  for (const list of lists) for (const t of list) start[t + 1] += 1;
  for (let t = 0; t < tags; t += 1) start[t + 1] += start[t];
  const fill = start.slice(0, tags);
  const flat = new Int32Array(start[tags]);
  lists.forEach((list, person) => {
    for (const t of list) flat[fill[t]++] = person;
  });
  return { start, flat };
}
