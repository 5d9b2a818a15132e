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
// Production (issue 8): OAuth installation store, client options, request ids, /metrics.
import { tokenCipher } from '../security/tokenCipher';
import { secretScrubber } from '../security/logScrub';
import { webClientOptions } from './clients';
import { postgresInstallationStore } from './installationStore';
import { boltLogger, countIngestedEvents, metricsRoute, requestContext } from './observability';
import { gauges } from '../metrics';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from './oauth';
// Database outages (issue 13): 503 for events while down; acked work waits for the database.
import { databaseHealth } from '../db/health';
import { deferSocketEventsWhileDatabaseDown, refuseEventsWhileDatabaseDown } from './databaseGate';
import { guardSlackRequests } from './requestGuard';

/** How long a shutdown waits for requests that were acked but are still being processed. */
const DRAIN_MS = 20_000;
/**
 * Events processed at once per process; more wait their turn (they are already acked). This also
 * caps a group-commit batch (src/services/groupCommit.ts): a batch is a chain of about ten
 * round trips, so with 32 a burst was processed at about 32 events per chain, however long the
 * chain took, and a busy event loop or machine made it take long (at 5,000/s offered about 25
 * events/s were written while the load lasted, bench/load.ts). 256 lets batches grow with the
 * backlog; 1,000 wrote more during the burst but let big batches delay acks (p99 ~4 s).
 */
const EVENT_CONCURRENCY = 256;

class Semaphore {
  private active = 0;
  // A burst leaves tens of thousands waiting: shift() on an array that large copies it each time
  // (1.2 % of the app's CPU at 3,000/s in bench/load.ts), so the queue is read from `head`.
  private waiting: Array<() => void> = [];
  private head = 0;
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const nextInLine = this.head < this.waiting.length ? this.waiting[this.head++] : undefined;
      if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      if (nextInLine) nextInLine();
      else this.active -= 1;
    }
  }
}

export interface SlackApp {
  app: App;
  /** Events acked to Slack and not yet fully processed (held while the database is down). */
  pendingEvents(): number;
  /** Starts the receiver; returns its HTTP server (in Socket Mode: the one serving /healthz and OAuth). */
  start(): Promise<Server | undefined>;
  stop(): Promise<void>;
  /** Resolves once no acked Slack request is still being processed (what a test awaits instead of sleeping). */
  idle(): Promise<void>;
}

export function healthRoute(services: Services): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      // A failed probe marks the database down, so event deliveries get 503 until it is back.
      void databaseHealth(services.db)
        .probeNow()
        .then((up) => {
          res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: up, database: up ? 'up' : 'down' }));
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
export function buildSlackApp(services: Services, opts: { eventConcurrency?: number } = {}): SlackApp {
  const { config, logger } = services;
  const { botToken, signingSecret, appToken, clientSecret, stateSecret } = config.slack;
  const log = boltLogger(logger, secretScrubber([botToken, signingSecret, appToken, clientSecret, stateSecret]));
  const customRoutes = [healthRoute(services), metricsRoute()];
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
  if (receiver instanceof HTTPReceiver) refuseEventsWhileDatabaseDown(receiver, databaseHealth(services.db), logger);
  if (receiver instanceof HTTPReceiver) {
    // Unsigned, malformed or future-dated requests get a 4xx before Bolt reads them (issue 13).
    // Bolt does not verify signatures itself (signatureVerification: false above): this must stay.
    const r = receiver as unknown as { requestListener: Parameters<typeof guardSlackRequests>[0] };
    r.requestListener = guardSlackRequests(r.requestListener, { signingSecret: signingSecret ?? '', logger });
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
  if (receiver instanceof SocketModeReceiver)
    deferSocketEventsWhileDatabaseDown(app, databaseHealth(services.db), logger);
  // Work still running after its ack (events are acked before processing): stop() waits for it,
  // so a shutdown does not cut a listener off between its ack and its database write.
  const inFlight = new Set<Promise<void>>();
  const eventSlots = new Semaphore(opts.eventConcurrency ?? EVENT_CONCURRENCY);
  let eventsPending = 0;
  const untrackPending = gauges.eventsPending.track(() => eventsPending);
  app.use(async ({ body, next }) => {
    // Events are acked before this runs; processing them a bounded number at a time keeps each
    // one's short chain of queries together instead of interleaving thousands under a burst.
    // Interactive requests (which ack inside their listener) never wait here.
    const isEvent = (body as { type?: string }).type === 'event_callback';
    if (isEvent) eventsPending += 1;
    const work = isEvent ? eventSlots.run(next) : next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
      if (isEvent) eventsPending -= 1;
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
  return {
    app,
    pendingEvents: () => eventsPending,
    async start() {
      const server = (await app.start(config.port)) as Server | undefined;
      started = true;
      if (!config.slack.appToken) return server;
      // Socket Mode: the receiver's own HTTP server (health, metrics, OAuth install) on PORT.
      const http = (receiver as unknown as { httpServer?: Server }).httpServer;
      if (http && !http.listening) await new Promise((resolve) => http.once('listening', resolve));
      return http;
    },
    async stop() {
      if (started) await app.stop();
      started = false;
      const deadline = Date.now() + DRAIN_MS;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 250))]);
      }
      if (inFlight.size > 0)
        logger.warn({ unfinished: inFlight.size }, 'stopped with Slack requests still being processed');
      untrackPending();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
