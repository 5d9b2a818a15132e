/**
 * A large round runs in a worker thread (src/services/intros/roundThread.ts): the app keeps
 * answering Slack while it is computed, and the introductions are exactly those computed inline.
 */
import { proposeIntroductions } from '../../src/domain/matching/proposeIntroductions';
import { proposeRound } from '../../src/services/intros/roundThread';
import { GOLDEN_CASES, goldenInput, proposalFingerprint } from '../support/matchingInputs';

const input = goldenInput(GOLDEN_CASES.find((c) => c.name === 'greedy')!); // 3,001 people

describe('a round off the event loop', () => {
  const inline = proposeIntroductions(input);

  it('gives the introductions, unmatched people and comparison pairs computed inline, while the event loop keeps running', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    const run = await proposeRound(input, { minPeople: 1000 });
    clearInterval(timer);
    expect(run.ranOn).toBe('thread');
    expect(proposalFingerprint(run.proposal)).toEqual(proposalFingerprint(inline));
    expect(run.proposal.introductions).toEqual(inline.introductions);
    expect(run.proposal.notChosen).toEqual(inline.notChosen);
    expect(run.proposal.notChosen.length).toBeGreaterThan(1000);
    // inline, the await above would have returned without the timer ever firing
    expect(ticks).toBeGreaterThan(0);
  });

  it('computes the round inline, and says why, when the worker cannot run', async () => {
    const heard: string[] = [];
    const run = await proposeRound(input, {
      minPeople: 1000,
      workerFile: `${__dirname}/no-such-worker.js`,
      onFallback: (why) => heard.push(why),
    });
    expect(run.ranOn).toBe('inline');
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatch(/round worker/);
    expect(proposalFingerprint(run.proposal)).toEqual(proposalFingerprint(inline));
  });

  it('keeps a small round inline, without a thread', async () => {
    const small = goldenInput(GOLDEN_CASES.find((c) => c.name === 'tiny')!);
    const run = await proposeRound(small);
    expect(run.ranOn).toBe('inline');
    expect(proposalFingerprint(run.proposal)).toEqual(proposalFingerprint(proposeIntroductions(small)));
  });
});
