/**
 * The candidate search split over two threads (src/cli/partnerSearchThread.ts) must find exactly
 * the partners one search finds: the same proposals, pair for pair, on a round large enough to be
 * split (PARALLEL_MIN_PEOPLE), with common tags, teach/learn fits, channels, ties and blocks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it.each([
    ['cannot start (its file throws as it loads)', 'throw new Error("cannot load");'],
    [
      'dies in the middle of a search',
      'require("node:worker_threads").parentPort.on("message", (m) => { if (m.search) process.exit(3); });',
    ],
  ])(
    'searches on one thread, with the same proposals and in bounded time, when the other thread %s',
    async (_case, code) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'partner-worker-'));
      const workerFile = path.join(dir, 'worker.js');
      writeFileSync(workerFile, code);
      const reasons: string[] = [];
      const thread = partnerSearchThread({ workerFile, minWaitMs: 1_000, onFallback: (why) => reasons.push(why) })!;
      try {
        const input = goldenInput(GOLDEN_CASES.find((g) => g.name === 'greedy-common-tags')!);
        let started = Date.now();
        const one = proposalFingerprint(proposeIntroductions(input));
        const oneThreadMs = Date.now() - started;
        started = Date.now();
        expect(proposalFingerprint(proposeIntroductions({ ...input, partnerSearch: thread }))).toEqual(one);
        // bounded: the wait is at most 3 times the main thread's own half (or 1 s here), then the half is searched here
        expect(Date.now() - started).toBeLessThan(5 * oneThreadMs + 5_000);
        expect(reasons.length).toBeGreaterThan(0);
      } finally {
        await thread.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
