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
    digest: '87a00a42d139135b58164b3539890f3ba997a31c265480fb842065bdfdbb80eb',
    introductions: 576,
    trios: 3,
    unmatched: 46,
    candidatePairs: 11214,
    total: 517.1081563153883,
    method: 'exact',
  },
  greedy: {
    digest: '90c73168b5a611f8bd90375cdb30434b0991f58eec24f116b7067cb914c5ff21',
    introductions: 1456,
    trios: 16,
    unmatched: 73,
    candidatePairs: 29553,
    total: 1382.8388331619708,
    method: 'greedy+local',
  },
  'greedy-common-tags': {
    digest: '22b9480190ce5c8d82454811f8f666030363602b99424db929f1ab71414411df',
    introductions: 2901,
    trios: 38,
    unmatched: 161,
    candidatePairs: 63212,
    total: 2970.9905561915753,
    method: 'greedy+local',
  },
  'exact-common-tags': {
    digest: '9378e4dec047625d65593653e0bdb0595e1ea04e4bc8d4e97702f1ad7c2586bb',
    introductions: 2914,
    trios: 12,
    unmatched: 161,
    candidatePairs: 63212,
    total: 2995.092334254377,
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
