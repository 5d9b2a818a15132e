/**
 * A second thread for the candidate search of large introduction rounds (`weaver simulate` runs
 * hundreds of thousands of people-rounds): the main thread searches one half of the people while
 * the worker (./workers/partnerSearch.ts) searches the other, and the halves are joined in order,
 * so the partners found are exactly those of one search (tests/unit/partnerSearchThread.test.ts).
 *
 * The round code is synchronous, so the main thread waits with Atomics.wait and reads the reply
 * with receiveMessageOnPort. No thread on a one-core machine, or when the worker file is missing.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ChosenPartners, PartnerSearchHelper } from '../domain/matching/partnerSearch';

export interface PartnerSearchThread extends PartnerSearchHelper {
  close(): Promise<void>;
}

export function partnerSearchThread(): PartnerSearchThread | undefined {
  if (availableParallelism() < 2) return undefined;
  // built: dist/commands/<command>.js next to dist/workers/; sources (tests, benches): src/cli/
  const built = path.join(__dirname, '..', 'workers', 'partnerSearch.js');
  const source = path.join(__dirname, 'workers', 'partnerSearch.ts');
  let worker: Worker;
  if (existsSync(built)) worker = new Worker(built);
  else if (existsSync(source)) worker = new Worker(source, { execArgv: ['--require', 'tsx/cjs'] });
  else return undefined;
  worker.unref();
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ port: port2, flag }, [port2]);
  let busy = false;
  return {
    start(search, lo, hi) {
      if (busy) throw new Error('partner search thread: one search at a time');
      busy = true;
      Atomics.store(flag, 0, 0);
      worker.postMessage({ search, lo, hi });
      return (): ChosenPartners => {
        Atomics.wait(flag, 0, 0);
        busy = false;
        const reply = receiveMessageOnPort(port1)?.message as { chosen?: ChosenPartners; error?: string } | undefined;
        if (!reply?.chosen) throw new Error(`partner search thread failed: ${reply?.error ?? 'no reply'}`);
        return reply.chosen;
      };
    },
    async close() {
      port1.close();
      await worker.terminate();
    },
  };
}
