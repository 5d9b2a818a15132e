/**
 * A round's introductions: candidate graph → maximum-weight matching → trios for the odd ones out.
 *
 * Deterministic for a seed: people are put in a seeded order before anything else, and every later
 * step breaks ties by that order, so the same inputs and seed give the same round.
 *
 * An odd person out (left unmatched though they have candidates) joins the existing pair that
 * maximises the sum of their scores with both members, provided every hard rule holds for both;
 * each pair takes at most one extra person. Whoever is still unmatched is reported as such.
 */
import { passionSimilarity, type TeachLearnFit } from '../passions/similarity';
import type { Settings } from '../settings';
import type { DepartmentTies } from './bridging';
import { candidateGraph, type CandidateEdge, type RoundConstraints, type RoundPerson } from './candidates';
import type { PartnerSearchHelper } from './partnerSearch';
import { seededShuffle } from '../random';
import type { IntroPairShare } from '../introductions/whatEachIsTold';
import { EXACT_MAX_PEOPLE, type MatchingMethod, maximumWeightMatching, NEAR_EXACT_MIN_PEOPLE } from './solve';

export interface ProposedIntroduction {
  /** two or three user ids */
  members: string[];
  departments: string[];
  score: number;
  /** every tag shared by any two members (for counts; messages use `pairs`) */
  sharedTags: string[];
  fits: TeachLearnFit[];
  /** per pair: what those two share — a trio member is told only their own pairs (whatEachIsTold.ts) */
  pairs: IntroPairShare[];
  /** the pair (or any pair of a trio) bridges departments with far fewer ties than chance predicts */
  missingBridge: boolean;
  /** per pair inside the introduction: the parts of the score */
  parts: Array<{ a: string; b: string; shared: number; complement: number; bridging: number; score: number }>;
}

export interface RoundProposal {
  introductions: ProposedIntroduction[];
  unmatched: string[];
  total: number;
  method: MatchingMethod;
  candidatePairs: number;
  /** candidate pairs that were not chosen: a comparison group for the funnel (made when first read) */
  readonly notChosen: Array<[string, string]>;
  /** the same pairs as numbers into `ids` (two typed arrays cross threads in one move, not 10⁵ strings) */
  notChosenNumbered(): NumberedPairs;
}

export interface NumberedPairs {
  ids: string[];
  a: Int32Array;
  b: Int32Array;
}

/** Numbered pairs as user id pairs. */
export function pairsOf(p: NumberedPairs): Array<[string, string]> {
  const out = new Array<[string, string]>(p.a.length);
  for (let i = 0; i < p.a.length; i += 1) out[i] = [p.ids[p.a[i]], p.ids[p.b[i]]];
  return out;
}

export interface RoundInput {
  people: RoundPerson[];
  constraints: RoundConstraints;
  ties: DepartmentTies;
  rounds: Settings['rounds'];
  seed: string;
  exactMaxPeople?: number;
  /** from this many people the matching may stop once proved near the maximum (solve.ts) */
  nearExactMinPeople?: number;
  /** another thread for half of a large round's candidate search (the same result; faster) */
  partnerSearch?: PartnerSearchHelper;
  /** bench/round.ts --reference: walk every tag and skill list (see candidates.ts COMMON_TAG_SHARE) */
  commonShare?: number;
  /** told when each step ends (bench/round.ts times them; the domain reads no clock) */
  onStepDone?: (step: 'candidates' | 'matching' | 'groups') => void;
}

export function proposeIntroductions(input: RoundInput): RoundProposal {
  const sorted = [...input.people].sort((a, b) => a.userId.localeCompare(b.userId));
  const people = seededShuffle(sorted, input.seed);
  const graph = candidateGraph(
    people,
    input.constraints,
    input.ties,
    input.rounds,
    input.partnerSearch,
    input.commonShare,
  );
  input.onStepDone?.('candidates');
  const n = people.length;
  const matching = maximumWeightMatching(
    n,
    graph.edges,
    input.exactMaxPeople ?? EXACT_MAX_PEOPLE,
    input.nearExactMinPeople ?? NEAR_EXACT_MIN_PEOPLE,
  );
  input.onStepDone?.('matching');
  const mate = matching.mate;

  const groups: number[][] = [];
  const groupOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i += 1) {
    if (mate[i] > i) {
      groupOf[i] = groupOf[mate[i]] = groups.length;
      groups.push([i, mate[i]]);
    }
  }
  const hasCandidate = new Uint8Array(n);
  for (const e of graph.edges) hasCandidate[e.u] = hasCandidate[e.v] = 1;

  // Odd ones out join the best pair as a trio.
  const nearMark = new Int32Array(groups.length);
  for (let x = 0; x < n; x += 1) {
    if (mate[x] >= 0 || !hasCandidate[x]) continue;
    let best = -1;
    let bestScore = 0;
    // Only a pair with a member x shares something with can score above 0: look at those pairs
    // alone, in group order (the first best wins, as when every pair was tried).
    const from = graph.scoresFrom(x);
    const near: number[] = [];
    for (const y of from.related) {
      const g = groupOf[y];
      if (g >= 0 && groups[g].length === 2 && nearMark[g] !== x + 1) {
        nearMark[g] = x + 1;
        near.push(g);
      }
    }
    near.sort((a, b) => a - b);
    for (const g of near) {
      const [a, b] = groups[g];
      if (groups[g].length !== 2 || !from.allowed(a) || !from.allowed(b)) continue;
      // score(x, ·) of an allowed pair, without making its edge
      const s = from.weight(a) + from.weight(b);
      if (s > bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (best >= 0) {
      groups[best].push(x);
      groupOf[x] = best;
    }
  }

  const introductions = groups.map((g): ProposedIntroduction => {
    const parts: ProposedIntroduction['parts'] = [];
    const edges: CandidateEdge[] = [];
    for (let i = 0; i < g.length; i += 1) {
      for (let j = i + 1; j < g.length; j += 1) {
        const e = graph.score(g[i], g[j]);
        if (!e) continue;
        edges.push(e);
        parts.push({
          a: people[g[i]].userId,
          b: people[g[j]].userId,
          shared: e.shared,
          complement: e.complement,
          bridging: e.bridging,
          score: e.w,
        });
      }
    }
    const sharedTags = new Set<string>();
    const fits: TeachLearnFit[] = [];
    const pairs: IntroPairShare[] = [];
    for (let i = 0; i < g.length; i += 1) {
      for (let j = i + 1; j < g.length; j += 1) {
        const s = passionSimilarity(people[g[i]].passions, people[g[j]].passions, graph.rarity);
        for (const t of s.sharedTags) sharedTags.add(t);
        fits.push(...s.fits);
        pairs.push({ a: people[g[i]].userId, b: people[g[j]].userId, sharedTags: s.sharedTags, fits: s.fits });
      }
    }
    return {
      members: g.map((i) => people[i].userId),
      departments: g.map((i) => people[i].department),
      score: edges.reduce((s, e) => s + e.w, 0),
      sharedTags: [...sharedTags].sort((a, b) => graph.rarity.weight(b) - graph.rarity.weight(a) || a.localeCompare(b)),
      fits,
      pairs,
      missingBridge: edges.some((e) => e.missingBridge),
      parts,
    };
  });
  introductions.sort((a, b) => b.score - a.score || a.members[0].localeCompare(b.members[0]));
  input.onStepDone?.('groups');
  // Made when read (live rounds read it once; the simulation never does): ~300k pairs a round at scale.
  let notChosen: Array<[string, string]> | undefined;
  const notChosenNumbered = (): NumberedPairs => {
    let count = 0;
    const kept = (e: { u: number; v: number }) => groupOf[e.u] < 0 || groupOf[e.u] !== groupOf[e.v];
    for (const e of graph.edges) if (kept(e)) count += 1;
    const a = new Int32Array(count);
    const b = new Int32Array(count);
    let i = 0;
    for (const e of graph.edges) {
      if (!kept(e)) continue;
      a[i] = e.u;
      b[i++] = e.v;
    }
    return { ids: people.map((p) => p.userId), a, b };
  };
  return {
    introductions,
    unmatched: people
      .filter((_, i) => groupOf[i] < 0)
      .map((p) => p.userId)
      .sort(),
    total: introductions.reduce((s, i) => s + i.score, 0),
    method: matching.method,
    candidatePairs: graph.edges.length,
    get notChosen() {
      notChosen ??= pairsOf(notChosenNumbered());
      return notChosen;
    },
    notChosenNumbered,
  };
}
