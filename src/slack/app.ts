/**
 * Builds the Bolt app: HTTP receiver on PORT (events, interactivity, commands and options all at
 * /slack/events) or Socket Mode when SLACK_APP_TOKEN is set; GET /healthz answers 200 only when
 * the database answers. Every Web API call goes to SLACK_API_URL.
 */
import { App, HTTPReceiver, SocketModeReceiver, type AuthorizeResult, type CustomRoute } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Services } from '../services/context';
import { dedupeEvents } from './dedupe';
import { registerListeners } from './listeners';
// Production: OAuth installation store, client options, request ids, /metrics (docs/production.md).
import { tokenCipher } from '../security/tokenCipher';
import { secretScrubber } from '../security/logScrub';
import { webClientOptions } from './clients';
import { postgresInstallationStore } from './installationStore';
import { boltLogger, countIngestedEvents, metricsRoute, requestContext } from './observability';
import { gauges } from '../metrics';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from './oauth';
// Database outages and stalls: every event is journaled before its ack, so none is lost while the database is away.
import { databaseHealth } from '../db/health';
import { finishesWithin } from '../db/embedded';
import { lockDataFolder } from '../db/folderLock';
import { DurableEvents } from './durableEvents';
import { EventJournal } from './eventJournal';
import { guardSlackRequests } from './requestGuard';
import { mkdirSync } from 'node:fs';

/** How long a shutdown waits for events and requests being processed (what is unfinished stays in the journal). */
const DRAIN_MS = 2_500;
/**
 * Events processed at once per process; more wait their turn (they are already acked and in the
 * journal). This also caps a group-commit batch (src/services/groupCommit.ts): a batch is a chain
 * of about ten round trips, so with 32 a burst was processed at about 32 events per chain, however
 * long the chain took, and a busy event loop or machine made it take long (at 5,000/s offered about
 * 25 events/s were written while the load lasted, bench/load.ts). 256 lets batches grow with the
 * backlog; 1,000 wrote more during the burst but let big batches delay acks (p99 ~4 s).
 */
const EVENT_CONCURRENCY = 256;
/** Events kept in memory waiting for their turn; past this they wait on disk only (bounded memory). */
const EVENTS_IN_MEMORY = 5_000;

export interface SlackApp {
  app: App;
  /** Events acked to Slack and not yet processed: in the journal, waiting for their turn or the database. */
  pendingEvents(): number;
  /** Of those, how many are held in memory (at most EVENTS_IN_MEMORY plus those being processed). */
  eventsInMemory(): number;
  /** Starts the receiver; returns its HTTP server (in Socket Mode: the one serving /healthz and OAuth). */
  start(): Promise<Server | undefined>;
  stop(): Promise<void>;
  /** Resolves once no acked Slack request is still being processed (what a test awaits instead of sleeping). */
  idle(): Promise<void>;
}

/**
 * GET /healthz: answers within 2 s whatever the database does (the probe waits at most PROBE_MS) and
 * says which: `up`, `stalled` (connects but does not answer), `down`; and how many events the journal
 * holds. 200 while Weaver takes events (the database answers, or the journal has room), 503 when it
 * refuses them.
 */
export function healthRoute(services: Services, journal: () => EventJournal | undefined): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      const health = databaseHealth(services.db);
      // While down or stalled the health record probes every 0.5 s by itself: no new probe needed.
      const state = health.up ? health.check() : Promise.resolve(health.state);
      state
        .then((database) => {
          const j = journal();
          const taking = j ? j.accepting : database === 'up';
          const body = { ok: taking, database, journal: j ? { events: j.held, bytes: j.bytes } : undefined };
          res.writeHead(taking ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        })
        .catch((err) => {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: String((err as Error).message) }));
        });
    },
  };
}

/**
 * Single-workspace authorize: the env bot token, with auth.test called on the first request and
 * its answer kept (a failure is not cached, so a fixed token or network works on the next request).
 * Checking lazily means a wrong token does not crash start-up and /healthz still answers.
 */
export function cachedTokenAuthorize(botToken: string, client: WebClient): () => Promise<AuthorizeResult> {
  let cached: Promise<AuthorizeResult> | undefined;
  return () => {
    cached ??= client.auth
      .test({ token: botToken })
      .then((r) => ({ botToken, botId: r.bot_id, botUserId: r.user_id }))
      .catch((err) => {
        cached = undefined;
        throw err;
      });
    return cached;
  };
}

/** `eventConcurrency`: tests set a small bound so a burst waits for slots as under load. */
export function buildSlackApp(
  services: Services,
  opts: { eventConcurrency?: number; eventsInMemory?: number } = {},
): SlackApp {
  const { config, logger } = services;
  // The journal folder is this process's alone (a second Weaver on it would interleave records).
  const journalLock = lockDataFolder(prepareFolder(config.journal.dir));
  if (!journalLock.lock) {
    const { pid, command } = journalLock.holder;
    throw new Error(
      `the journal folder ${config.journal.dir} is in use by another Weaver process (pid ${pid}: weaver ${command}); set WEAVER_JOURNAL_DIR to a folder of its own`,
    );
  }
  const journal = EventJournal.open({ dir: config.journal.dir, maxBytes: config.journal.maxBytes, logger });
  const { botToken, signingSecret, appToken, clientSecret, stateSecret } = config.slack;
  const log = boltLogger(logger, secretScrubber([botToken, signingSecret, appToken, clientSecret, stateSecret]));
  const customRoutes = [healthRoute(services, () => journal), metricsRoute()];
  const clientOptions = webClientOptions(config);
  // OAuth distribution: Bolt's installer with our PostgreSQL store; Bolt then authorizes each
  // request from the store instead of the env token. config.ts guarantees the key. In Socket Mode
  // the install and redirect paths are served by the receiver's HTTP server on PORT.
  const apiClientOptions = { slackApiUrl: config.slack.apiUrl };
  const oauth =
    config.slack.mode === 'oauth'
      ? {
          clientId: config.slack.clientId,
          clientSecret: config.slack.clientSecret,
          stateSecret: config.slack.stateSecret,
          scopes: BOT_SCOPES,
          installationStore: postgresInstallationStore(services.db, tokenCipher(config.encryptionKey!)),
        }
      : {};
  const installPaths =
    config.slack.mode === 'oauth' ? { installPath: INSTALL_PATH, redirectUriPath: REDIRECT_PATH } : {};
  const receiver = config.slack.appToken
    ? new SocketModeReceiver({
        appToken: config.slack.appToken,
        logger: log,
        customRoutes,
        ...oauth,
        // clientOptions also point the Socket Mode client's apps.connections.open at SLACK_API_URL
        installerOptions: { port: config.port, clientOptions: apiClientOptions, ...installPaths },
      })
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret ?? '',
        endpoints: '/slack/events',
        customRoutes,
        logger: log,
        ...oauth,
        installerOptions: { clientOptions: apiClientOptions, ...installPaths },
        // Ack first, work after: listeners call ack() themselves within Slack's 3 seconds.
        processBeforeResponse: false,
        // The request guard installed below verifies every request to /slack/events (once: a
        // second check here cost three more HMACs per request in bench/load.ts).
        signatureVerification: false,
      });
  // Events are answered by the journal (durable first, then acked); Bolt processes them from it.
  let durable: DurableEvents | undefined;
  if (receiver instanceof HTTPReceiver) {
    // Unsigned, malformed or future-dated requests get a 4xx before Bolt reads them, so none can crash it.
    // Bolt does not verify signatures itself (signatureVerification: false above): this must stay.
    const r = receiver as unknown as {
      requestListener: Parameters<typeof guardSlackRequests>[0];
      endpoints: string[];
    };
    r.requestListener = guardSlackRequests(r.requestListener, {
      signingSecret: signingSecret ?? '',
      logger,
      paths: r.endpoints,
      onEvent: (raw, body, req, res) => durable!.answer(raw, body, req.headers, res),
    });
  }
  const app = new App({
    // OAuth mode: Bolt authorizes from the installation store. Env-token mode: our cached
    // authorize (Bolt's own, with token verification off, calls auth.test on every request,
    // which costs a Slack round trip before each ack; measured in bench/load.ts).
    ...(config.slack.mode === 'oauth'
      ? {}
      : { authorize: cachedTokenAuthorize(config.slack.botToken ?? '', new WebClient(undefined, clientOptions)) }),
    receiver,
    logger: log,
    clientOptions,
    // Bolt's in-memory conversation store builds an Error for every event of an unknown
    // conversation (a hot spot in bench/load.ts); Weaver keeps no per-conversation state.
    convoStore: false,
  });
  durable = new DurableEvents(app, journal, databaseHealth(services.db), logger, {
    window: opts.eventConcurrency ?? EVENT_CONCURRENCY,
    memoryCap: opts.eventsInMemory ?? EVENTS_IN_MEMORY,
  });
  const events = durable;
  // Interactive requests still running after their ack: stop() waits for them (bounded).
  const inFlight = new Set<Promise<void>>();
  const untrack = [
    gauges.eventsPending.track(() => journal.held),
    gauges.eventsInMemory.track(() => events.heldInMemory()),
    gauges.journalBytes.track(() => journal.bytes),
  ];
  app.use(async ({ body, next }) => {
    if ((body as { type?: string }).type === 'event_callback') return next();
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  app.use(requestContext(logger));
  app.use(dedupeEvents(services.db));
  app.use(countIngestedEvents);
  registerListeners(app, services);
  app.error(async (err) => {
    logger.error({ err: err.message, code: (err as { code?: string }).code }, 'unhandled Slack listener error');
  });
  let started = false;
  let stopped: Promise<void> | undefined;
  let unwatch = () => undefined as unknown;
  return {
    app,
    pendingEvents: () => journal.held,
    eventsInMemory: () => events.heldInMemory(),
    async start() {
      const server = (await app.start(config.port)) as Server | undefined;
      started = true;
      // An earlier run's unprocessed events (and this run's, from now on) are processed from the journal.
      events.start();
      unwatch = databaseHealth(services.db).watch();
      if (!config.slack.appToken) return server;
      // Socket Mode: the receiver's own HTTP server (health, metrics, OAuth install) on PORT.
      const http = (receiver as unknown as { httpServer?: Server }).httpServer;
      if (http && !http.listening) await new Promise((resolve) => http.once('listening', resolve));
      return http;
    },
    async stop() {
      if (stopped) return stopped;
      stopped = (async () => {
        // Bolt's receiver stops taking requests; a delivery being appended is answered when its write ends.
        unwatch();
        if (started) await finishesWithin(app.stop(), 1_000);
        started = false;
        const deadline = Date.now() + DRAIN_MS;
        const drained = events.stop(DRAIN_MS);
        while (inFlight.size > 0 && Date.now() < deadline) {
          await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 100))]);
        }
        const { unfinished } = await drained;
        // Unfinished events are in the journal: the next start processes them. Nothing acked is lost.
        if (unfinished > 0 || journal.held > 0)
          logger.info(
            { journal: journal.held },
            'stopped with events left in the journal; the next start processes them',
          );
        if (inFlight.size > 0)
          logger.warn({ unfinished: inFlight.size }, 'stopped with Slack requests still being processed');
        for (const u of untrack) u();
        journalLock.lock?.release();
      })();
      return stopped;
    },
    async idle() {
      await events.idle();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Creates the journal folder (and its parents) so its lock can be taken; returns it. */
function prepareFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
