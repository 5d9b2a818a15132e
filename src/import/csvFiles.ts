/**
 * Plain CSV inputs for `weaver analyze`:
 *   ties   — header `source,target` and optional `weight` (a positive number, default 1);
 *   people — header `id,department`.
 * Every row is validated; a bad row is reported with its line number and skipped, the rest is used.
 * Files are read as streams (memory follows the number of good rows); only the first
 * `MAX_BAD_ROWS_KEPT` bad rows are kept with their reasons, the rest are counted.
 * Control characters in ids and department names are removed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CONTROL_CHARACTERS, stripControls } from '../domain/controlCharacters';

/** Tests a cell for a control character (the shared pattern is global, so `test` would keep state). */
const CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source);
import { csvLine, csvLines, LineSplitter, tooLongError, type CsvLine } from './csvLines';
import { IdTable } from './idTable';

export interface BadRow {
  line: number;
  reason: string;
}

export interface CsvResult<T> {
  rows: T[];
  /** bad rows in line order (the first MAX_BAD_ROWS_KEPT when read from a file) */
  bad: BadRow[];
  /** how many rows were bad, including any not kept in `bad` */
  badCount: number;
}

export const MAX_BAD_ROWS_KEPT = 1000;
/** Longest line read from a file; a longer one is a bad row, not held. */
const MAX_LINE_BYTES = 1024 * 1024;
/** Longest id, in characters. */
const MAX_ID_LENGTH = 200;

export interface TieRow {
  source: string;
  target: string;
  weight: number;
}

export interface PersonRow {
  id: string;
  department: string;
}

/** A row's cells and the column of each header name → the row, or the reasons it is bad (checked by hand: zod
 * cost 15-150 µs a row; no object per row, the cells are read by column). */
type RowSchema<T> = (cells: string[], column: Record<string, number>) => T | { issues: string[] };

function cleanId(
  cells: string[],
  column: Record<string, number>,
  field: string,
  issues: string[],
  empty = 'empty id',
): string {
  const raw = cells[column[field]];
  if (raw === undefined) {
    issues.push(`${field}: missing`);
    return '';
  }
  const value = (CONTROL_CHARACTER.test(raw) ? stripControls(raw) : raw).trim();
  if (!value) issues.push(`${field}: ${empty}`);
  else if (value.length > MAX_ID_LENGTH) issues.push(`${field}: longer than ${MAX_ID_LENGTH} characters`);
  return value;
}

const tieSchema: RowSchema<TieRow> = (cells, column) => {
  const issues: string[] = [];
  const source = cleanId(cells, column, 'source', issues);
  const target = cleanId(cells, column, 'target', issues);
  const w = column.weight === undefined ? undefined : cells[column.weight]?.trim();
  let weight = 1;
  if (w) {
    weight = Number(w);
    if (!Number.isFinite(weight) || weight <= 0) issues.push(`weight: weight "${w}" is not a positive number`);
  }
  if (!issues.length && source === target) {
    issues.push('row: source and target are the same person (self-ties are not ties)');
  }
  return issues.length ? { issues } : { source, target, weight };
};

const personSchema: RowSchema<PersonRow> = (cells, column) => {
  const issues: string[] = [];
  const id = cleanId(cells, column, 'id', issues);
  const department = cleanId(cells, column, 'department', issues, 'empty department');
  return issues.length ? { issues } : { id, department };
};

/**
 * Validates CSV lines as they come: the header first, then each row against `schema`. `check` may
 * reject a valid row (a repeated id) with a reason; each row kept goes to `sink`, by default `rows`.
 */
class CsvRows<T extends object> {
  readonly rows: T[] = [];
  readonly bad: BadRow[] = [];
  badCount = 0;
  private column: Record<string, number> | null = null;

  constructor(
    private readonly required: string[],
    private readonly schema: RowSchema<T>,
    private readonly what: string,
    private readonly maxBad: number,
    private readonly check: (row: T, line: number) => string | null = () => null,
    private readonly sink: (row: T) => void = (row) => this.rows.push(row),
  ) {}

  add({ cells, line, error }: CsvLine): void {
    if (!this.column) {
      const header = (cells ?? []).map((h) => h.trim().toLowerCase());
      const missing = this.required.filter((h) => !header.includes(h));
      if (error !== undefined || missing.length) {
        const why = error ?? `missing ${missing.join(', ')}`;
        throw new Error(`${this.what}, line ${line}: header must name ${this.required.join(',')} (${why})`);
      }
      // a repeated name: its last column counts
      this.column = Object.create(null) as Record<string, number>;
      header.forEach((h, i) => {
        this.column![h] = i;
      });
      return;
    }
    if (error !== undefined) {
      this.reject(line, error);
      return;
    }
    const row = this.schema(cells, this.column);
    if ('issues' in row) {
      this.reject(line, row.issues.join('; '));
      return;
    }
    const refused = this.check(row, line);
    if (refused) this.reject(line, refused);
    else this.sink(row);
  }

  /** The header is read. */
  get ready(): boolean {
    return this.column !== null;
  }

  /** Keeps a row checked elsewhere (a fast path), in file order with the others. */
  keep(row: T): void {
    this.sink(row);
  }

  /** The column of a header name once the header is read; undefined before, or for a name it lacks. */
  columnOf(name: string): number | undefined {
    return this.column?.[name];
  }

  private reject(line: number, reason: string): void {
    this.badCount++;
    if (this.bad.length < this.maxBad) this.bad.push({ line, reason });
  }

  result(): CsvResult<T> {
    if (!this.column) throw new Error(`${this.what} is empty: expected a header line with ${this.required.join(',')}`);
    return { rows: this.rows, bad: this.bad, badCount: this.badCount };
  }
}

const tieRows = (what: string, maxBad: number, sink?: (row: TieRow) => void) =>
  new CsvRows<TieRow>(['source', 'target'], tieSchema, what, maxBad, undefined, sink);

const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const QUOTE = 0x22;
/** Cells a row may have on the fast path (more go the general way). */
const MAX_FAST_CELLS = 16;

/**
 * The cells of a plain-ASCII line, read from its bytes without making a string: most rows of a large
 * file are like `U1,U2` or `U1,Design`. A line with a quote, a control or a non-ASCII character is
 * not plain: it goes the general way (csvLine and the row schema), as does any row with anything
 * wrong with it, so the rows kept and the reasons given are the text parser's.
 */
class PlainCells {
  private readonly starts = new Int32Array(MAX_FAST_CELLS);
  private readonly ends = new Int32Array(MAX_FAST_CELLS);
  count = 0;
  /** the last trimmed cell: bytes[from, to) */
  from = 0;
  to = 0;

  /** Splits bytes[start, end) at commas; false when the line is not plain or has too many cells. */
  split(bytes: Buffer, start: number, end: number): boolean {
    const { starts, ends } = this;
    let cells = 0;
    starts[0] = start;
    for (let p = start; p < end; p++) {
      const b = bytes[p];
      if (b === COMMA) {
        ends[cells++] = p;
        if (cells === MAX_FAST_CELLS) return false;
        starts[cells] = p + 1;
      } else if (b > 0x7e || b === QUOTE || (b < SPACE && b !== TAB)) return false;
    }
    ends[cells++] = end;
    this.count = cells;
    return true;
  }

  /** Cell k without the spaces and tabs around it, in from/to; false when the line has no cell k. */
  trim(bytes: Buffer, k: number): boolean {
    if (k < 0 || k >= this.count) return false;
    let from = this.starts[k];
    let to = this.ends[k];
    while (from < to && (bytes[from] === SPACE || bytes[from] === TAB)) from++;
    while (to > from && (bytes[to - 1] === SPACE || bytes[to - 1] === TAB)) to--;
    this.from = from;
    this.to = to;
    return true;
  }

  /** The last trimmed cell is a valid id or department: not empty, at most MAX_ID_LENGTH characters. */
  get sized(): boolean {
    return this.to > this.from && this.to - this.from <= MAX_ID_LENGTH;
  }
}

/**
 * A people file read with each person numbered in file order (the numbering the report uses, which a
 * ties file read after it continues), a repeated id refused with the line it was first given on.
 */
export interface PeopleFile extends CsvResult<PersonRow> {
  numbering: IdTable;
}

class PeopleNumbering {
  readonly table = new IdTable();
  /** line of each person number */
  private readonly lineOf: number[] = [];
  private readonly cells = new PlainCells();

  /** The general way's check of a valid row (see CsvRows). */
  check = (row: PersonRow, line: number): string | null => {
    const first = this.table.find(row.id);
    if (first >= 0) return `id ${row.id} already given on line ${this.lineOf[first]}`;
    this.table.numberOf(row.id);
    this.lineOf.push(line);
    return null;
  };

  /** Keeps a valid plain row given as bytes[start, end) and returns true; false for any other row. */
  fastRow(bytes: Buffer, start: number, end: number, line: number, columns: { id: number; department: number }) {
    const { cells, table } = this;
    if (!cells.split(bytes, start, end) || !cells.trim(bytes, columns.id) || !cells.sized) return false;
    const i0 = cells.from;
    const i1 = cells.to;
    if (!cells.trim(bytes, columns.department) || !cells.sized) return false;
    if (table.findBytes(bytes, i0, i1) >= 0) return false; // a repeated id: the general way says where
    const id = table.ids[table.numberOfBytes(bytes, i0, i1)];
    this.lineOf.push(line);
    return { id, department: bytes.toString('latin1', cells.from, cells.to) };
  }
}

const peopleRows = (what: string, maxBad: number, numbering: PeopleNumbering) =>
  new CsvRows<PersonRow>(['id', 'department'], personSchema, what, maxBad, numbering.check);

/**
 * A ties file read straight into numbers, for large files: each person is numbered once, as the
 * report numbers them (the people file's rows in order, then the ids found only in the ties, in
 * the order first seen), and the ties are kept as rows of numbers, with no object or string per tie.
 */
export interface NumberedTies {
  /** person number → id */
  ids: string[];
  /** how many of `ids` the people file listed (the first ones); the rest are only in the ties */
  listed: number;
  /** rows kept, in file order: source[k] → target[k] with weight[k] (repeats and reversed pairs not merged) */
  count: number;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/** Numbers the ties of a file as they are read: plain rows from their bytes, others the general way. */
class TieNumbering {
  private readonly table: IdTable;
  private readonly listed: number;
  private source: Int32Array;
  private target: Int32Array;
  private weight: Float64Array;
  private count = 0;
  private readonly cells = new PlainCells();

  /** `rowsAtMost`: room for that many rows from the start (a row has at least 4 bytes: `a,b` and a line end). */
  constructor(people: readonly PersonRow[] | PeopleFile, rowsAtMost = 1024) {
    // Reserved, not touched: pages of a typed array cost nothing until written, while growing
    // by copies writes every row two or three times.
    const room = Math.max(1024, Math.min(rowsAtMost, 1 << 22));
    this.source = new Int32Array(room);
    this.target = new Int32Array(room);
    this.weight = new Float64Array(room);
    if ('numbering' in people) this.table = people.numbering.clone();
    else {
      this.table = new IdTable();
      for (const p of people) this.table.numberOf(p.id);
    }
    this.listed = this.table.size;
  }

  add = (row: TieRow): void => {
    this.push(this.table.numberOf(row.source), this.table.numberOf(row.target), row.weight);
  };

  private push(source: number, target: number, weight: number): void {
    const k = this.count;
    if (k === this.source.length) {
      const grown = (from: Int32Array) => {
        const to = new Int32Array(2 * k);
        to.set(from);
        return to;
      };
      this.source = grown(this.source);
      this.target = grown(this.target);
      const w = new Float64Array(2 * k);
      w.set(this.weight);
      this.weight = w;
    }
    this.source[k] = source;
    this.target[k] = target;
    this.weight[k] = weight;
    this.count = k + 1;
  }

  /**
   * Takes a valid plain row given as bytes[start, end) and returns true; false for any other row,
   * which the caller sends the general way. `columns`: the header's source, target and weight
   * columns (weight -1 when absent).
   */
  fastRow(bytes: Buffer, start: number, end: number, columns: { source: number; target: number; weight: number }) {
    const { cells } = this;
    if (!cells.split(bytes, start, end) || !cells.trim(bytes, columns.source) || !cells.sized) return false;
    const s0 = cells.from;
    const s1 = cells.to;
    if (!cells.trim(bytes, columns.target) || !cells.sized) return false;
    const t0 = cells.from;
    const t1 = cells.to;
    if (s1 - s0 === t1 - t0) {
      let k = 0;
      while (k < s1 - s0 && bytes[s0 + k] === bytes[t0 + k]) k++;
      if (k === s1 - s0) return false; // a self-tie: the general way says why
    }
    let weight = 1;
    if (cells.trim(bytes, columns.weight) && cells.to > cells.from) {
      weight = Number(bytes.toString('latin1', cells.from, cells.to));
      if (!Number.isFinite(weight) || weight <= 0) return false;
    }
    this.push(this.table.numberOfBytes(bytes, s0, s1), this.table.numberOfBytes(bytes, t0, t1), weight);
    return true;
  }

  result(): NumberedTies {
    const { listed, count } = this;
    // views, not copies: the rows beyond `count` were never written
    const source = this.source.subarray(0, count);
    const target = this.target.subarray(0, count);
    return { ids: this.table.ids, listed, count, source, target, weight: this.weight.subarray(0, count) };
  }
}

function fromText<T extends object>(text: string, reader: CsvRows<T>): CsvResult<T> {
  for (const l of csvLines(text)) reader.add(l);
  return reader.result();
}

/**
 * Reads `file` line by line: `fast`, when given, takes the rows it can from their bytes once the
 * header is read (it returns false for the others); every other line goes to `reader` as text.
 */
async function fromFile<T extends object>(
  file: string,
  reader: CsvRows<T>,
  fast: (bytes: Buffer, start: number, end: number, line: number) => boolean = () => false,
): Promise<CsvResult<T>> {
  const general = (line: CsvLine | null) => {
    if (line) reader.add(line);
  };
  const splitter: LineSplitter = new LineSplitter(
    (bytes, start, end, line) => {
      if (!reader.ready || !fast(bytes, start, end, line)) general(csvLine(splitter.text(bytes, start, end), line));
    },
    (line) => general({ line, error: tooLongError(MAX_LINE_BYTES) }),
    MAX_LINE_BYTES,
  );
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) splitter.push(chunk as Buffer);
  splitter.end();
  return reader.result();
}

export function parseTiesCsv(text: string, what = 'ties CSV'): CsvResult<TieRow> {
  return fromText(text, tieRows(what, Infinity));
}

export function parsePeopleCsv(text: string, what = 'people CSV'): CsvResult<PersonRow> {
  return fromText(text, peopleRows(what, Infinity, new PeopleNumbering()));
}

/** Reads a ties CSV as a stream; keeps the first `maxBad` bad rows with their reasons. */
export async function readTiesCsv(file: string, maxBad = MAX_BAD_ROWS_KEPT): Promise<CsvResult<TieRow>> {
  return fromFile(file, tieRows(file, maxBad));
}

/** Reads a people CSV as a stream, numbering the people (PeopleFile); keeps the first `maxBad` bad rows. */
export async function readPeopleCsv(file: string, maxBad = MAX_BAD_ROWS_KEPT): Promise<PeopleFile> {
  const numbering = new PeopleNumbering();
  const reader = peopleRows(file, maxBad, numbering);
  let columns: { id: number; department: number } | null = null;
  const result = await fromFile(file, reader, (bytes, start, end, line) => {
    columns ??= { id: reader.columnOf('id')!, department: reader.columnOf('department')! };
    const row = numbering.fastRow(bytes, start, end, line, columns);
    if (row) reader.keep(row);
    return Boolean(row);
  });
  return { ...result, numbering: numbering.table };
}

/**
 * Reads a ties CSV as a stream into numbers (see NumberedTies), the people of `people` first (a
 * PeopleFile's numbering is continued); keeps the first `maxBad` bad rows with their reasons.
 * `weaver analyze --edges` reads its ties this way.
 */
export async function readNumberedTies(
  file: string,
  people: readonly PersonRow[] | PeopleFile,
  maxBad = MAX_BAD_ROWS_KEPT,
): Promise<Omit<CsvResult<never>, 'rows'> & { ties: NumberedTies }> {
  const numbering = new TieNumbering(people, Math.ceil((await stat(file)).size / 4));
  const reader = tieRows(file, maxBad, numbering.add);
  let columns: { source: number; target: number; weight: number } | null = null;
  const { bad, badCount } = await fromFile(file, reader, (bytes, start, end) => {
    columns ??= {
      source: reader.columnOf('source')!,
      target: reader.columnOf('target')!,
      weight: reader.columnOf('weight') ?? -1,
    };
    return numbering.fastRow(bytes, start, end, columns);
  });
  return { ties: numbering.result(), bad, badCount };
}
