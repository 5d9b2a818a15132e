/**
 * Reads a small-column CSV (`id,department`, `source,target,weight`) one line at a time, so a
 * broken line (an unclosed quote, a stray quote) is reported with its number and costs no other
 * line: a whole-file CSV parser would read an unclosed quote as the start of a field running to
 * the end of the file and lose every row after it. Fields spanning lines are not supported (none
 * of Weaver's CSV inputs has one). Lines without a quote are split directly (fast for large
 * files); quoted lines go through a small quoted-field splitter (RFC 4180 on one line; spaces around
 * a field are trimmed, as csv-parse's `trim` did, at a fraction of its cost on broken lines).
 * `LineSplitter` splits a byte stream into the same lines a chunk at a time, so a file of any size
 * is read in constant memory; a line longer than `maxLineBytes` is reported without being held.
 */
import { isAscii } from 'node:buffer';

export type CsvLine =
  | { line: number; cells: string[]; error?: undefined }
  | { line: number; error: string; cells?: undefined };

const NOT_CLOSED = 'not valid CSV: a quoted field is not closed';
const AFTER_QUOTE = 'not valid CSV: a closing quote is followed by other characters';
const MISPLACED = 'not valid CSV: a quote is misplaced';
const isSpace = (c: string) => c === ' ' || c === '\t';

/** The fields of one line that holds a quote, or why it is not valid CSV. */
function splitQuoted(raw: string): string[] | { error: string } {
  const cells: string[] = [];
  let i = 0;
  const n = raw.length;
  for (;;) {
    while (i < n && isSpace(raw[i])) i++;
    if (raw[i] === '"') {
      let cell = '';
      let from = ++i;
      for (;;) {
        const q = raw.indexOf('"', from);
        if (q < 0) return { error: NOT_CLOSED };
        if (raw[q + 1] === '"') {
          cell += raw.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        cell += raw.slice(from, q);
        i = q + 1;
        break;
      }
      while (i < n && isSpace(raw[i])) i++;
      cells.push(cell);
      if (i >= n) return cells;
      if (raw[i] !== ',') return { error: AFTER_QUOTE };
      i++;
      continue;
    }
    const comma = raw.indexOf(',', i);
    const end = comma < 0 ? n : comma;
    const cell = raw.slice(i, end);
    if (cell.includes('"')) return { error: MISPLACED };
    cells.push(cell.trim());
    if (comma < 0) return cells;
    i = comma + 1;
  }
}

/** One line's cells, or why it is not valid CSV; null for a blank line. */
export function csvLine(raw: string, line: number): CsvLine | null {
  if (raw.trim() === '') return null;
  if (!raw.includes('"')) return { line, cells: raw.split(',') };
  // spaces around a quoted field (`U1, "Research, Dev"`) are not part of it
  const cells = splitQuoted(raw);
  return Array.isArray(cells) ? { line, cells } : { line, error: cells.error };
}

/** Every non-blank line of `text` with its 1-based line number: its cells, or why it is not valid CSV. */
export function csvLines(text: string): CsvLine[] {
  const out: CsvLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const parsed = csvLine(raw, i + 1);
    if (parsed) out.push(parsed);
  });
  return out;
}

/** Receives each line of a byte stream: its bytes are bytes[start, end), without the line end. */
export type LineSink = (bytes: Buffer, start: number, end: number, line: number) => void;

const LF = 10;
const CR = 13;

/**
 * Splits a byte stream into lines (ending at \r\n, \n or \r, as `csvLines`), numbered from 1, a
 * chunk at a time: complete lines are handed to `sink` as ranges of the chunk (no copy, no string),
 * a line spanning chunks is joined first. A line longer than `maxLineBytes` goes to `tooLong`
 * instead, without being held. A UTF-8 byte order mark at the start is dropped.
 */
export class LineSplitter {
  private carry: Buffer | null = null;
  private carryTooLong = false;
  private afterCr = false;
  private line = 1;
  /** the chunk being split, and its text when it is all ASCII ('' when it is not; null before asked) */
  private chunk: Buffer | null = null;
  private chunkText: string | null = null;

  constructor(
    private readonly sink: LineSink,
    private readonly tooLong: (line: number) => void,
    private readonly maxLineBytes = 1024 * 1024,
  ) {}

  /** The line bytes[start, end) as text (UTF-8). Lines of an ASCII chunk are cut from the chunk decoded once. */
  text(bytes: Buffer, start: number, end: number): string {
    if (bytes !== this.chunk) return bytes.toString('utf8', start, end);
    if (this.chunkText === null) this.chunkText = isAscii(bytes) ? bytes.toString('latin1') : '';
    return this.chunkText ? this.chunkText.slice(start, end) : bytes.toString('utf8', start, end);
  }

  push(chunk: Buffer): void {
    this.chunk = chunk;
    this.chunkText = null;
    const n = chunk.length;
    let p = 0;
    if (this.afterCr && n > 0 && chunk[0] === LF) p = 1;
    this.afterCr = false;
    while (p < n) {
      let q = p;
      while (q < n && chunk[q] !== LF && chunk[q] !== CR) q++;
      if (q === n) {
        this.keep(chunk, p, n);
        return;
      }
      if (this.carry || this.carryTooLong) {
        this.keep(chunk, p, q);
        this.emitCarry();
      } else this.emit(chunk, p, q);
      if (chunk[q] === CR) {
        if (q + 1 === n) this.afterCr = true;
        else if (chunk[q + 1] === LF) q++;
      }
      p = q + 1;
    }
  }

  /** The last line, when the stream does not end with a line end. */
  end(): void {
    if (this.carry?.length || this.carryTooLong) this.emitCarry();
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (this.carryTooLong) return;
    const held = this.carry ? this.carry.length : 0;
    if (held + to - from > this.maxLineBytes) {
      this.carryTooLong = true;
      this.carry = null;
      return;
    }
    this.carry = this.carry
      ? Buffer.concat([this.carry, chunk.subarray(from, to)])
      : Buffer.from(chunk.subarray(from, to));
  }

  private emitCarry(): void {
    const carry = this.carry ?? Buffer.alloc(0);
    const tooLong = this.carryTooLong;
    this.carry = null;
    this.carryTooLong = false;
    if (tooLong) this.tooLong(this.line++);
    else this.emit(carry, 0, carry.length);
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    const line = this.line++;
    if (end - start > this.maxLineBytes) {
      this.tooLong(line);
      return;
    }
    if (
      line === 1 &&
      end - start >= 3 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    ) {
      start += 3;
    }
    this.sink(bytes, start, end, line);
  }
}

/** "line longer than 1024 KiB" */
export const tooLongError = (maxLineBytes: number) => `line longer than ${Math.round(maxLineBytes / 1024)} KiB`;
