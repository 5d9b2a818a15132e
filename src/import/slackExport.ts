/**
 * Reads a Slack workspace export, as the .zip Slack gives you or an unpacked folder:
 *   users.json (or org_users.json), channels.json, and <channel name>/<YYYY-MM-DD>.json day files.
 * Memberships come from channels.json; interactions from each message through
 * src/domain/interactions.ts (the same definition as live events). Message text is read only to
 * find mentions and is never kept.
 *
 * Every file is read as a stream, one list element at a time (./jsonList.ts), so memory follows the
 * number of people, channels and interactions, not the size of the files. Zip entries are inflated
 * as streams under limits on each entry and on the whole archive, counted on the inflated bytes
 * (the sizes a zip's headers claim are not trusted). users.json and channels.json must be readable
 * lists, else the import stops naming the file; a broken day file is reported and the rest is read;
 * a message without a usable ts or author is skipped and counted per day file.
 */
import { createReadStream } from 'node:fs';
import { stripControls } from '../domain/controlCharacters';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as yauzl from 'yauzl';
import {
  dayOfTs,
  interactionsFromMessage,
  isThreadReply,
  type InteractionKind,
  type MessageMeta,
} from '../domain/interactions';
import { ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS, formatBytes, type ArchiveLimits } from './archiveLimits';
import { jsonListElements, JsonListError } from './jsonList';

export { ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS, formatBytes, type ArchiveLimits };

export interface ExportUser {
  id: string;
  name: string;
  isBot: boolean;
  deleted: boolean;
  title: string | null;
}

export interface ExportChannel {
  id: string;
  name: string;
  created: string | null;
  creator: string | null;
  members: string[];
  /** the channel's purpose and topic as Slack stores them (metadata, not messages); null when empty */
  purpose?: string | null;
  topic?: string | null;
}

/** Interactions aggregated per day, channel, actor, target and kind, like the `interactions` table. */
export interface DailyInteraction {
  day: string;
  channelId: string;
  actor: string;
  target: string;
  kind: InteractionKind;
  count: number;
}

export interface SlackExport {
  users: ExportUser[];
  channels: ExportChannel[];
  interactions: DailyInteraction[];
  /** day of the last message in the export (YYYY-MM-DD), null when there are none */
  lastDay: string | null;
  /** files that could not be read, with the reason; the rest is imported */
  problems: string[];
  /** elements skipped inside readable files (bad messages, users without an id), counted per file */
  warnings: string[];
}

export type ProgressFn = (done: number, total: number) => void;

/**
 * Each message as read (`weaver import` counts it through the live ledger, by message id). Awaited,
 * so a slow consumer slows the reading. `parentAuthor` is given for a thread reply whose parent's
 * author was only known after every file was read (`day` file: ''); `dayFile` is the file's path.
 */
export type MessageHook = (m: {
  channelId: string;
  message: MessageMeta;
  dayFile: string;
  parentAuthor?: string;
}) => void | Promise<void>;

export interface ReadExportOptions extends Partial<ArchiveLimits> {
  onProgress?: ProgressFn;
  onMessage?: MessageHook;
  /** told the people and channels before any day file is read */
  onPeopleAndChannels?: (users: ExportUser[], channels: ExportChannel[]) => void | Promise<void>;
  /** told when a day file has been read whole (`weaver import` records it to resume) */
  onDayFileDone?: (dayFile: string) => void | Promise<void>;
  /** largest single list element (a user, a channel, a message) in bytes (default 64 MiB) */
  maxElementBytes?: number;
}

/** The export cannot be read (users.json or channels.json missing, broken or of the wrong shape). */
export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFormatError';
  }
}

interface JsonFile {
  path: string;
  open(): Promise<AsyncIterable<Buffer>>;
}

async function filesOfFolder(root: string): Promise<JsonFile[]> {
  const out: JsonFile[] = [];
  const walk = async (dir: string, rel: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, relPath);
      else if (entry.name.endsWith('.json')) out.push({ path: relPath, open: async () => createReadStream(full) });
    }
  };
  await walk(root, '');
  return out;
}

async function withZipFiles<T>(
  file: string,
  limits: ArchiveLimits,
  warnings: string[],
  use: (files: JsonFile[]) => Promise<T>,
): Promise<T> {
  let zip: yauzl.ZipFile;
  try {
    // names are decoded and checked here, so that one unsafe name skips its entry, not the zip
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false });
  } catch (err) {
    throw new ExportFormatError(`not a readable zip file (${(err as Error).message})`);
  }
  let total = 0;
  const unsafe: string[] = [];
  async function* counted(stream: NodeJS.ReadableStream, name: string): AsyncGenerator<Buffer> {
    let bytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        total += chunk.length;
        if (bytes > limits.maxEntryBytes) {
          throw new ArchiveLimitError(
            `${name} unpacks to more than ${formatBytes(limits.maxEntryBytes)}, ` +
              'the limit for one file of a zip (--max-entry-size)',
          );
        }
        if (total > limits.maxTotalBytes) {
          const limit = formatBytes(limits.maxTotalBytes);
          throw new ArchiveLimitError(`the zip unpacks to more than ${limit}, the limit (--max-unzipped)`);
        }
        yield chunk;
      }
    } finally {
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    }
  }
  try {
    const files: JsonFile[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        const raw = entry.fileName as unknown as Buffer;
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
        if (name.endsWith('/') || !name.endsWith('.json')) continue;
        if (yauzl.validateFileName(name) !== null) {
          unsafe.push(name);
          continue;
        }
        files.push({
          path: name,
          open: async () => {
            if (entry.uncompressedSize > limits.maxEntryBytes) {
              throw new ArchiveLimitError(
                `${name} unpacks to ${formatBytes(entry.uncompressedSize)}, over the limit for one file of a zip ` +
                  `(${formatBytes(limits.maxEntryBytes)}, --max-entry-size)`,
              );
            }
            return counted(await zip.openReadStreamPromise(entry), name);
          },
        });
      }
    } catch (err) {
      throw new ExportFormatError(`not a readable zip file (${(err as Error).message})`);
    }
    if (unsafe.length) {
      const first = unsafe.slice(0, 3).join(', ');
      warnings.push(`skipped ${unsafe.length} zip entries with unsafe names (absolute or with ".."): ${first}`);
    }
    return await use(files);
  } finally {
    zip.close();
  }
}

/**
 * Reads an export from a .zip file or a folder. The second argument is the progress callback or
 * the options (limits for zips, progress).
 */
export async function readSlackExport(
  path: string,
  options: ProgressFn | ReadExportOptions = {},
): Promise<SlackExport> {
  const opts: ReadExportOptions = typeof options === 'function' ? { onProgress: options } : options;
  const info = await stat(path);
  const warnings: string[] = [];
  if (info.isDirectory()) return parseExport(await filesOfFolder(path), opts, warnings);
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...definedOnly(opts) };
  return withZipFiles(path, limits, warnings, (files) => parseExport(files, opts, warnings));
}

const definedOnly = (o: ReadExportOptions): Partial<ArchiveLimits> => ({
  ...(o.maxEntryBytes !== undefined ? { maxEntryBytes: o.maxEntryBytes } : {}),
  ...(o.maxTotalBytes !== undefined ? { maxTotalBytes: o.maxTotalBytes } : {}),
});

const isoOfEpoch = (seconds: unknown) =>
  typeof seconds === 'number' && seconds > 0 && seconds < 1e11 ? new Date(seconds * 1000).toISOString() : null;

/** A name as shown in reports: control characters (ESC, BEL, newlines) removed. */
export const cleanName = stripControls;

// biome-ignore lint/suspicious/noExplicitAny: export JSON of any shape; every field read is checked (str, isObject, TS)
const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
const TS = /^\d{1,11}(\.\d{1,9})?$/;
const CONVERSATIONAL = new Set([undefined, '', 'thread_broadcast', 'file_share', 'me_message']);

type BadMessage = 'not a message object' | 'no valid ts' | 'no author';

/** A day file's element as the message fields interactions need, or why it cannot be used. */
function messageOf(x: unknown): MessageMeta | BadMessage {
  if (!isObject(x)) return 'not a message object';
  const ts = str(x.ts);
  if (!ts || !TS.test(ts)) return 'no valid ts';
  const m: MessageMeta = {
    ts,
    user: str(x.user),
    bot_id: str(x.bot_id),
    subtype: str(x.subtype),
    text: str(x.text),
    thread_ts: str(x.thread_ts),
    parent_user_id: str(x.parent_user_id),
  };
  if (Array.isArray(x.reactions)) {
    m.reactions = x.reactions.filter(isObject).map((r) => ({
      ...(typeof r.name === 'string' ? { name: r.name } : {}),
      users: Array.isArray(r.users) ? r.users.filter((u: unknown): u is string => typeof u === 'string') : [],
    }));
  }
  for (const k of Object.keys(m) as (keyof MessageMeta)[]) if (m[k] === undefined) delete m[k];
  if (!m.user && !m.bot_id && CONVERSATIONAL.has(m.subtype)) return 'no author';
  return m;
}

interface ExportReader {
  where: (f: JsonFile) => string;
  elements: (f: JsonFile) => Promise<ReturnType<typeof jsonListElements>>;
  /** Every element of a file that must be readable: any fault stops the import, naming the file. */
  readAll: (f: JsonFile, each: (x: unknown) => void) => Promise<void>;
}

function exportReader(prefix: string, options: ReadExportOptions): ExportReader {
  const where = (f: JsonFile) => `${prefix}${f.path}`;
  const elements = async (f: JsonFile) =>
    jsonListElements(await f.open(), { maxElementBytes: options.maxElementBytes });
  const readAll = async (f: JsonFile, each: (x: unknown) => void) => {
    try {
      for await (const x of await elements(f)) each(x);
    } catch (err) {
      if (err instanceof ArchiveLimitError) throw err;
      throw new ExportFormatError(`${where(f)}: ${(err as Error).message}`);
    }
  };
  return { where, elements, readAll };
}

/** users.json (or org_users.json): entries without a text id are skipped with a warning. */
async function readUsers(
  { where, readAll }: ExportReader,
  usersFile: JsonFile,
  warnings: string[],
): Promise<ExportUser[]> {
  const users: ExportUser[] = [];
  let badUsers = 0;
  await readAll(usersFile, (u) => {
    if (!isObject(u) || typeof u.id !== 'string') {
      badUsers++;
      return;
    }
    const title = isObject(u.profile) && typeof u.profile.title === 'string' ? cleanName(u.profile.title).trim() : '';
    users.push({
      id: u.id,
      name: String(u.name ?? u.id),
      isBot: Boolean(u.is_bot) || u.id === 'USLACKBOT',
      deleted: Boolean(u.deleted),
      title: title || null,
    });
  });
  if (badUsers) warnings.push(`${where(usersFile)}: skipped ${badUsers} entries without a text "id"`);
  return users;
}

/** A channel's `purpose` or `topic` (`{ value }`) as text, null when missing or empty. */
function valueText(field: unknown): string | null {
  const value = isObject(field) ? (field as { value?: unknown }).value : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** channels.json, and the channels by their name as the day files' folders spell it. */
async function readChannels(
  { where, readAll }: ExportReader,
  channelsFile: JsonFile,
  warnings: string[],
): Promise<{ channels: ExportChannel[]; channelByName: Map<string, ExportChannel> }> {
  const channels: ExportChannel[] = [];
  const channelByName = new Map<string, ExportChannel>();
  let badChannels = 0;
  await readAll(channelsFile, (c) => {
    if (!isObject(c) || typeof c.id !== 'string' || typeof c.name !== 'string') {
      badChannels++;
      return;
    }
    const channel: ExportChannel = {
      id: c.id,
      name: cleanName(c.name),
      created: isoOfEpoch(c.created),
      creator: typeof c.creator === 'string' ? c.creator : null,
      members: Array.isArray(c.members) ? c.members.filter((m: unknown): m is string => typeof m === 'string') : [],
      purpose: valueText(c.purpose),
      topic: valueText(c.topic),
    };
    channels.push(channel);
    channelByName.set(c.name, channel);
  });
  if (badChannels) {
    warnings.push(`${where(channelsFile)}: skipped ${badChannels} entries without a text "id" and "name"`);
  }
  return { channels, channelByName };
}

async function parseExport(allFiles: JsonFile[], options: ReadExportOptions, warnings: string[]): Promise<SlackExport> {
  // Slack zips sometimes wrap everything in one top folder: strip it.
  const top = allFiles.find((f) => /(^|\/)(org_)?users\.json$/.test(f.path) || /(^|\/)channels\.json$/.test(f.path));
  const prefix = top ? top.path.slice(0, top.path.lastIndexOf('/') + 1) : '';
  const files = allFiles
    .filter((f) => f.path.startsWith(prefix))
    .map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  const problems: string[] = [];
  const reader = exportReader(prefix, options);
  const { where, elements } = reader;

  const usersFile = files.find((f) => f.path === 'users.json') ?? files.find((f) => f.path === 'org_users.json');
  if (!usersFile) throw new ExportFormatError('this is not a Slack export: users.json (or org_users.json) is missing');
  const channelsFile = files.find((f) => f.path === 'channels.json');
  if (!channelsFile) throw new ExportFormatError('this is not a Slack export: channels.json is missing');

  const users = await readUsers(reader, usersFile, warnings);
  const bots = new Set(users.filter((u) => u.isBot).map((u) => u.id));

  const { channels, channelByName } = await readChannels(reader, channelsFile, warnings);
  await options.onPeopleAndChannels?.(users, channels);

  const dayFiles = files
    .map((f) => ({ f, m: /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/.exec(f.path) }))
    .filter((x) => x.m && channelByName.has(x.m[1]))
    .sort((x, y) => x.f.path.localeCompare(y.f.path));

  const counts = new Map<string, DailyInteraction>();
  const add = (day: string, channelId: string, actor: string, target: string, kind: InteractionKind) => {
    const key = `${day}\u0000${channelId}\u0000${actor}\u0000${target}\u0000${kind}`;
    const row = counts.get(key);
    if (row) row.count++;
    else counts.set(key, { day, channelId, actor, target, kind, count: 1 });
  };
  const isBot = (id: string) => bots.has(id);
  // thread parent authors per channel, for replies that do not carry parent_user_id
  const parents = new Map<string, string>();
  const orphanReplies: { channelId: string; m: MessageMeta }[] = [];
  let lastDay: string | null = null;

  for (let k = 0; k < dayFiles.length; k++) {
    const { f, m: match } = dayFiles[k];
    const channel = channelByName.get(match![1])!;
    const skipped = new Map<BadMessage, number>();
    try {
      for await (const element of await elements(f)) {
        const raw = messageOf(element);
        if (typeof raw === 'string') {
          skipped.set(raw, (skipped.get(raw) ?? 0) + 1);
          continue;
        }
        const day = dayOfTs(raw.ts);
        if (!lastDay || day > lastDay) lastDay = day;
        if (raw.user && (!raw.thread_ts || raw.thread_ts === raw.ts)) parents.set(`${channel.id}:${raw.ts}`, raw.user);
        await options.onMessage?.({ channelId: channel.id, message: raw, dayFile: f.path });
        if (isThreadReply(raw) && !raw.parent_user_id) {
          orphanReplies.push({ channelId: channel.id, m: raw });
          for (const i of interactionsFromMessage({ ...raw, thread_ts: undefined }, { isBot })) {
            add(day, channel.id, i.actor, i.target, i.kind);
          }
          continue;
        }
        for (const i of interactionsFromMessage(raw, { isBot })) add(day, channel.id, i.actor, i.target, i.kind);
      }
    } catch (err) {
      if (err instanceof ArchiveLimitError) throw err;
      // the messages before the fault are kept
      problems.push(`${where(f)}: ${(err as Error).message}`);
    }
    if (skipped.size) {
      const total = [...skipped.values()].reduce((a, b) => a + b, 0);
      const why = [...skipped.entries()].map(([reason, n]) => `${n} ${reason}`).join(', ');
      warnings.push(`${where(f)}: skipped ${total} message${total === 1 ? '' : 's'} (${why})`);
    }
    if (!problems.some((p) => p.startsWith(`${where(f)}:`))) await options.onDayFileDone?.(f.path);
    options.onProgress?.(k + 1, dayFiles.length);
  }
  // replies whose parent was only known after reading every file: count just the reply itself
  for (const { channelId, m } of orphanReplies) {
    const parentAuthor = parents.get(`${channelId}:${m.thread_ts}`);
    if (!parentAuthor) continue;
    await options.onMessage?.({ channelId, message: m, dayFile: '', parentAuthor });
    for (const i of interactionsFromMessage({ ...m, text: undefined, reactions: undefined }, { isBot, parentAuthor })) {
      add(dayOfTs(m.ts), channelId, i.actor, i.target, i.kind);
    }
  }
  return { users, channels, interactions: [...counts.values()], lastDay, problems, warnings };
}

export { JsonListError };
