/**
 * Opens the database: `DATABASE_URL` when set, otherwise an embedded PostgreSQL in WEAVER_DATA_DIR.
 * Migrations live in `migrations/` and are listed in `migrations/index.ts`.
 */
import knexFactory, { type Knex } from 'knex';
import { types } from 'pg';
import { migrationSource } from '../../migrations';
import type { DatabaseTimeouts } from '../config';
import type { Logger } from '../logger';
import { finishesWithin, startEmbeddedPostgres } from './embedded';
import type { FolderHolder } from './folderLock';
import { databaseHealth } from './health';

// count(*) and bigint come back as strings by default; every count we keep fits in a JS number.
types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric (from avg(), sums of numerics) as numbers too.
types.setTypeParser(1700, (v) => Number.parseFloat(v));
// dates (no time) stay 'YYYY-MM-DD' strings: no time-zone shift.
types.setTypeParser(1082, (v) => v);

export type Db = Knex;

/** WEAVER_DB_*_TIMEOUT_MS defaults (src/config.ts), for callers without a Config (tests, benches). */
export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 30_000, queryMs: 35_000 };

export interface Database {
  knex: Knex;
  url: string;
  embedded: boolean;
  /** the Weaver process whose embedded PostgreSQL this is, when another process runs it */
  sharedWith?: FolderHolder;
  close(): Promise<void>;
}

/**
 * `logger`: where knex's own warnings go (a lost connection, a failed acquire). Without one knex
 * prints them with console.log, past LOG_LEVEL and the JSON log format.
 */
export function connect(
  url: string,
  pool: { min?: number; max?: number } = {},
  logger?: Logger,
  timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS,
): Knex {
  return knexFactory({
    client: 'pg',
    // A stalled server (a hung disk, a failover, SIGSTOP) accepts connections and never answers:
    // without these a query waits for ever. statement_timeout is PostgreSQL's own limit;
    // query_timeout ends the wait on our side when the server does not answer at all.
    connection: {
      connectionString: url,
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.queryMs,
    } as Knex.PgConnectionConfig,
    acquireConnectionTimeout: timeouts.queryMs,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    migrations: { migrationSource, tableName: 'knex_migrations' },
    ...(logger ? { log: knexLog(logger) } : {}),
  });
}

function knexLog(logger: Logger): Knex.Config['log'] {
  const child = logger.child({ component: 'knex' });
  const text = (m: unknown) => (m instanceof Error ? m.message : String(m));
  return {
    warn: (m: unknown) => child.warn(text(m)),
    error: (m: unknown) => child.error(text(m)),
    deprecate: (method: string, alternative: string) => child.warn(`${method} is deprecated: use ${alternative}`),
    debug: (m: unknown) => child.debug(text(m)),
  };
}

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest()) as [number, string[]];
  return applied;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  logger: Logger;
  migrate?: boolean;
  /**
   * Embedded only. 'share' (default, the CLI commands): when another Weaver process serves the data
   * folder, use its PostgreSQL. 'exclusive' (`weaver start`): refuse such a folder.
   */
  access?: 'exclusive' | 'share';
  /**
   * Embedded only: how long to keep trying to bring back a PostgreSQL that exited before `onLost`
   * is called (it keeps trying afterwards). WEAVER_DB_RECOVERY_SECONDS.
   */
  recoveryMs?: number;
  /** Called once when the embedded PostgreSQL could not be brought back within `recoveryMs`. */
  onLost?: (reason: string) => void;
  timeouts?: DatabaseTimeouts;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const embedded = opts.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(opts.dataDir, opts.logger, { access: opts.access ?? 'share' });
  const url = opts.databaseUrl ?? embedded!.url;
  const knex = connect(url, {}, opts.logger, opts.timeouts);
  try {
    await knex.raw('select 1');
    if (opts.migrate !== false) {
      const applied = await migrateLatest(knex);
      if (applied.length) opts.logger.info({ applied }, 'migrations applied');
    }
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  const health = databaseHealth(knex);
  let closing = false;
  const own = embedded && !embedded.attachedTo ? embedded : undefined;
  own?.onUnexpectedExit?.(() => {
    health.markDown('embedded PostgreSQL exited');
    void bringBack();
  });
  // Restarts the embedded PostgreSQL every second until it runs (or we close); after recoveryMs the
  // owner hears about it once (the app exits then, unless it holds acked events: see docs/embedded-database.md).
  async function bringBack(): Promise<void> {
    const started = Date.now();
    let reported = false;
    while (!closing) {
      try {
        await own!.restart!();
        return;
      } catch (err) {
        const reason = (err as Error).message;
        opts.logger.warn({ err: reason }, 'embedded PostgreSQL could not be restarted yet');
        if (!reported && Date.now() - started >= (opts.recoveryMs ?? 60_000)) {
          reported = true;
          opts.onLost?.(reason);
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return {
    knex,
    url,
    embedded: Boolean(embedded),
    sharedWith: embedded?.attachedTo,
    async close() {
      closing = true;
      health.close();
      // knex.destroy() waits for every checked-out connection: with a stalled server that is for
      // ever. Connections still busy after 1.5 s are abandoned; the process is ending.
      if (!(await finishesWithin(knex.destroy(), 1_500)))
        opts.logger.warn('database pool did not close in 1.5 s; left behind');
      await embedded?.stop();
    },
  };
}
