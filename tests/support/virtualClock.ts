/**
 * A clock that moves only when someone waits on it: the fake Slack reads it to enforce its rate
 * limits (and waits on it for each call's latency), and the app's Slack client sleeps on it when
 * told to wait (Retry-After), so a bench or test replays hours of Slack's limits in seconds.
 *
 * One flow of work: `sleep` moves the clock to the end of the wait at once. Parts run at once
 * (`concurrently`, which a sync is handed as `Services.concurrently`): the clock is a small
 * discrete-event scheduler. Each part that is running holds the clock where it is (its database
 * work and its HTTP round trips take no Slack time); the clock moves only when every running part
 * waits, and then to the earliest end of a wait, waking that part alone. Two waits that overlap
 * thus end at the later of the two, as in real time, and the figures do not depend on how fast the
 * machine runs the parts. A part must only wait on the clock, on Slack or on the database, never on
 * another part (that would stop the clock for good).
 */
export class VirtualClock {
  private ms: number;
  /** total virtual time spent waiting on Slack (Retry-After pauses) */
  waitedMs = 0;
  /** parts running now (not counting the ones waiting on the clock) plus the ones waiting */
  private parts = 1;
  private sleepers: Array<{ due: number; seq: number; wake: () => void }> = [];
  private seq = 0;

  constructor(start: Date = new Date('2026-11-16T09:00:00Z')) {
    this.ms = start.getTime();
  }

  now = (): Date => new Date(this.ms);

  nowMs(): number {
    return this.ms;
  }

  /** Moves the clock forward by `ms` at once (no part waits: use `elapse` inside parts). */
  advance(ms: number): void {
    this.ms += Math.max(0, ms);
  }

  /** A Retry-After pause (counted in `waitedMs`). */
  sleep = (ms: number): Promise<void> => {
    this.waitedMs += Math.max(0, ms);
    return this.elapse(ms);
  };

  /** Lets `ms` of Slack time pass for the part that asks (a call's latency, a pause). */
  elapse = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      // Resolved on the next turn of the event loop: let other work queued there run, as a real pause would.
      const wake = () => setImmediate(resolve);
      this.sleepers.push({ due: this.ms + Math.max(0, ms), seq: this.seq++, wake });
      this.tick();
    });

  /** Runs `tasks` at once as parts of the current one (which waits for them all); rejects with the first error once all settled. */
  concurrently = async <T>(tasks: Array<() => Promise<T>>): Promise<T[]> => {
    this.parts += tasks.length - 1;
    const settled = await Promise.allSettled(
      tasks.map(async (task) => {
        try {
          return await task();
        } finally {
          this.parts -= 1;
          this.tick();
        }
      }),
    );
    this.parts += 1;
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  };

  /** When every part waits, moves to the earliest wake-up and wakes that part. */
  private tick(): void {
    if (!this.sleepers.length || this.sleepers.length < this.parts) return;
    let next = 0;
    for (let i = 1; i < this.sleepers.length; i++) {
      const s = this.sleepers[i];
      const n = this.sleepers[next];
      if (s.due < n.due || (s.due === n.due && s.seq < n.seq)) next = i;
    }
    const [sleeper] = this.sleepers.splice(next, 1);
    this.ms = Math.max(this.ms, sleeper.due);
    sleeper.wake();
  }
}
