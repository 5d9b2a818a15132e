/**
 * Whether the database answers, as the app sees it. It goes down when a query fails because the server
 * is unreachable (or the embedded PostgreSQL exits) and comes back up when a probe (`select 1`) succeeds.
 * While it is down the app answers Slack's event deliveries 503 (Slack resends them later), and work that
 * was already acked waits here for the database instead of failing. See docs/embedded-database.md.
 */
import type { Knex } from 'knex';
import { Client, type ClientConfig } from 'pg';

/** How long a health probe waits for `select 1`: /healthz answers within 2 s whatever the database does. */
export const PROBE_MS = 1_500;

/** up: answers; stalled: accepts connections (or holds them) but does not answer in time; down: unreachable. */
export type DatabaseState = 'up' | 'stalled' | 'down';

// A server that does not answer: pg's query_timeout and connection timeout, knex's pool acquire wait.
const STALL_TEXT =
  /Query read timeout|timeout expired|Connection terminated due to connection timeout|Timeout acquiring a connection|health probe timed out/i;

/** Whether `err` says the server did not answer in time (a stall), rather than refused or dropped us. */
export function isDatabaseStall(err: unknown): boolean {
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && STALL_TEXT.test(message);
}

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
    STALL_TEXT.source,
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
  private down?: { since: number; reason: string; state: Exclude<DatabaseState, 'up'> };
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

  get state(): DatabaseState {
    return this.down?.state ?? 'up';
  }

  /** Milliseconds since the database went down (0 while up). */
  downFor(now = Date.now()): number {
    return this.down ? now - this.down.since : 0;
  }

  /**
   * Marks the database down (or stalled, when `reason` says it did not answer in time) and starts
   * probing until it answers again.
   */
  markDown(reason: string, state: Exclude<DatabaseState, 'up'> = STALL_TEXT.test(reason) ? 'stalled' : 'down'): void {
    if (this.closed) return;
    if (this.down) this.down.state = state;
    else this.down = { since: Date.now(), reason, state };
    if (this.probe) return;
    const check = () => {
      this.check().then(() => {
        if (!this.closed && this.down) this.probe = setTimeout(check, this.probeEveryMs).unref();
      });
    };
    this.probe = setTimeout(check, this.probeEveryMs).unref();
  }

  /**
   * Asks the server `select 1` on a connection of its own (a stalled server can hold every pooled
   * one), waiting at most PROBE_MS; records and returns what it found.
   */
  async check(): Promise<DatabaseState> {
    const found = await probeOnce(this.knex);
    if (found.state === 'up') this.markUp();
    else this.markDown(found.reason, found.state);
    return this.state;
  }

  /**
   * Probes every `everyMs` while the database is up, so a stall is noticed even when no query is
   * waiting on it (queries notice only at their own timeout). Returns the function that stops it.
   */
  watch(everyMs = 2_000): () => void {
    let checking = false;
    const timer = setInterval(() => {
      if (!this.up || checking || this.closed) return;
      checking = true;
      void this.check().finally(() => {
        checking = false;
      });
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  markUp(): void {
    if (this.probe) clearTimeout(this.probe);
    this.probe = undefined;
    this.down = undefined;
    for (const resolve of this.waiters.splice(0)) resolve();
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

async function probeOnce(knex: Knex): Promise<{ state: DatabaseState; reason: string }> {
  const settings = (knex.client as { connectionSettings?: string | ClientConfig }).connectionSettings;
  const config: ClientConfig = typeof settings === 'string' ? { connectionString: settings } : { ...settings };
  const client = new Client({ ...config, connectionTimeoutMillis: PROBE_MS, query_timeout: PROBE_MS });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('health probe timed out')), PROBE_MS + 100);
  });
  try {
    await Promise.race([client.connect().then(() => client.query('select 1')), late]);
    client.end().catch(() => undefined);
    return { state: 'up', reason: '' };
  } catch (err) {
    // A stalled server would hold a polite end() open: the socket is cut instead.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    const reason = String((err as Error).message ?? err);
    return { state: isDatabaseStall(err) ? 'stalled' : 'down', reason };
  } finally {
    clearTimeout(timer);
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
