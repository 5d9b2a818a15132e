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
import { stripControls } from '../domain/controlCharacters';
import { csvFileLines, csvLines, type CsvLine } from './csvLines';

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

export interface TieRow {
  source: string;
  target: string;
  weight: number;
}

export interface PersonRow {
  id: string;
  department: string;
}

/** A row's cells by header name → the row, or the reasons it is bad (checked by hand: zod cost 15-150 µs a row). */
type RowSchema<T> = (obj: Record<string, string>) => T | { issues: string[] };

function cleanId(obj: Record<string, string>, field: string, issues: string[], empty = 'empty id'): string {
  const raw = obj[field];
  if (raw === undefined) {
    issues.push(`${field}: missing`);
    return '';
  }
  const value = stripControls(raw).trim();
  if (!value) issues.push(`${field}: ${empty}`);
  else if (value.length > 200) issues.push(`${field}: longer than 200 characters`);
  return value;
}

const tieSchema: RowSchema<TieRow> = (obj) => {
  const issues: string[] = [];
  const source = cleanId(obj, 'source', issues);
  const target = cleanId(obj, 'target', issues);
  const w = obj.weight?.trim();
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

const personSchema: RowSchema<PersonRow> = (obj) => {
  const issues: string[] = [];
  const id = cleanId(obj, 'id', issues);
  const department = cleanId(obj, 'department', issues, 'empty department');
  return issues.length ? { issues } : { id, department };
};

/**
 * Validates CSV lines as they come: the header first, then each row against `schema`. `check` may
 * reject a valid row (a repeated id) with a reason.
 */
class CsvRows<T extends object> {
  readonly rows: T[] = [];
  readonly bad: BadRow[] = [];
  badCount = 0;
  private header: string[] | null = null;

  constructor(
    private readonly required: string[],
    private readonly schema: RowSchema<T>,
    private readonly what: string,
    private readonly maxBad: number,
    private readonly check: (row: T, line: number) => string | null = () => null,
  ) {}

  add({ cells, line, error }: CsvLine): void {
    if (!this.header) {
      const header = (cells ?? []).map((h) => h.trim().toLowerCase());
      const missing = this.required.filter((h) => !header.includes(h));
      if (error !== undefined || missing.length) {
        const why = error ?? `missing ${missing.join(', ')}`;
        throw new Error(`${this.what}, line ${line}: header must name ${this.required.join(',')} (${why})`);
      }
      this.header = header;
      return;
    }
    if (error !== undefined) {
      this.reject(line, error);
      return;
    }
    const obj: Record<string, string> = {};
    this.header.forEach((h, i) => {
      if (cells[i] !== undefined) obj[h] = cells[i];
    });
    const row = this.schema(obj);
    if ('issues' in row) {
      this.reject(line, row.issues.join('; '));
      return;
    }
    const refused = this.check(row, line);
    if (refused) {
      this.reject(line, refused);
      return;
    }
    this.rows.push(row);
  }

  private reject(line: number, reason: string): void {
    this.badCount++;
    if (this.bad.length < this.maxBad) this.bad.push({ line, reason });
  }

  result(): CsvResult<T> {
    if (!this.header) throw new Error(`${this.what} is empty: expected a header line with ${this.required.join(',')}`);
    return { rows: this.rows, bad: this.bad, badCount: this.badCount };
  }
}

const tieRows = (what: string, maxBad: number) => new CsvRows<TieRow>(['source', 'target'], tieSchema, what, maxBad);

function peopleRows(what: string, maxBad: number): CsvRows<PersonRow> {
  const seen = new Map<string, number>();
  return new CsvRows<PersonRow>(['id', 'department'], personSchema, what, maxBad, (r, line) => {
    const first = seen.get(r.id);
    if (first !== undefined) return `id ${r.id} already given on line ${first}`;
    seen.set(r.id, line);
    return null;
  });
}

function fromText<T extends object>(text: string, reader: CsvRows<T>): CsvResult<T> {
  for (const l of csvLines(text)) reader.add(l);
  return reader.result();
}

async function fromFile<T extends object>(file: string, reader: CsvRows<T>): Promise<CsvResult<T>> {
  for await (const batch of csvFileLines(createReadStream(file))) for (const l of batch) reader.add(l);
  return reader.result();
}

export function parseTiesCsv(text: string, what = 'ties CSV'): CsvResult<TieRow> {
  return fromText(text, tieRows(what, Infinity));
}

export function parsePeopleCsv(text: string, what = 'people CSV'): CsvResult<PersonRow> {
  return fromText(text, peopleRows(what, Infinity));
}

/** Reads a ties CSV as a stream; keeps the first `maxBad` bad rows with their reasons. */
export async function readTiesCsv(file: string, maxBad = MAX_BAD_ROWS_KEPT): Promise<CsvResult<TieRow>> {
  return fromFile(file, tieRows(file, maxBad));
}

/** Reads a people CSV as a stream; keeps the first `maxBad` bad rows with their reasons. */
export async function readPeopleCsv(file: string, maxBad = MAX_BAD_ROWS_KEPT): Promise<CsvResult<PersonRow>> {
  return fromFile(file, peopleRows(file, maxBad));
}
