/**
 * Starting and stopping Weaver: configuration, database (embedded or DATABASE_URL), migrations,
 * the Slack app and the scheduler; and a clean shutdown on SIGTERM/SIGINT.
 */
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db';
import { finishesWithin } from './db/embedded';
import { databaseHealth } from './db/health';
import { createLogger, type Logger } from './logger';
import type { Services } from './services/context';
import { clientsForMode, webClient } from './slack/clients';
import { startScheduler } from './jobs/scheduler';
import { homeFeatures } from './services/home/features';
import { recordWorkspace } from './store/workspaces';
import { buildSlackApp, type SlackApp } from './slack/app';

export interface Running {
  services: Services;
  database: Database;
  slack: SlackApp;
  /** Rejects when the embedded database is gone for good (start.ts then exits with DATABASE_LOST_EXIT). */
  failed: Promise<never>;
  stop(): Promise<void>;
}

/** Exit code when the embedded PostgreSQL could not be brought back (EX_TEMPFAIL: a supervisor restarts us). */
export const DATABASE_LOST_EXIT = 75;

/** How long stopping the Slack app and the scheduler may take before the database is closed anyway. */
const STOP_STEPS_MS = 3_500;

export async function openServices(
  config: Config,
  logger: Logger,
  access: 'exclusive' | 'share' = 'share',
  onLost?: (reason: string) => void,
): Promise<{ services: Services; database: Database }> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    access,
    recoveryMs: config.dbRecoveryMs,
    onLost,
    timeouts: config.dbTimeouts,
  });
  const services: Services = {
    db: database.knex,
    logger,
    config,
    now: () => new Date(),
    // OAuth mode: each workspace's installation token; otherwise the env token.
    slackFor: clientsForMode(database.knex, config, logger),
  };
  return { services, database };
}

/** The Web API failed to answer at all (no connection, DNS, timeout), as opposed to answering with an error. */
function unreachable(err: unknown): string | null {
  const e = err as { code?: string; original?: { message?: string; cause?: { code?: string } }; message?: string };
  if (e?.code !== 'slack_webapi_request_error') return null;
  const cause = e.original?.cause?.code;
  return [e.original?.message ?? 'no answer', cause].filter(Boolean).join(', ');
}

/**
 * Single-workspace mode: learn which workspace the env token belongs to (auth.test) so jobs can serve
 * it. When Slack cannot be reached, says so within seconds, not after the client's retries, and
 * keeps trying in the background (every 5 s, doubling to a minute) until it answers or Weaver stops.
 */
export async function identifyWorkspace(services: Services, stopped: () => boolean): Promise<void> {
  const url = services.config.slack.apiUrl || 'https://slack.com/api/';
  const quick = {
    ...services.config.slack,
    retries: 0,
    timeoutMs: Math.min(services.config.slack.timeoutMs || 8000, 8000),
  };
  const client = webClient(services.config.slack.botToken, { ...services.config, slack: quick }, services.logger);
  /** null when done (identified, or refused: retrying would not help); otherwise why Slack was not reached */
  const attempt = async (): Promise<string | null> => {
    try {
      const auth = await client.auth.test();
      if (auth.team_id) {
        await recordWorkspace(services.db, {
          teamId: auth.team_id,
          enterpriseId: auth.enterprise_id,
          botUserId: auth.user_id,
          botId: auth.bot_id,
        });
        services.logger.info({ teamId: auth.team_id }, 'serving workspace');
      }
      return null;
    } catch (err) {
      const why = unreachable(err);
      if (why) return why;
      services.logger.error(
        { err: (err as Error).message },
        'Slack did not accept SLACK_BOT_TOKEN: check the token (the app keeps running; scheduled work waits)',
      );
      return null;
    }
  };
  const first = await attempt();
  if (first === null) return;
  let delay = 5000;
  const retry = (reason: string) => {
    services.logger.warn({ url }, `cannot reach Slack at ${url}: ${reason}; retrying in ${delay / 1000} s`);
    const timer = setTimeout(async () => {
      if (stopped()) return;
      const again = await attempt();
      if (stopped()) return;
      if (again === null) services.logger.info({ url }, 'reached Slack');
      else {
        delay = Math.min(delay * 2, 60_000);
        retry(again);
      }
    }, delay);
    timer.unref();
  };
  retry(first);
}

export async function startWeaver(env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const config = loadConfig(env, 'app');
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  // The app owns its embedded data folder: a second `weaver start` on it refuses (docs/embedded-database.md).
  let lost: (reason: string) => void = () => undefined;
  const opened = await openServices(config, logger, 'exclusive', (reason) => lost(reason));
  const { database } = opened;
  // The Home tab's lead view uses the silo report and the introductions dry run (services/home/features.ts).
  const services: Services = { ...opened.services, home: homeFeatures() };
  const slack = buildSlackApp(services);
  const failed = new Promise<never>((_, reject) => {
    // Every acked event is in the journal, so exiting loses none: the next start replays them.
    lost = (reason) => {
      if (databaseHealth(services.db).up) return;
      reject(new Error(`the embedded PostgreSQL could not be restarted: ${reason}`));
    };
  });
  failed.catch(() => undefined);
  const stoppers: Array<{ stop(): Promise<void> }> = [];
  let stopping: Promise<void> | undefined;
  try {
    await slack.start();
    if (config.slack.botToken) await identifyWorkspace(services, () => stopping !== undefined);
    if (config.scheduler) stoppers.push(startScheduler(services));
  } catch (err) {
    await slack.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
  logger.info(
    {
      mode: config.slack.mode,
      transport: config.slack.transport,
      port: config.port,
      embeddedDatabase: database.embedded,
    },
    'Weaver is running',
  );
  return {
    services,
    database,
    slack,
    failed,
    stop() {
      stopping ??= (async () => {
        logger.info('stopping Weaver');
        // Both ends stop taking work at once: Slack requests already acked drain while the scheduler
        // finishes its running job (and hands back the rest). The database closes only after both,
        // so no query meets a stopping database. Bounded whatever the database does: a job stuck on a stalled database is left to
        // its lease (another replica, or the next start, runs it again).
        const steps = Promise.allSettled([slack.stop(), ...stoppers.reverse().map((s) => s.stop())]).then((results) => {
          for (const r of results) {
            if (r.status === 'rejected') logger.warn({ err: String(r.reason) }, 'stop step failed');
          }
        });
        if (!(await finishesWithin(steps, STOP_STEPS_MS)))
          logger.warn('a scheduled job did not finish in time; its lease hands it on');
        await slack.stop(); // the journal is closed whatever the scheduler did
        await database.close();
        logger.info('Weaver stopped');
      })();
      return stopping;
    },
  };
}
