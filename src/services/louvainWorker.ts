/**
 * Louvain communities on a second core. `weaver analyze` is a one-shot process on a machine with
 * (usually) more than one core: while the main thread computes the rest of the silo report, a
 * worker thread computes the Louvain communities (about a third of the report's time) from a copy
 * of the tie list. The result is the same as louvainCommunities() in the main thread: same code,
 * same seed.
 *
 * The worker runs `dist/louvainWorker.js`, an entry of the build of its own (docs/cli-build.md). Run
 * from the TypeScript sources (tests, tsx) there is no such file, and `louvainAside` returns null:
 * the caller computes in its own thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { louvainCommunities, type LouvainResult } from '../domain/silos/communities';
import type { TieList } from '../domain/silos/orgData';

const MARK = 'weaver-louvain';

interface Job {
  peopleCount: number;
  ties: TieList;
}

/** Starts the Louvain communities of the tie graph in a worker thread; null when there is no worker build. */
export function louvainAside(peopleCount: number, ties: TieList): Promise<LouvainResult> | null {
  // next to this code, or one folder up from a command's bundle (dist/commands/ → dist/)
  const file = [join(__dirname, 'louvainWorker.js'), join(__dirname, '..', 'louvainWorker.js')].find(existsSync);
  if (!file) return null;
  const job: Job = { peopleCount, ties };
  return new Promise<LouvainResult>((resolve, reject) => {
    const worker = new Worker(file, { workerData: { mark: MARK, job } });
    worker.once('message', (result: LouvainResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the Louvain worker stopped (exit code ${code})`)));
  });
}

/** The Louvain communities, from the worker when one could start, else computed here. */
export async function louvainOf(peopleCount: number, ties: TieList, aside: Promise<LouvainResult> | null) {
  if (aside) {
    try {
      return await aside;
    } catch {
      // a worker that failed to start or died: the same result from this thread
    }
  }
  return louvainCommunities(peopleCount, ties);
}

if (!isMainThread && workerData?.mark === MARK) {
  const { peopleCount, ties } = workerData.job as Job;
  parentPort?.postMessage(louvainCommunities(peopleCount, ties));
}
