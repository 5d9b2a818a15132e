/**
 * The candidate search split over two threads (src/cli/partnerSearchThread.ts) must find exactly
 * the partners one search finds: the same proposals, pair for pair, on a round large enough to be
 * split (PARALLEL_MIN_PEOPLE), with common tags, teach/learn fits, channels, ties and blocks.
 */
import { PARALLEL_MIN_PEOPLE } from '../../src/domain/matching/candidates';
import { proposeIntroductions } from '../../src/domain/matching/proposeIntroductions';
import { partnerSearchThread } from '../../src/cli/partnerSearchThread';
import { GOLDEN_CASES, goldenInput, proposalFingerprint } from '../support/matchingInputs';

describe('the candidate search on two threads', () => {
  it('proposes exactly what one thread proposes', async () => {
    const thread = partnerSearchThread();
    expect(thread).toBeDefined();
    try {
      for (const name of ['greedy-common-tags', 'exact-common-tags'] as const) {
        const c = GOLDEN_CASES.find((g) => g.name === name)!;
        expect(c.people).toBeGreaterThanOrEqual(PARALLEL_MIN_PEOPLE);
        const one = proposeIntroductions(goldenInput(c));
        const two = proposeIntroductions({ ...goldenInput(c), partnerSearch: thread });
        expect(proposalFingerprint(two)).toEqual(proposalFingerprint(one));
        expect(two.notChosen).toEqual(one.notChosen);
      }
    } finally {
      await thread?.close();
    }
  }, 120_000);

  it('says so when the other thread fails, instead of waiting or proposing half a round', async () => {
    const thread = partnerSearchThread()!;
    try {
      const c = GOLDEN_CASES.find((g) => g.name === 'greedy-common-tags')!;
      const input = goldenInput(c);
      // a search the worker cannot run: its rows are missing
      const finish = thread.start({ n: 10 } as never, 0, 10);
      expect(() => finish()).toThrow(/partner search thread failed/);
      // and the thread still works afterwards
      expect(proposalFingerprint(proposeIntroductions({ ...input, partnerSearch: thread }))).toEqual(
        proposalFingerprint(proposeIntroductions(input)),
      );
    } finally {
      await thread.close();
    }
  }, 120_000);
});
