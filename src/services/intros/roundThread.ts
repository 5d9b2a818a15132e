/**
 * A round's introductions computed off the event loop. A 50,000-person round is seconds of CPU;
 * run inline it would hold every Slack request the app receives meanwhile past Slack's 3-second
 * ack. Rounds of at least ROUND_THREAD_MIN_PEOPLE people run in a worker thread
 * (src/cli/workers/round.ts), which also lends half of the candidate search to a second thread on a
 * machine with two cores or more. The proposal is the one computed inline: the same round code,
 * the same seed (tests/integration/roundThread.test.ts).
 *
 * When the worker cannot start or fails, the round is computed inline (slower for everyone else,
 * never lost) and `onFallback` hears why.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type NumberedPairs,
  pairsOf,
  proposeIntroductions,
  type RoundInput,
  type RoundProposal,
} from '../../domain/matching/proposeIntroductions';

/** Smaller rounds take well under a second inline; a thread would cost more than it saves. */
export const ROUND_THREAD_MIN_PEOPLE = 2_000;
/**
 * The worker's young generation (V8's default is 16 MB): a round allocates hundreds of thousands of
 * short-lived objects, and a larger nursery collects them in fewer pauses (0.3–0.6 s less on the
 * 50,000-person bench, each of three interleaved pairs).
 */
const ROUND_YOUNG_GENERATION_MB = 64;
/** A worker that has not answered in this long is stopped (the job fails and is retried). */
const ROUND_THREAD_TIMEOUT_MS = 15 * 60_000;

export interface RoundRun {
  proposal: RoundProposal;
  /** where it ran: a worker thread, or inline (small round, or the worker failed) */
  ranOn: 'thread' | 'inline';
  /** the worker's own step times (ms) and whether it searched on two threads (bench/round.ts) */
  steps?: Array<{ step: string; ms: number }>;
  twoThreads?: boolean;
  /** when (epoch ms) the worker received the input and sent the proposal (bench/round.ts: the cost of the thread) */
  clock?: { received: number; sent: number };
}

export interface RoundThreadOptions {
  minPeople?: number;
  /** hears why a round ran inline although it was large enough for a thread */
  onFallback?: (why: string) => void;
  /** tests: another worker file (one that fails to load) */
  workerFile?: string;
}

type RoundData = Omit<RoundInput, 'partnerSearch' | 'onStepDone'>;

interface Reply {
  /** the proposal but its pairs not chosen, as JSON (see toWorker) */
  proposal?: string;
  notChosen?: NumberedPairs;
  steps?: Array<{ step: string; ms: number }>;
  twoThreads?: boolean;
  clock?: { received: number; sent: number };
  error?: string;
}

export async function proposeRound(input: RoundData, opts: RoundThreadOptions = {}): Promise<RoundRun> {
  const inline = (): RoundRun => ({ proposal: proposeIntroductions(input), ranOn: 'inline' });
  if (input.people.length < (opts.minPeople ?? ROUND_THREAD_MIN_PEOPLE)) return inline();
  const fallback = (why: string): RoundRun => {
    opts.onFallback?.(why);
    return inline();
  };
  const file = opts.workerFile ?? workerFile();
  if (!file) return fallback('the round worker file is missing');
  let reply: Reply;
  try {
    reply = await runWorker(file, input);
  } catch (err) {
    if (err instanceof RoundTimeout) throw err; // not again inline: the job fails and is retried
    return fallback((err as Error).message);
  }
  if (reply.error || !reply.proposal) return fallback(`the round worker failed: ${reply.error ?? 'no answer'}`);
  const numbered = reply.notChosen ?? { ids: [], a: new Int32Array(0), b: new Int32Array(0) };
  let notChosen: Array<[string, string]> | undefined;
  const proposal: RoundProposal = {
    ...(JSON.parse(reply.proposal) as Omit<RoundProposal, 'notChosen' | 'notChosenNumbered'>),
    get notChosen() {
      notChosen ??= pairsOf(numbered);
      return notChosen;
    },
    notChosenNumbered: () => numbered,
  };
  return { proposal, ranOn: 'thread', steps: reply.steps, twoThreads: reply.twoThreads, clock: reply.clock };
}

/** Built: dist/commands/<command>.js next to dist/workers/; sources (tests, benches): src/cli/workers/. */
function workerFile(): string | undefined {
  const built = path.join(__dirname, '..', 'workers', 'round.js');
  const source = path.join(__dirname, '..', '..', 'cli', 'workers', 'round.ts');
  return [built, source].find((f) => existsSync(f));
}

class RoundTimeout extends Error {}

function runWorker(file: string, input: RoundData): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      // tsx resolved from this package, not from the working directory (a CLI run from elsewhere)
      worker = file.endsWith('.ts')
        ? new Worker(file, { execArgv: ['--require', require.resolve('tsx/cjs')] })
        : new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: ROUND_YOUNG_GENERATION_MB } });
    } catch (err) {
      reject(new Error(`the round worker could not start: ${(err as Error).message}`));
      return;
    }
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate().catch(() => undefined);
    };
    const timer = setTimeout(
      () =>
        done(() =>
          reject(new RoundTimeout(`the round worker did not answer in ${ROUND_THREAD_TIMEOUT_MS / 60_000} min`)),
        ),
      ROUND_THREAD_TIMEOUT_MS,
    );
    worker.once('message', (reply: Reply) => done(() => resolve(reply)));
    worker.once('error', (err) => done(() => reject(new Error(`the round worker failed: ${err.message}`))));
    worker.once('exit', (code) => done(() => reject(new Error(`the round worker exited (code ${code})`))));
    worker.postMessage(toWorker(input));
  });
}

/**
 * What the worker is sent: the people and the pairs as one JSON text (V8's structured clone of
 * 50,000 small objects took 0.25–0.37 s to rebuild in the worker, JSON.parse about 0.12 s), the
 * rest (Maps of department ties, settings) as they are.
 */
export interface RoundMessage {
  json: string;
  rest: Omit<RoundData, 'people' | 'constraints'>;
}

function toWorker(input: RoundData): RoundMessage {
  const { people, constraints, ...rest } = input;
  const pairs = (list: Iterable<readonly [string, string]>) => Array.from(list, ([a, b]) => [a, b]);
  const json = JSON.stringify({
    people,
    constraints: {
      tiedPairs: pairs(constraints.tiedPairs),
      recentIntroPairs: pairs(constraints.recentIntroPairs),
      blocks: pairs(constraints.blocks),
    },
  });
  return { json, rest };
}

/** The worker's side of toWorker. */
export function fromMain(m: RoundMessage): RoundData {
  return { ...m.rest, ...(JSON.parse(m.json) as Pick<RoundData, 'people' | 'constraints'>) };
}
