/**
 * Routes Events API deliveries to their handlers from one global middleware, instead of one Bolt
 * listener per event type. Bolt runs every registered listener's matcher chain (copying the
 * request's arguments for each step) on every request: with ~35 listeners that was ~45 % of the
 * app's CPU at 1,000 events/s in bench/load.ts, and the garbage it made lengthened ack latency.
 * Here an event costs one Map lookup. Handlers of one type run concurrently, like Bolt listeners;
 * a handler's error goes to Bolt's error handler (app.error). Other requests (actions, views,
 * commands, options) pass through to Bolt's listeners unchanged.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Context, Logger, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

export interface EventArgs {
  /** the inner event (`body.event`); handlers validate it with zod */
  event: { type: string } & Record<string, unknown>;
  body: Record<string, unknown>;
  context: Context;
  client: WebClient;
  logger: Logger;
}

export type EventHandler = (args: EventArgs) => Promise<void>;

export class EventRouter {
  private readonly handlers = new Map<string, EventHandler[]>();

  /**
   * `waitForDatabase(err)`: events are acked before their handlers run, so a handler that fails because
   * the database is unreachable is run again once it is back (the function waits, then returns true).
   */
  constructor(private readonly waitForDatabase: (err: unknown) => Promise<boolean> = async () => false) {}

  /** Adds a handler for one event type (`member_joined_channel`, `message`, …). */
  event(type: string, handler: EventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** The global middleware: the last one registered with app.use, after dedupe. */
  middleware(): Middleware<AnyMiddlewareArgs> {
    return async (args) => {
      const { body, next } = args as AnyMiddlewareArgs & AllMiddlewareArgs;
      const b = body as { type?: string; event?: { type?: string } };
      if (b.type !== 'event_callback' || typeof b.event?.type !== 'string') {
        await next();
        return;
      }
      const handlers = this.handlers.get(b.event.type);
      if (!handlers) return; // an event Weaver does not use: nothing to do
      const { context, client, logger } = args as AllMiddlewareArgs;
      const eventArgs: EventArgs = {
        event: b.event as EventArgs['event'],
        body: body as Record<string, unknown>,
        context,
        client,
        logger,
      };
      const untilStored = async (h: EventHandler): Promise<void> => {
        for (;;) {
          try {
            return await h(eventArgs);
          } catch (err) {
            if (!(await this.waitForDatabase(err))) throw err;
          }
        }
      };
      const results = await Promise.allSettled(handlers.map(untilStored));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    };
  }
}
