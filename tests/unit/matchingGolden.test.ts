/**
 * The round code's exact output on seeded inputs of several sizes (tests/support/matchingInputs.ts),
 * recorded before the speed work of 2026-11-30 (bench/README.md): every pair, trio, score and
 * unmatched person must stay the same when the code is made faster. The behavioural tests in
 * matching.test.ts say what a round must do; this one says that a faster round does exactly that.
 * A deliberate change of the matching rules or scores changes these digests: record new ones then,
 * and say so in the commit.
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
    digest: '227b4128758d2bba376696bed26d31ce1c42a55ae0867646fc3bbfb7bb3f9248',
    introductions: 144,
    trios: 3,
    unmatched: 10,
    candidatePairs: 2543,
    total: 129.53510206860904,
    method: 'exact',
  },
  'exact-large': {
    digest: '9611f1e1b8e308c5391c92aa4d2b1d140e4e0cf65f6763657930de5060377f0f',
    introductions: 576,
    trios: 3,
    unmatched: 46,
    candidatePairs: 11214,
    total: 517.1081563153883,
    method: 'exact',
  },
  greedy: {
    digest: 'f26abaf72647440f344e845a6390729ee0379d2201682472266ac473d5ad7e88',
    introductions: 1456,
    trios: 16,
    unmatched: 73,
    candidatePairs: 29553,
    total: 1382.8388331619708,
    method: 'greedy+local',
  },
  'greedy-common-tags': {
    digest: '934772cc5ef5d1cc2e88ec5b0ce18be5b296908cd1dd9e0df10b78938bcb992b',
    introductions: 2901,
    trios: 38,
    unmatched: 161,
    candidatePairs: 63212,
    total: 2971.3104433929598,
    method: 'greedy+local',
  },
};

describe('a round proposes exactly what it proposed before the speed work', () => {
  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))(
    '%s',
    (name, c) => {
      expect(proposalFingerprint(proposeIntroductions(goldenInput(c)))).toEqual(recorded[name]);
    },
    120_000,
  );
});
