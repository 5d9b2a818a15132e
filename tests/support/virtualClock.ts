/**
 * A clock that moves only when someone waits on it: the fake Slack reads it to enforce its rate
 * limits, and the app's Slack client sleeps on it when told to wait (Retry-After), so a bench or
 * test replays hours of Slack's limits in seconds. `sleep` moves the clock to the end of the wait
 * (two waits that overlap end at the later of the two, as they would in real time).
 */
export class VirtualClock {
  private ms: number;
  /** total virtual time spent waiting on Slack (Retry-After pauses) */
  waitedMs = 0;

  constructor(start: Date = new Date('2026-11-16T09:00:00Z')) {
    this.ms = start.getTime();
  }

  now = (): Date => new Date(this.ms);

  nowMs(): number {
    return this.ms;
  }

  /** Advances the clock by `ms` (a call's latency, or a pause). */
  advance(ms: number): void {
    this.ms += Math.max(0, ms);
  }

  sleep = async (ms: number): Promise<void> => {
    this.waitedMs += Math.max(0, ms);
    this.advance(ms);
    // Let other work queued on the event loop run, as a real pause would.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
}
