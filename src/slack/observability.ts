/**
 * Operations around every Slack request: a request id and a child logger carrying the workspace
 * (team and enterprise id) in `context.log` for listeners, a log line for failures, the
 * events-ingested counter, and GET /metrics (Prometheus text format, src/metrics.ts).
 */
import {
  LogLevel,
  type AnyMiddlewareArgs,
  type Logger as BoltLogger,
  type CustomRoute,
  type Middleware,
} from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { metrics, renderMetrics } from '../metrics';

declare module '@slack/bolt' {
  interface Context {
    /** Per-request id: the Slack event_id for events, a random id otherwise. */
    requestId?: string;
    /** pino child logger with teamId, enterpriseId and requestId. */
    log?: Logger;
  }
}

/** The fields of a request body these helpers read; each is checked before use. */
interface BodyFields {
  event?: { type?: unknown };
  command?: unknown;
  type?: unknown;
  event_id?: unknown;
}

function kindOf(body: BodyFields): string {
  if (body.event?.type) return `event:${body.event.type}`;
  if (body.command) return 'command';
  return typeof body.type === 'string' ? body.type : 'unknown';
}

/** Runs first: request id + child logger; logs (with both ids) any error a listener lets escape. */
export function requestContext(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as BodyFields;
    const requestId = typeof b.event_id === 'string' ? b.event_id : randomUUID();
    context.requestId = requestId;
    // Built on first use: most events log nothing, and a pino child per request shows under load.
    let child: Logger | undefined;
    const log = (): Logger =>
      (child ??= logger.child({ teamId: context.teamId, enterpriseId: context.enterpriseId, requestId }));
    Object.defineProperty(context, 'log', { get: log, configurable: true, enumerable: false });
    const started = Date.now();
    try {
      await next();
      if (logger.isLevelEnabled('debug'))
        log().debug({ kind: kindOf(b), ms: Date.now() - started }, 'slack request handled');
    } catch (err) {
      log().error({ kind: kindOf(b), err: (err as Error).message }, 'slack request failed');
      throw err;
    }
  };
}

/** Runs after dedupe, so it counts each event once however often Slack retried it. */
export const countIngestedEvents: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  const type = (body as { event?: { type?: unknown } }).event?.type;
  if (typeof type === 'string') metrics.eventsIngested.inc({ type });
  await next();
};

export function metricsRoute(): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(renderMetrics());
    },
  };
}

/**
 * The Slack libraries' log lines (Bolt, its Web API clients, our own job poster) in our JSON log at
 * LOG_LEVEL; their default logger prints to the console.
 */
export function boltLogger(logger: Logger, scrub: (text: string) => string = (t) => t): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  // scrub: library debug lines carry request bodies (tokens, client secret) as plain strings.
  const one = (a: unknown) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a));
  const fmt = (args: unknown[]) => scrub(args.map(one).join(' '));
  return {
    // Format only lines that will be written: Bolt logs several debug lines per request.
    debug: (...a: unknown[]) => child.isLevelEnabled('debug') && child.debug(fmt(a)),
    info: (...a: unknown[]) => child.isLevelEnabled('info') && child.info(fmt(a)),
    warn: (...a: unknown[]) => child.isLevelEnabled('warn') && child.warn(fmt(a)),
    error: (...a: unknown[]) => child.isLevelEnabled('error') && child.error(fmt(a)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
