/**
 * Seeded round inputs of several sizes for the matching golden test (tests/unit/matchingGolden.test.ts):
 * Zipf-like passions (so large inputs have "common" tags), teach/learn, time zones, channels, ties,
 * recent introductions and blocks, so every rule and every solver path (exact, greedy + windows) runs.
 */
import { createHash } from 'node:crypto';
import type { DepartmentTies } from '../../src/domain/matching/bridging';
import { departmentPairKey } from '../../src/domain/matching/bridging';
import type { RoundPerson } from '../../src/domain/matching/candidates';
import type { RoundInput, RoundProposal } from '../../src/domain/matching/proposeIntroductions';
import { seededRandom } from '../../src/domain/random';
import { defaultSettings } from '../../src/domain/settings';

export const GOLDEN_CASES = [
  { name: 'tiny', people: 41, departments: 4, tags: 12, seed: 1 },
  { name: 'small', people: 301, departments: 8, tags: 60, seed: 2 },
  { name: 'exact-large', people: 1201, departments: 12, tags: 150, seed: 3 },
  // the large-graph solver (live rounds use it above EXACT_MAX_PEOPLE) on inputs small enough to test
  { name: 'greedy', people: 3001, departments: 15, tags: 200, seed: 4, exactMaxPeople: 2000 },
  { name: 'greedy-common-tags', people: 6001, departments: 20, tags: 120, seed: 5, exactMaxPeople: 2000 },
  // the same people as greedy-common-tags, solved exactly as a live round of that size is
  { name: 'exact-common-tags', people: 6001, departments: 20, tags: 120, seed: 5 },
] as const;

export function goldenInput(c: (typeof GOLDEN_CASES)[number]): RoundInput {
  const rnd = seededRandom(`golden:${c.seed}`);
  const pick = (k: number) => Math.floor(rnd() * k);
  // Zipf-like: tag i with weight 1/(i+1)
  const zipf = () => {
    const r = rnd();
    return Math.min(c.tags - 1, Math.floor(Math.exp(r * Math.log(c.tags + 1))) - 1);
  };
  const zones = [-8, -5, 0, 1, 2, 5.5, 8, 10, null];
  const people: RoundPerson[] = [];
  for (let i = 0; i < c.people; i++) {
    const userId = `U${String(i).padStart(5, '0')}`;
    // about 1 in 20 has no passions (so no candidates: reported unmatched)
    const tags = rnd() < 0.05 ? [] : Array.from({ length: 1 + pick(6) }, () => `t${zipf()}`);
    const teach = rnd() < 0.3 ? [`t${zipf()}`] : [];
    const learn = rnd() < 0.3 ? [`t${zipf()}`, `t${pick(c.tags)}`] : [];
    const zone = zones[pick(zones.length)];
    people.push({
      userId,
      department: `D${pick(c.departments)}`,
      tzOffset: zone === null ? null : zone * 3600,
      passions: { userId, tags, teach, learn },
      channels: Array.from({ length: pick(5) }, () => `C${pick(20)}`),
    });
  }
  const id = (i: number) => people[i].userId;
  const tiedPairs: Array<[string, string]> = [];
  for (let i = 0; i < c.people * 3; i++) tiedPairs.push([id(pick(c.people)), id(pick(c.people))]);
  const recentIntroPairs: Array<[string, string]> = [];
  for (let i = 0; i < c.people / 2; i++) recentIntroPairs.push([id(pick(c.people)), id(pick(c.people))]);
  const blocks: Array<[string, string]> = [];
  for (let i = 0; i < c.people / 10; i++) blocks.push([id(pick(c.people)), id(pick(c.people))]);
  const sizes = new Map<string, number>();
  for (const p of people) sizes.set(p.department, (sizes.get(p.department) ?? 0) + 1);
  const ties = new Map<string, number>();
  for (const [a, b] of tiedPairs) {
    const k = departmentPairKey(people[Number(a.slice(1))].department, people[Number(b.slice(1))].department);
    ties.set(k, (ties.get(k) ?? 0) + 1);
  }
  const deptTies: DepartmentTies = { sizes, ties, totalTies: tiedPairs.length };
  return {
    people,
    constraints: { tiedPairs, recentIntroPairs, blocks },
    ties: deptTies,
    rounds: defaultSettings().rounds,
    seed: `golden-seed-${c.seed}`,
    exactMaxPeople: 'exactMaxPeople' in c ? c.exactMaxPeople : undefined,
  };
}

/** A digest of everything a proposal says (floats serialised exactly), and a few readable figures. */
export function proposalFingerprint(p: RoundProposal): {
  digest: string;
  introductions: number;
  trios: number;
  unmatched: number;
  candidatePairs: number;
  total: number;
  method: string;
} {
  return {
    digest: createHash('sha256').update(JSON.stringify(p)).digest('hex'),
    introductions: p.introductions.length,
    trios: p.introductions.filter((i) => i.members.length === 3).length,
    unmatched: p.unmatched.length,
    candidatePairs: p.candidatePairs,
    total: p.total,
    method: p.method,
  };
}
