/**
 * Reads a small-column CSV (`id,department`, `source,target,weight`) one line at a time, so a
 * broken line (an unclosed quote, a stray quote) is reported with its number and costs no other
 * line: a whole-file CSV parser would read an unclosed quote as the start of a field running to
 * the end of the file and lose every row after it. Fields spanning lines are not supported (none
 * of Weaver's CSV inputs has one). Lines without a quote are split directly (fast for large
 * files); quoted lines go through csv-parse.
 */
import { parse } from 'csv-parse/sync';

export type CsvLine = { line: number; cells: string[]; error?: undefined } | { line: number; error: string; cells?: undefined };

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
};

/** Every non-blank line of `text` with its 1-based line number: its cells, or why it is not valid CSV. */
export function csvLines(text: string): CsvLine[] {
  const out: CsvLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    if (!raw.includes('"')) {
      out.push({ line, cells: raw.split(',') });
      return;
    }
    try {
      // trim: spaces around a quoted field (`U1, "Research, Dev"`) are not part of it
      const [record] = parse(raw, { relax_column_count: true, trim: true }) as string[][];
      out.push({ line, cells: record ?? [] });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      out.push({ line, error: `not valid CSV: ${REASONS[code] ?? 'a quote is misplaced'}` });
    }
  });
  return out;
}
