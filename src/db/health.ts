/**
 * Whether the database answers, as the app sees it. It goes down when a query fails because the server
 * is unreachable (or the embedded PostgreSQL exits) and comes back up when a probe (`select 1`) succeeds.
 * While it is down the app answers Slack's event deliveries 503 (Slack resends them later), and work that
 * was already acked waits here for the database instead of failing. See docs/embedded-database.md.
 */
import type { Knex } from 'knex';

// Connection-level failures: the server is gone, restarting, or refusing connections. A query error
// (bad SQL, a constraint) is not one of these and is never retried here.
const UNAVAILABLE_CODES = new Set([
  ...['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'],
  ...['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'],
]);
const UNAVAILABLE_TEXT = new RegExp(
  [
    'Connection terminated',
    'connection is closed',
    'Client has encountered a connection error',
    'Connection ended unexpectedly',
    'terminating connection',
    'the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)',
    'Timeout acquiring a connection',
    'ECONNREFUSED',
    'not currently accepting connections',
  ].join('|'),
  'i',
);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (!e) return false;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message);
}

export class DatabaseHealth {
  private down?: { since: number; reason: string };
  private waiters: Array<() => void> = [];
  private probe?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly knex: Knex,
    private readonly probeEveryMs = 500,
  ) {}

  get up(): boolean {
    return !this.down;
  }

  /** Milliseconds since the database went down (0 while up). */
  downFor(now = Date.now()): number {
    return this.down ? now - this.down.since : 0;
  }

  /** Marks the database down and starts probing until it answers again. */
  markDown(reason: string): void {
    if (this.closed) return;
    this.down ??= { since: Date.now(), reason };
    if (this.probe) return;
    const check = () => {
      this.knex
        .raw('select 1')
        .then(() => this.markUp())
        .catch(() => {
          if (!this.closed && this.down) this.probe = setTimeout(check, this.probeEveryMs).unref();
        });
    };
    this.probe = setTimeout(check, this.probeEveryMs).unref();
  }

  markUp(): void {
    if (this.probe) clearTimeout(this.probe);
    this.probe = undefined;
    this.down = undefined;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /**
   * Asks the database now (`select 1`, what /healthz shows): true when it answers (marked up), false
   * when not (marked down when the failure says it is unreachable, so event deliveries get 503).
   */
  async probeNow(): Promise<boolean> {
    try {
      await this.knex.raw('select 1');
      this.markUp();
      return true;
    } catch (err) {
      if (isDatabaseUnavailable(err)) this.markDown(String((err as Error).message));
      return false;
    }
  }

  /** Resolves when the database answers again (at once while it is up). */
  whenUp(): Promise<void> {
    if (!this.down) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * For work already acked to Slack: when `err` says the database is unreachable, waits until it is
   * back and returns true (the caller runs the work again); otherwise returns false.
   */
  async waitIfUnavailable(err: unknown): Promise<boolean> {
    if (this.closed || !isDatabaseUnavailable(err)) return false;
    this.markDown(String((err as Error).message ?? err));
    await this.whenUp();
    return !this.closed;
  }

  close(): void {
    this.closed = true;
    this.markUp();
  }
}

const registry = new WeakMap<Knex, DatabaseHealth>();

/** The one health record of a knex instance. */
export function databaseHealth(knex: Knex): DatabaseHealth {
  let health = registry.get(knex);
  if (!health) {
    health = new DatabaseHealth(knex);
    registry.set(knex, health);
  }
  return health;
}
