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
import { StringDecoder } from 'node:string_decoder';
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

const EOL = /\r\n|\n|\r/;

/**
 * The non-blank lines of a CSV stream, in batches (one per chunk read), numbered like `csvLines`
 * (lines end at \r\n, \n or \r). A line longer than `maxLineChars` is reported, not held.
 */
export async function* csvFileLines(
  source: AsyncIterable<Buffer | string>,
  maxLineChars = 1024 * 1024,
): AsyncGenerator<CsvLine[]> {
  const decoder = new StringDecoder('utf8');
  let line = 1;
  let rest = ''; // the line read so far
  let tooLong = false;
  let afterCr = false; // the previous chunk ended with \r: a \n starting this one belongs to it
  const emit = (text: string, out: CsvLine[]) => {
    if (tooLong) out.push({ line, error: `line longer than ${Math.round(maxLineChars / 1024)} KiB` });
    else {
      const parsed = csvLine(line === 1 ? text.replace(/^\uFEFF/, '') : text, line);
      if (parsed) out.push(parsed);
    }
    tooLong = false;
    line++;
  };
  const keep = (text: string) => {
    if (tooLong) return;
    rest += text;
    if (rest.length > maxLineChars) {
      tooLong = true;
      rest = '';
    }
  };
  for await (const raw of source) {
    if (raw.length === 0) continue;
    let text = typeof raw === 'string' ? raw : decoder.write(raw);
    if (text === '') continue; // the start of a multi-byte character
    if (afterCr && text.startsWith('\n')) text = text.slice(1);
    afterCr = text.endsWith('\r');
    if (text === '') continue;
    const lines = text.split(EOL);
    const partial = lines.pop()!;
    const out: CsvLine[] = [];
    for (let k = 0; k < lines.length; k++) {
      if (k === 0) {
        keep(lines[0]);
        emit(rest, out);
        rest = '';
      } else {
        tooLong = lines[k].length > maxLineChars;
        emit(lines[k], out);
      }
    }
    keep(partial);
    if (out.length) yield out;
  }
  keep(decoder.end());
  if (rest || tooLong) {
    const out: CsvLine[] = [];
    emit(rest, out);
    yield out;
  }
}
