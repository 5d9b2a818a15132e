/**
 * The round code's exact output on seeded inputs of several sizes (tests/support/matchingInputs.ts):
 * every pair, trio, score and unmatched person must stay the same when the code is made faster.
 * The behavioural tests in matching.test.ts say what a round must do; this one says that a faster
 * round does exactly that. A deliberate change of the matching rules, the scores or the solver
 * changes these digests: record new ones then, and say so in the commit.
 *
 * Recorded before the speed work of 2026-11-30; recorded again on 2026-12-01 when blossom.ts began
 * keeping its alternating trees across augmentations. That solver returns another maximum-weight
 * matching where several exist: the exact cases kept their totals, counts and (tiny) digest; the
 * greedy case kept its total; greedy-common-tags, whose windows took other equally good choices
 * along the way, ended 0.011 % lower (2971.310 → 2970.991). exact-common-tags is new: the same
 * 6,001 people solved exactly, as live rounds up to EXACT_MAX_PEOPLE (10,000 then; 50,000 since 2026-12-06) are.
 *
 * Recorded again on 2026-12-06, a deliberate change of the candidate search (candidates.ts): skills
 * taught and wanted by many are no longer walked (like common tags), and a tag or skill is common
 * from max(1,000 people, 5 %) instead of max(200, 10 %). The four cases of 1,201+ people changed:
 * exact-large kept its total (517.108); greedy rose 1382.839 → 1385.401; greedy-common-tags went
 * 2970.991 → 2970.729 (−0.009 %); exact-common-tags 2995.092 → 2995.127. tiny and small did not change.
 * And again the same day: the search walks only people in time zones that can meet, so "too few
 * partners" (the common-tag fallback) counts only possible partners: greedy 1385.401 → 1384.112,
 * greedy-common-tags 2970.729 → 2974.206, exact-common-tags 2995.127 → 2995.459.
 */
import { proposeIntroductions } from '../../src/domain/matching/proposeIntroductions';
import { GOLDEN_CASES, goldenInput, proposalFingerprint } from '../support/matchingInputs';

const recorded: Record<string, ReturnType<typeof proposalFingerprint>> = {
  tiny: {
    digest: 'ada7d221fa0786e015efa65d19d18035246291881715b5c57a0e99163c5a9746',
    introductions: 19,
    trios: 1,
    unmatched: 2,
    candidatePairs: 182,
    total: 17.936547375658055,
    method: 'exact',
  },
  small: {
    digest: 'a01482a787473a168e5eea1b4fc9cfce17466284983d871b43aa0ed2a3ec0855',
    introductions: 144,
    trios: 3,
    unmatched: 10,
    candidatePairs: 2543,
    total: 129.53510206860904,
    method: 'exact',
  },
  'exact-large': {
    digest: 'c3c3d7b2132c85b06b2a81a5c2884ba9fb4720e8a2d387f61b5e5366f532e6c0',
    introductions: 576,
    trios: 3,
    unmatched: 46,
    candidatePairs: 11254,
    total: 517.1081563153883,
    method: 'exact',
  },
  greedy: {
    digest: '88b051e10fc2e455bf5b4503577f5cd3ce4f1af4469048ee2a3b10d34f4d13cb',
    introductions: 1458,
    trios: 12,
    unmatched: 73,
    candidatePairs: 29511,
    total: 1384.112432494538,
    method: 'greedy+local',
  },
  'greedy-common-tags': {
    digest: 'ae047c60161350d8551220829114de7b3cb20463979e6559732de71ac48e66ff',
    introductions: 2900,
    trios: 40,
    unmatched: 161,
    candidatePairs: 62610,
    total: 2974.206495530542,
    method: 'greedy+local',
  },
  'exact-common-tags': {
    digest: '3a7f1d817e2256683eb8f65486fced7e499025076adba003c17c1be3040efcdd',
    introductions: 2914,
    trios: 12,
    unmatched: 161,
    candidatePairs: 62610,
    total: 2995.4589921234647,
    method: 'exact',
  },
};

describe('a round proposes exactly what was recorded', () => {
  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))(
    '%s',
    (name, c) => {
      expect(proposalFingerprint(proposeIntroductions(goldenInput(c)))).toEqual(recorded[name]);
    },
    120_000,
  );
});
