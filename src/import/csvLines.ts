/**
 * Reads a small-column CSV (`id,department`, `source,target,weight`) one line at a time, so a
 * broken line (an unclosed quote, a stray quote) is reported with its number and costs no other
 * line: a whole-file CSV parser would read an unclosed quote as the start of a field running to
 * the end of the file and lose every row after it. Fields spanning lines are not supported (none
 * of Weaver's CSV inputs has one). Lines without a quote are split directly (fast for large
 * files); quoted lines go through a small quoted-field splitter (RFC 4180 on one line; spaces around
 * a field are trimmed, as csv-parse's `trim` did, at a fraction of its cost on broken lines).
 * `csvFileLines` does the same on a stream, a chunk at a
 * time, so a file of any size is read in constant memory; a line longer than `maxLineBytes` is
 * reported as bad without being held.
 */
export type CsvLine = { line: number; cells: string[]; error?: undefined } | { line: number; error: string; cells?: undefined };

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

const LF = 0x0a;
const CR = 0x0d;

/**
 * The non-blank lines of a CSV stream, in batches (one per chunk read), numbered like `csvLines`
 * (lines end at \r\n, \n or \r).
 */
export async function* csvFileLines(source: AsyncIterable<Buffer | string>, maxLineBytes = 1024 * 1024): AsyncGenerator<CsvLine[]> {
  let line = 1;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let afterCr = false; // the previous chunk ended with \r: a \n starting this one belongs to it
  let first = true;
  const end = (out: CsvLine[]) => {
    if (tooLong) out.push({ line, error: `line longer than ${Math.round(maxLineBytes / 1024)} KiB` });
    else {
      let text = Buffer.concat(pending, pendingBytes).toString('utf8');
      if (first) text = text.replace(/^\uFEFF/, '');
      const parsed = csvLine(text, line);
      if (parsed) out.push(parsed);
    }
    first = false;
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    line++;
  };
  const keep = (part: Buffer) => {
    if (tooLong) return;
    if (pendingBytes + part.length > maxLineBytes) {
      tooLong = true;
      pending = [];
      pendingBytes = 0;
    } else {
      pending.push(part);
      pendingBytes += part.length;
    }
  };
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const out: CsvLine[] = [];
    let i = 0;
    if (afterCr && chunk[0] === LF) i = 1;
    afterCr = false;
    while (i < chunk.length) {
      let j = i;
      while (j < chunk.length && chunk[j] !== LF && chunk[j] !== CR) j++;
      if (j >= chunk.length) {
        keep(Buffer.from(chunk.subarray(i)));
        break;
      }
      keep(chunk.subarray(i, j));
      end(out);
      if (chunk[j] === CR) {
        if (j + 1 < chunk.length) j += chunk[j + 1] === LF ? 1 : 0;
        else afterCr = true;
      }
      i = j + 1;
    }
    if (out.length) yield out;
  }
  if (pendingBytes || tooLong) {
    const out: CsvLine[] = [];
    end(out);
    yield out;
  }
}
