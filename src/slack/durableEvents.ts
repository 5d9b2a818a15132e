/**
 * Durable before acked (ARCHITECTURE.md flow 2). Every Events API delivery, over HTTP or
 * Socket Mode, is appended to the local journal (src/slack/eventJournal.ts) and fsynced before
 * Slack gets its ack; when the journal refuses (full, unwritable) HTTP answers 503 and a Socket
 * Mode envelope is left unacknowledged, so Slack delivers it again. Bolt then processes the events
 * from the journal, in order, at most `window` at a time, only while the database answers; the
 * journal forgets each one once it is processed.
 *
 * Memory is bounded whatever an outage's length: at most `memoryCap` records wait in memory; past
 * that they stay on disk only and are read back from the journal when their turn comes (as are the
 * records an earlier run left, at every start).
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import type { ServerResponse } from 'node:http';
import type { DatabaseHealth } from '../db/health';
import { isDatabaseUnavailable } from '../db/health';
import type { Logger } from '../logger';
import { metrics } from '../metrics';
import { type EventJournal, type JournalRecord, JournalRefusal } from './eventJournal';

export interface DurableEventsOptions {
  /** events processed at once */
  window: number;
  /** records kept in memory waiting for their turn; beyond, they are read back from disk */
  memoryCap: number;
}

/** Set by the consumer on what it hands to Bolt: `journalReplay` is true for an earlier run's records. */
export interface JournalContext {
  journalReplay?: boolean;
}

export class DurableEvents {
  private memory: JournalRecord[] = [];
  private head = 0;
  private cursor: number;
  private spilled: boolean;
  private reading = false;
  private inFlight = 0;
  private stopped = false;
  private started = false;
  private idleWaiters: Array<() => void> = [];
  private refused = 0;
  private waitingForDatabase = false;
  /** bodies whose authorization met a database outage (Bolt drops them): processed again once it is back */
  private readonly authLost = new WeakSet<object>();
  private processOriginal: (event: ReceiverEvent) => Promise<void>;

  constructor(
    app: App,
    private readonly journal: EventJournal,
    private readonly health: DatabaseHealth,
    private readonly logger: Logger,
    private readonly opts: DurableEventsOptions,
  ) {
    this.cursor = journal.firstUnprocessed;
    // An earlier run's unprocessed records are on disk only: they are read back first.
    this.spilled = journal.lastDurable >= this.cursor;
    this.processOriginal = app.processEvent.bind(app);
    journal.onDurable((records) => this.received(records));
    // Socket Mode hands every envelope to processEvent with an ack that answers over the WebSocket.
    app.processEvent = async (event: ReceiverEvent) => {
      const body = event.body as Record<string, unknown>;
      if (body?.type !== 'event_callback') return this.processOriginal(event);
      const accepted = await this.accept(JSON.stringify(body), body, event.retryNum, event.retryReason);
      if (accepted) await event.ack();
    };
    // Bolt answers an authorization failure by dropping the event (and acking it): for an event
    // from the journal whose installation lookup met a database outage, that would lose it.
    type ErrorArgs = { error: { code?: string; original?: unknown }; body?: object };
    const bolt = app as unknown as { handleError(args: ErrorArgs): Promise<void> };
    const handleError = bolt.handleError.bind(app);
    bolt.handleError = (args) => {
      const lostToOutage =
        args.error.code === 'slack_bolt_authorization_error' && isDatabaseUnavailable(args.error.original);
      if (args.body && lostToOutage) this.authLost.add(args.body);
      return handleError(args);
    };
  }

  /**
   * Appends one delivery to the journal; true once it is on disk (then ack it), false when the
   * journal refused it (then do not: Slack will deliver it again).
   */
  async accept(json: string, body: Record<string, unknown>, retryNum?: number, retryReason?: string): Promise<boolean> {
    try {
      await this.journal.append({ json, body, retryNum, retryReason });
      this.refused = 0;
      return true;
    } catch (err) {
      if (!(err instanceof JournalRefusal)) this.logger.error({ err: (err as Error).message }, 'journal append failed');
      metrics.eventsDeferred.inc();
      if (this.refused++ % 100 === 0) {
        this.logger.warn(
          { refused: this.refused, reason: (err as Error).message },
          'events refused (HTTP 503, Socket Mode unacknowledged) so Slack resends them',
        );
      }
      return false;
    }
  }

  /** The HTTP edge: a verified event delivery is answered 200 once durable, 503 otherwise. */
  async answer(rawBody: Buffer, body: Record<string, unknown>, headers: Record<string, unknown>, res: ServerResponse) {
    const retryNum = Number(headers['x-slack-retry-num']);
    const retryReason = headers['x-slack-retry-reason'];
    const accepted = await this.accept(
      rawBody.toString('utf8'),
      body,
      Number.isInteger(retryNum) ? retryNum : undefined,
      typeof retryReason === 'string' ? retryReason : undefined,
    );
    if (accepted) {
      res.writeHead(200);
      res.end();
    } else {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ ok: false, error: 'event_journal_unavailable' }));
    }
  }

  /** Called by the journal with each group of records once they are on disk. */
  private received(records: JournalRecord[]): void {
    if (!this.spilled && this.memory.length - this.head + records.length <= this.opts.memoryCap) {
      for (const r of records) this.memory.push(r);
    } else this.spilled = true;
    this.pump();
  }

  /** Events in memory: waiting for their turn or being processed (bounded by memoryCap + window). */
  heldInMemory(): number {
    return this.memory.length - this.head + this.inFlight;
  }

  /** Begins processing: first what an earlier run left in the journal, then each new record. */
  start(): void {
    this.started = true;
    this.pump();
  }

  private pump(): void {
    if (!this.started) return;
    while (!this.stopped && this.inFlight < this.opts.window) {
      if (!this.health.up) {
        // Processed only while the database answers: the backlog waits on disk meanwhile.
        if (!this.waitingForDatabase) {
          this.waitingForDatabase = true;
          this.health.whenUp().then(() => {
            this.waitingForDatabase = false;
            this.pump();
          });
        }
        return;
      }
      if (this.head < this.memory.length) {
        const record = this.memory[this.head++];
        if (this.head >= 1024 && this.head * 2 >= this.memory.length) {
          this.memory = this.memory.slice(this.head);
          this.head = 0;
        }
        this.dispatch(record);
        continue;
      }
      if (!this.spilled) break;
      if (this.cursor > this.journal.lastDurable) {
        this.spilled = false;
        break;
      }
      if (this.reading) return;
      this.reading = true;
      const want = Math.min(this.opts.memoryCap, 1000);
      this.journal
        .readFrom(this.cursor, want)
        .then(
          (records) => {
            for (const r of records) if (r.seq >= this.cursor) this.memory.push(r);
            if (!records.length) this.cursor = this.journal.lastDurable + 1; // nothing readable left
          },
          (err) => this.logger.error({ err: (err as Error).message }, 'journal read failed; trying again'),
        )
        .finally(() => {
          this.reading = false;
          setImmediate(() => this.pump());
        });
      return;
    }
    this.notifyIdle();
  }

  private dispatch(record: JournalRecord): void {
    this.cursor = record.seq + 1;
    this.inFlight += 1;
    const replay = record.seq < this.journal.firstOwnSeq;
    this.process(record, replay)
      .catch((err) => this.logger.error({ err: (err as Error).message }, 'journaled event failed'))
      .finally(() => {
        this.inFlight -= 1;
        this.journal.finished(record.seq);
        this.pump();
      });
  }

  private async process(record: JournalRecord, replay: boolean): Promise<void> {
    for (;;) {
      const customProperties: JournalContext = replay ? { journalReplay: true } : {};
      await this.processOriginal({
        body: record.body,
        ack: async () => undefined,
        retryNum: record.retryNum,
        retryReason: record.retryReason,
        customProperties: customProperties as Record<string, unknown>,
      });
      if (!this.authLost.has(record.body) || this.stopped) return;
      this.authLost.delete(record.body);
      await this.health.whenUp();
    }
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.head >= this.memory.length && !this.reading && this.journal.held === 0;
  }

  /** Resolves once every durable event has been processed (tests await this instead of sleeping). */
  async idle(): Promise<void> {
    while (!this.isIdle()) {
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, 50).unref();
      });
    }
  }

  /**
   * Stops taking records and waits up to `drainMs` for those being processed; what is not finished
   * stays in the journal (it is replayed at the next start). Then the journal is flushed and closed.
   */
  async stop(drainMs: number): Promise<{ unfinished: number }> {
    this.stopped = true;
    const deadline = Date.now() + drainMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const unfinished = this.inFlight;
    await this.journal.close();
    return { unfinished };
  }
}
