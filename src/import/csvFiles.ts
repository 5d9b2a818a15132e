/**
 * Plain CSV inputs for `weaver analyze`:
 *   ties   — header `source,target` and optional `weight` (a positive number, default 1);
 *   people — header `id,department`.
 * Every row is validated; a bad row is reported with its line number and skipped, the rest is used.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { csvLines } from './csvLines';

export interface BadRow {
  line: number;
  reason: string;
}

export interface CsvResult<T> {
  rows: T[];
  bad: BadRow[];
}

export interface TieRow {
  source: string;
  target: string;
  weight: number;
}

export interface PersonRow {
  id: string;
  department: string;
}

const id = z.string().trim().min(1, 'empty id').max(200);
const tieSchema = z.object({
  source: id,
  target: id,
  weight: z
    .string()
    .trim()
    .optional()
    .transform((w, ctx) => {
      if (w === undefined || w === '') return 1;
      const n = Number(w);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `weight "${w}" is not a positive number` });
        return z.NEVER;
      }
      return n;
    }),
}).refine((t) => t.source !== t.target, { message: 'source and target are the same person (self-ties are not ties)' });
const personSchema = z.object({ id, department: z.string().trim().min(1, 'empty department').max(200) });

function parseCsv<T>(text: string, required: string[], schema: z.ZodType<T, any>, what: string): CsvResult<T> & { lines: number[] } {
  const records = csvLines(text);
  if (records.length === 0) throw new Error(`${what} is empty: expected a header line with ${required.join(',')}`);
  const first = records[0];
  const header = (first.cells ?? []).map((h) => h.trim().toLowerCase());
  const missing = required.filter((h) => !header.includes(h));
  if (first.error || missing.length) {
    throw new Error(`${what}, line ${first.line}: header must name ${required.join(',')} (${first.error ?? `missing ${missing.join(', ')}`})`);
  }
  const rows: T[] = [];
  const lines: number[] = [];
  const bad: BadRow[] = [];
  for (const { cells, line, error } of records.slice(1)) {
    if (error !== undefined) {
      bad.push({ line, reason: error });
      continue;
    }
    const obj: Record<string, string> = {};
    header.forEach((h, i) => {
      if (cells[i] !== undefined) obj[h] = cells[i];
    });
    const parsed = schema.safeParse(obj);
    if (parsed.success) {
      rows.push(parsed.data);
      lines.push(line);
    } else bad.push({ line, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
  }
  return { rows, bad, lines };
}

export function parseTiesCsv(text: string, what = 'ties CSV'): CsvResult<TieRow> {
  const { rows, bad } = parseCsv(text, ['source', 'target'], tieSchema, what);
  return { rows, bad };
}

export function parsePeopleCsv(text: string, what = 'people CSV'): CsvResult<PersonRow> {
  const result = parseCsv(text, ['id', 'department'], personSchema, what);
  const seen = new Map<string, number>();
  const rows: PersonRow[] = [];
  const bad = [...result.bad];
  result.rows.forEach((r, k) => {
    const first = seen.get(r.id);
    if (first !== undefined) {
      bad.push({ line: result.lines[k], reason: `id ${r.id} already given on line ${first}` });
      return;
    }
    seen.set(r.id, result.lines[k]);
    rows.push(r);
  });
  return { rows, bad: bad.sort((x, y) => x.line - y.line) };
}

export async function readTiesCsv(file: string): Promise<CsvResult<TieRow>> {
  return parseTiesCsv(await readFile(file, 'utf8'), file);
}

export async function readPeopleCsv(file: string): Promise<CsvResult<PersonRow>> {
  return parsePeopleCsv(await readFile(file, 'utf8'), file);
}
