/**
 * Group commit: calls that arrive while earlier ones are being written are collected and written
 * together by the next flush, so a burst of N events costs a few statements instead of N. At low
 * load a call waits one event-loop turn (it may be joined by others arriving in that turn); under
 * load batches grow by themselves up to `maxBatch`, because at most `maxInFlight` flushes run at once.
 */
export interface GroupCommitOptions {
  /** most items one flush receives */
  maxBatch: number;
  /** flushes running at once (1 keeps batches in arrival order) */
  maxInFlight?: number;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Wraps `flush` (which returns one result per item, in order) into a per-item function. If a flush
 * throws, every item of that batch is rejected with the error; later batches still run.
 */
export function groupCommit<T, R>(
  flush: (items: T[]) => Promise<R[]>,
  opts: GroupCommitOptions,
): (item: T) => Promise<R> {
  const maxInFlight = opts.maxInFlight ?? 1;
  const queue: Array<Pending<T, R>> = [];
  let inFlight = 0;
  let scheduled = false;

  const startFlushes = (): void => {
    scheduled = false;
    while (queue.length && inFlight < maxInFlight) {
      const batch = queue.splice(0, opts.maxBatch);
      inFlight += 1;
      run(batch).finally(() => {
        inFlight -= 1;
        if (queue.length) schedule();
      });
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startFlushes);
  };
  const run = async (batch: Array<Pending<T, R>>): Promise<void> => {
    try {
      const results = await flush(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        p.resolve(results[i]);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (inFlight < maxInFlight) schedule();
    });
}
