/**
 * Interests for `weaver simulate --interests`: header `id,tag`, one row per person and tag (a
 * person may have many rows). Tags are trimmed and lower-cased; bad rows are reported with their
 * line number and skipped, the rest is used.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CsvResult } from './csvFiles';
import { csvLines } from './csvLines';

export interface InterestRow {
  id: string;
  tag: string;
}

const rowSchema = z.object({
  id: z.string().trim().min(1, 'empty id').max(200),
  tag: z
    .string()
    .trim()
    .min(1, 'empty tag')
    .max(100)
    .transform((t) => t.toLowerCase()),
});

export function parseInterestsCsv(text: string, what = 'interests CSV'): CsvResult<InterestRow> {
  const records = csvLines(text);
  if (records.length === 0) throw new Error(`${what} is empty: expected a header line with id,tag`);
  const header = (records[0].cells ?? []).map((h) => h.trim().toLowerCase());
  if (records[0].error || !header.includes('id') || !header.includes('tag')) {
    throw new Error(`${what}, line ${records[0].line}: header must name id,tag`);
  }
  const rows: InterestRow[] = [];
  const bad: CsvResult<InterestRow>['bad'] = [];
  for (const { cells, line, error } of records.slice(1)) {
    if (error !== undefined) {
      bad.push({ line, reason: error });
      continue;
    }
    const parsed = rowSchema.safeParse({ id: cells[header.indexOf('id')], tag: cells[header.indexOf('tag')] });
    if (parsed.success) rows.push(parsed.data);
    else {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
      bad.push({ line, reason });
    }
  }
  return { rows, bad, badCount: bad.length };
}

export async function readInterestsCsv(file: string): Promise<CsvResult<InterestRow>> {
  return parseInterestsCsv(await readFile(file, 'utf8'), file);
}
