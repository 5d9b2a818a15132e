/**
 * Worker thread: one introduction round (src/domain/matching/proposeIntroductions.ts) off the
 * app's event loop, with a second thread for half of a large round's candidate search.
 * Started by src/services/intros/roundThread.ts; built to dist/workers/round.js.
 *
 * The people come and the proposal goes back as JSON text (faster to rebuild than V8's structured
 * clone of tens of thousands of small objects); its candidate pairs not chosen (hundreds of
 * thousands at scale) as two typed arrays of person numbers, moved rather than copied.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { proposeIntroductions } from '../../domain/matching/proposeIntroductions';
import { fromMain, type RoundMessage } from '../../services/intros/roundThread';
import { partnerSearchThread } from '../partnerSearchThread';

parentPort?.once('message', (message: RoundMessage) => {
  const received = Date.now();
  const input = fromMain(message);
  const partnerSearch = partnerSearchThread();
  const steps: Array<{ step: string; ms: number }> = [];
  let t = performance.now();
  try {
    const p = proposeIntroductions({
      ...input,
      partnerSearch,
      onStepDone: (step) => {
        const now = performance.now();
        steps.push({ step, ms: now - t });
        t = now;
      },
    });
    const notChosen = p.notChosenNumbered();
    const { introductions, unmatched, total, method, candidatePairs } = p;
    const twoThreads = partnerSearch !== undefined;
    parentPort?.postMessage(
      {
        proposal: JSON.stringify({ introductions, unmatched, total, method, candidatePairs }),
        notChosen,
        steps,
        twoThreads,
        clock: { received, sent: Date.now() },
      },
      [notChosen.a.buffer as ArrayBuffer, notChosen.b.buffer as ArrayBuffer],
    );
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    void partnerSearch?.close();
  }
});
