/**
 * A second thread for the candidate search of large introduction rounds (`weaver simulate` runs
 * hundreds of thousands of people-rounds): the main thread searches one half of the people while
 * the worker (./workers/partnerSearch.ts) searches the other, and the halves are joined in order,
 * so the partners found are exactly those of one search (tests/unit/partnerSearchThread.test.ts).
 *
 * The round code is synchronous, so the main thread waits with Atomics.wait (bounded) and reads the
 * reply with receiveMessageOnPort. No thread on a one-core machine, or when the worker file is
 * missing; when the worker cannot start, dies or does not answer in time, its half is searched on
 * the main thread: the same partners, only slower.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type ChosenPartners, type PartnerSearchHelper, searchPartners } from '../domain/matching/partnerSearch';

export interface PartnerSearchThread extends PartnerSearchHelper {
  close(): Promise<void>;
}

/** The worker's half is about as long as ours: past this many times our own half's time, it is given up. */
const PATIENCE = 3;
/** ... but never less than this (the worker may still be loading: tsx on sources takes a few seconds). */
const MIN_WAIT_MS = 15_000;

export interface PartnerSearchThreadOptions {
  /** hears why the search ran on one thread (a worker that could not start, died, did not answer) */
  onFallback?: (why: string) => void;
  /** tests: another worker file (one that fails to load, or never answers) and a shorter least wait */
  workerFile?: string;
  minWaitMs?: number;
}

export function partnerSearchThread(opts: PartnerSearchThreadOptions = {}): PartnerSearchThread | undefined {
  if (availableParallelism() < 2) return undefined;
  const onFallback = opts.onFallback ?? (() => undefined);
  const minWaitMs = opts.minWaitMs ?? MIN_WAIT_MS;
  // built: dist/commands/<command>.js next to dist/workers/; sources (tests, benches): src/cli/
  const built = opts.workerFile ?? path.join(__dirname, '..', 'workers', 'partnerSearch.js');
  const source = path.join(__dirname, 'workers', 'partnerSearch.ts');
  let worker: Worker;
  try {
    if (existsSync(built)) worker = new Worker(built);
    // tsx resolved from this package, not from the working directory (a CLI run from elsewhere)
    else if (existsSync(source)) worker = new Worker(source, { execArgv: ['--require', require.resolve('tsx/cjs')] });
    else return undefined;
  } catch (err) {
    onFallback(`the partner search thread could not start: ${(err as Error).message}`);
    return undefined;
  }
  // flag[0]: a result is waiting; flag[1]: the worker has loaded and listens.
  const flag = new Int32Array(new SharedArrayBuffer(8));
  let broken: string | undefined;
  const giveUp = (why: string) => {
    if (broken) return;
    broken = why;
    onFallback(why);
    void worker.terminate().catch(() => undefined);
  };
  // Heard between rounds (the main thread's loop is blocked while it waits): later rounds use one thread.
  worker.on('error', (err) => giveUp(`the partner search thread failed: ${err.message}`));
  worker.on('exit', (code) => giveUp(`the partner search thread exited (code ${code})`));
  worker.unref();
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2, flag }, [port2]);
  let busy = false;
  return {
    start(search, lo, hi) {
      if (broken) return () => searchPartners(search, lo, hi);
      if (busy) throw new Error('partner search thread: one search at a time');
      busy = true;
      Atomics.store(flag, 0, 0);
      worker.postMessage({ search, lo, hi });
      const begun = Date.now();
      return (): ChosenPartners => {
        // Bounded: a worker that never loaded, died or hangs is given up and its half searched here.
        if (Atomics.wait(flag, 1, 0, minWaitMs) === 'timed-out') {
          busy = false;
          giveUp(`the partner search thread did not start in ${Math.round(minWaitMs / 1000)} s`);
          return searchPartners(search, lo, hi);
        }
        const limit = Math.max(minWaitMs, (Date.now() - begun) * PATIENCE);
        const waited = Atomics.wait(flag, 0, 0, limit);
        busy = false;
        const reply = receiveMessageOnPort(port1)?.message as { chosen?: ChosenPartners; error?: string } | undefined;
        if (reply?.chosen) return reply.chosen;
        if (reply?.error) throw new Error(`partner search thread failed: ${reply.error}`);
        giveUp(
          waited === 'timed-out'
            ? `the partner search thread did not answer in ${Math.round(limit / 1000)} s`
            : 'the partner search thread answered nothing',
        );
        return searchPartners(search, lo, hi);
      };
    },
    async close() {
      broken ??= 'closed'; // its exit from here on is ours, not a failure to report
      port1.close();
      await worker.terminate();
    },
  };
}
