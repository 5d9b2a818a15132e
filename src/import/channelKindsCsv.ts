/**
 * A lead's channel kinds for `weaver analyze --channel-kinds kinds.csv`: header `name,kind`, one
 * row per channel (`#` before the name is optional), kind one of purpose, department, broadcast or
 * other. The same correction the Settings' per-channel kind makes in a live workspace. Unlike the
 * people and ties files, a bad line is not skipped: the caller refuses the whole file, since a
 * mistyped kind or channel would silently leave a channel classified the other way.
 */
import { readFile } from 'node:fs/promises';
import type { ChannelKind } from '../domain/channelKinds';
import type { CsvResult } from './csvFiles';
import { csvLines } from './csvLines';

export interface ChannelKindRow {
  /** the channel name as Slack spells it: lower case, without `#` */
  name: string;
  kind: ChannelKind;
  line: number;
}

const KINDS: readonly ChannelKind[] = ['purpose', 'department', 'broadcast', 'other'];

export function parseChannelKindsCsv(text: string, what = 'channel kinds CSV'): CsvResult<ChannelKindRow> {
  const records = csvLines(text);
  if (records.length === 0) throw new Error(`${what} is empty: expected a header line with name,kind`);
  const header = (records[0].cells ?? []).map((h) => h.trim().toLowerCase());
  if (records[0].error || !header.includes('name') || !header.includes('kind'))
    throw new Error(`${what}, line ${records[0].line}: header must name name,kind`);
  const rows: ChannelKindRow[] = [];
  const bad: CsvResult<ChannelKindRow>['bad'] = [];
  const firstLine = new Map<string, number>();
  for (const { cells, line, error } of records.slice(1)) {
    if (error !== undefined) {
      bad.push({ line, reason: error });
      continue;
    }
    const name = (cells[header.indexOf('name')] ?? '').trim().replace(/^#/, '').toLowerCase();
    const kind = (cells[header.indexOf('kind')] ?? '').trim().toLowerCase();
    if (!name) bad.push({ line, reason: 'empty channel name' });
    else if (!KINDS.includes(kind as ChannelKind))
      bad.push({ line, reason: `kind "${kind}" is not one of ${KINDS.join(', ')}` });
    else if (firstLine.has(name)) bad.push({ line, reason: `#${name} already given on line ${firstLine.get(name)}` });
    else {
      firstLine.set(name, line);
      rows.push({ name, kind: kind as ChannelKind, line });
    }
  }
  return { rows, bad, badCount: bad.length };
}

export async function readChannelKindsCsv(file: string): Promise<CsvResult<ChannelKindRow>> {
  return parseChannelKindsCsv(await readFile(file, 'utf8'), file);
}
