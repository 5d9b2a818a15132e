/**
 * The event journal: every Events API delivery is appended here and fsynced before Slack gets its
 * ack, so an acknowledged event survives whatever happens next (the database stalls or dies, the
 * process is stopped or killed). Records are processed into PostgreSQL in order and the journal
 * forgets them once they are (docs/faults.md, ARCHITECTURE.md flow 2).
 *
 * On disk: a folder of segment files named by their first record's sequence number
 * (`00000000000000000042.jsonl`), one JSON line per record (`{"s":seq,"r":retryNum,"b":body}`), and
 * `checkpoint` (`{"done":N}`: every record below N is processed). Appends are group-committed: the
 * records that arrive while one write + fdatasync runs share the next, so a burst costs a few
 * syncs a second, not one per event. A torn last line (a crash mid-write, never acked) is skipped
 * when read. Past the size cap, or when the folder cannot be written, an append fails and the
 * caller refuses the delivery (HTTP 503, no Socket Mode ack), so Slack sends it again.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';

export interface JournalEntry {
  /** the event envelope as JSON text: one line (a valid JSON text has raw newlines only as whitespace) */
  json: string;
  /** the same envelope, parsed: handed on to onDurable so it is not parsed again */
  body: Record<string, unknown>;
  retryNum?: number;
  retryReason?: string;
}

export interface JournalRecord {
  seq: number;
  body: Record<string, unknown>;
  retryNum?: number;
  retryReason?: string;
}

export class JournalRefusal extends Error {
  constructor(
    message: string,
    readonly reason: 'full' | 'unwritable' | 'closed',
  ) {
    super(message);
    this.name = 'JournalRefusal';
  }
}

export interface JournalOptions {
  dir: string;
  maxBytes: number;
  logger: Logger;
  /** a segment is closed and a new one begun past this size (old ones are deleted once processed) */
  segmentBytes?: number;
}

interface Segment {
  first: number;
  file: string;
  bytes: number;
}

interface PendingAppend {
  line: Buffer;
  record: JournalRecord;
  resolve(seq: number): void;
  reject(err: unknown): void;
}

const SEGMENT_BYTES = 8 * 1024 * 1024;
const READ_CHUNK = 1024 * 1024;
const segmentName = (first: number) => `${String(first).padStart(20, '0')}.jsonl`;

/** One journal folder, used by one process (the caller holds its lock). */
export class EventJournal {
  private segments: Segment[] = [];
  private active?: { segment: Segment; handle: FileHandle };
  private nextSeq = 0;
  private durable = -1;
  private doneBelow = 0;
  private finishedAbove = new Set<number>();
  private savedDone = -1;
  private queue: PendingAppend[] = [];
  private queuedBytes = 0;
  private failing = false;
  /** an append was refused for want of room, and nothing has been freed since */
  private full = false;
  private flushing?: Promise<void>;
  private closed = false;
  private checkpointTimer?: NodeJS.Timeout;
  private reader?: { seg: number; offset: number };
  private listener?: (records: JournalRecord[]) => void;
  /** the first sequence number this process appended: records below it come from an earlier run */
  readonly firstOwnSeq: number;

  private constructor(private readonly opts: JournalOptions) {
    mkdirSync(opts.dir, { recursive: true });
    const checkpointFile = path.join(opts.dir, 'checkpoint');
    if (existsSync(checkpointFile)) {
      try {
        this.doneBelow = Number(JSON.parse(readFileSync(checkpointFile, 'utf8')).done) || 0;
      } catch {
        opts.logger.warn({ dir: opts.dir }, 'journal checkpoint unreadable: replaying the whole journal');
      }
    }
    for (const name of readdirSync(opts.dir).sort()) {
      const m = /^(\d{20})\.jsonl$/.exec(name);
      if (!m) continue;
      const file = path.join(opts.dir, name);
      this.segments.push({ first: Number(m[1]), file, bytes: statSync(file).size });
    }
    const last = this.segments.at(-1);
    let lastSeq = -1;
    if (last) {
      // A torn last line (the process died mid-write; never acked) is cut, so nothing is appended after it.
      const tail = completeLength(last.file);
      if (tail.bytes < last.bytes) truncateSync(last.file, tail.bytes);
      last.bytes = tail.bytes;
      lastSeq = tail.lastSeq ?? last.first - 1;
      if (tail.bytes === 0) {
        unlinkSync(last.file);
        this.segments.pop();
      }
    }
    this.nextSeq = Math.max(this.doneBelow, lastSeq + 1);
    this.durable = this.nextSeq - 1;
    this.savedDone = this.doneBelow;
    this.firstOwnSeq = this.nextSeq;
  }

  /** Opens (creating it if needed) the journal folder; the caller holds the folder's lock. */
  static open(opts: JournalOptions): EventJournal {
    const journal = new EventJournal(opts);
    journal.checkpointTimer = setInterval(() => journal.checkpoint(), 1000);
    journal.checkpointTimer.unref();
    return journal;
  }

  /** Who hears about each group of records once it is on disk (the consumer: src/slack/durableEvents.ts). */
  onDurable(listener: (records: JournalRecord[]) => void): void {
    this.listener = listener;
  }

  /** Bytes on disk (every segment not yet deleted). */
  get bytes(): number {
    return this.segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /** Whether an append now would be taken: open, with room, and its last write succeeded. */
  get accepting(): boolean {
    return !this.closed && !this.failing && !this.full;
  }

  /** Records appended and not yet processed (what /healthz calls "journal N events"). */
  get held(): number {
    return Math.max(0, this.durable + 1 - this.doneBelow - this.finishedAbove.size);
  }

  /** Highest durable sequence number (-1: none). */
  get lastDurable(): number {
    return this.durable;
  }

  /** The lowest sequence number not yet processed. */
  get firstUnprocessed(): number {
    return this.doneBelow;
  }

  /** Appends one record; resolves with its sequence number once it is on disk (fdatasync). */
  append(entry: JournalEntry): Promise<number> {
    if (this.closed) return Promise.reject(new JournalRefusal('the journal is closed', 'closed'));
    const seq = this.nextSeq;
    const json =
      entry.json.includes('\n') || entry.json.includes('\r') ? entry.json.replace(/[\r\n]/g, ' ') : entry.json;
    const retry = entry.retryNum ? `,"r":${entry.retryNum}` : '';
    const reason = entry.retryReason ? `,"w":${JSON.stringify(entry.retryReason)}` : '';
    const line = Buffer.from(`{"s":${seq}${retry}${reason},"b":${json}}\n`);
    if (this.bytes + this.queuedBytes + line.length > this.opts.maxBytes) {
      this.full = true;
      return Promise.reject(new JournalRefusal(`the journal is full (${this.opts.maxBytes} bytes)`, 'full'));
    }
    this.full = false;
    this.nextSeq += 1;
    this.queuedBytes += line.length;
    const record: JournalRecord = { seq, body: entry.body, retryNum: entry.retryNum, retryReason: entry.retryReason };
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ line, record, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.queue.length);
      for (const p of batch) this.queuedBytes -= p.line.length;
      try {
        const handle = await this.activeSegment(batch[0].record.seq);
        const data = Buffer.concat(batch.map((p) => p.line));
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        await handle.datasync();
        this.active!.segment.bytes += data.length;
        this.durable = batch.at(-1)!.record.seq;
        this.failing = false;
        const records = batch.map((p) => p.record);
        for (const p of batch) p.resolve(p.record.seq);
        this.listener?.(records);
      } catch (err) {
        // Not acked: Slack resends them. Their numbers count as processed so the journal can move past them.
        this.opts.logger.error({ err: (err as Error).message, dir: this.opts.dir }, 'journal write failed');
        this.failing = true;
        await this.closeActive().catch(() => undefined);
        for (const p of batch) {
          this.durable = Math.max(this.durable, p.record.seq);
          this.finished(p.record.seq);
          p.reject(new JournalRefusal(`the journal cannot be written: ${(err as Error).message}`, 'unwritable'));
        }
      }
    }
    this.flushing = undefined;
  }

  private async activeSegment(firstSeq: number): Promise<FileHandle> {
    if (this.active && this.active.segment.bytes >= (this.opts.segmentBytes ?? SEGMENT_BYTES)) await this.closeActive();
    if (!this.active) {
      const segment = { first: firstSeq, file: path.join(this.opts.dir, segmentName(firstSeq)), bytes: 0 };
      const handle = await open(segment.file, 'a');
      this.segments.push(segment);
      this.active = { segment, handle };
    }
    return this.active.handle;
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    await active?.handle.close();
  }

  /** Marks one record processed (in any order); the checkpoint moves past every contiguous one. */
  finished(seq: number): void {
    if (seq < this.doneBelow) return;
    this.finishedAbove.add(seq);
    while (this.finishedAbove.delete(this.doneBelow)) this.doneBelow += 1;
  }

  /** Writes the checkpoint (when it moved) and deletes the segments every record of which is processed. */
  checkpoint(): void {
    if (this.doneBelow === this.savedDone) return;
    const file = path.join(this.opts.dir, 'checkpoint');
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify({ done: this.doneBelow }));
      renameSync(`${file}.tmp`, file);
      this.savedDone = this.doneBelow;
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'journal checkpoint not written');
      return;
    }
    // A segment is finished when the next one starts at or below the checkpoint.
    while (this.segments.length > 1 && this.segments[1].first <= this.doneBelow) {
      const [gone] = this.segments.splice(0, 1);
      unlink(gone.file).catch(() => undefined);
      this.full = false;
    }
  }

  /**
   * Reads durable records from `seq` on, at most about `limit` of them, from disk (records that
   * were not kept in memory: an outage's backlog, or an earlier run's). Reads continue where the
   * last call stopped when called with the next sequence number.
   */
  async readFrom(seq: number, limit: number): Promise<JournalRecord[]> {
    const out: JournalRecord[] = [];
    let chunk = READ_CHUNK;
    while (out.length < limit && seq <= this.durable) {
      const index = this.segmentIndexFor(seq);
      if (index < 0) return out;
      const segment = this.segments[index];
      if (this.reader?.seg !== segment.first) this.reader = { seg: segment.first, offset: 0 };
      const reader = this.reader;
      // Only bytes already fdatasynced (segment.bytes grows after the sync): every record read is durable.
      const size = segment.bytes;
      const length = Math.min(chunk, size - reader.offset);
      if (length > 0) {
        const buffer = Buffer.alloc(length);
        const handle = await open(segment.file, 'r');
        let bytesRead = 0;
        try {
          ({ bytesRead } = await handle.read(buffer, 0, length, reader.offset));
        } finally {
          await handle.close();
        }
        // Whole lines only, and no more records than asked for: the reader stops right after the last one.
        let pos = 0;
        while (out.length < limit) {
          const end = buffer.indexOf(10, pos);
          if (end < 0 || end >= bytesRead) break;
          const record = parseLine(buffer.toString('utf8', pos, end));
          pos = end + 1;
          if (record && record.seq >= seq) {
            out.push(record);
            seq = record.seq + 1;
          }
        }
        reader.offset += pos;
        // a record longer than the chunk: read more at once next time
        chunk = pos === 0 && bytesRead === chunk ? chunk * 2 : READ_CHUNK;
        if (pos === 0 && bytesRead < chunk && reader.offset + bytesRead >= size) reader.offset = size; // torn tail
      }
      if (reader.offset >= size) {
        // End of this segment: on to the next one, if there is one.
        const next = this.segments[index + 1];
        if (!next) return out;
        seq = Math.max(seq, next.first);
        this.reader = { seg: next.first, offset: 0 };
      }
    }
    return out;
  }

  private segmentIndexFor(seq: number): number {
    for (let i = this.segments.length - 1; i >= 0; i -= 1) if (this.segments[i].first <= seq) return i;
    return this.segments.length ? 0 : -1;
  }

  /** Writes what is queued (resolving or refusing each append), saves the checkpoint and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    while (this.flushing) await this.flushing;
    this.checkpoint();
    await this.closeActive().catch(() => undefined);
  }
}

function parseLine(line: string): JournalRecord | undefined {
  if (!line) return undefined;
  try {
    const r = JSON.parse(line) as { s: number; r?: number; w?: string; b: Record<string, unknown> };
    if (typeof r.s !== 'number' || typeof r.b !== 'object' || r.b === null) return undefined;
    return { seq: r.s, body: r.b, retryNum: r.r, retryReason: r.w };
  } catch {
    return undefined; // a torn write: it was never acked
  }
}

/** The length of a segment up to the end of its last complete record, and that record's number. */
function completeLength(file: string): { bytes: number; lastSeq?: number } {
  const text = readFileSync(file);
  let end = text.length;
  while (end > 0) {
    const lineEnd = text.lastIndexOf(10, end - 1);
    if (lineEnd < 0) return { bytes: 0 };
    const lineStart = text.lastIndexOf(10, lineEnd - 1) + 1;
    const record = parseLine(text.toString('utf8', lineStart, lineEnd));
    if (record) return { bytes: lineEnd + 1, lastSeq: record.seq };
    end = lineStart;
  }
  return { bytes: 0 };
}
