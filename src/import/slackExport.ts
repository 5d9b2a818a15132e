/**
 * Reads a Slack workspace export, as the .zip Slack gives you or an unpacked folder:
 *   users.json (or org_users.json), channels.json, and <channel name>/<YYYY-MM-DD>.json day files.
 * Memberships come from channels.json; interactions from each message through
 * src/domain/interactions.ts (the same definition as live events). Message text is read only to
 * find mentions and is never kept.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as yauzl from 'yauzl';
import { dayOfTs, interactionsFromMessage, isThreadReply, type InteractionKind, type MessageMeta } from '../domain/interactions';

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
}

export type ProgressFn = (done: number, total: number) => void;

interface JsonFile {
  path: string;
  read(): Promise<Buffer>;
}

async function filesOfFolder(root: string): Promise<JsonFile[]> {
  const out: JsonFile[] = [];
  const walk = async (dir: string, rel: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, relPath);
      else if (entry.name.endsWith('.json')) out.push({ path: relPath, read: () => readFile(full) });
    }
  };
  await walk(root, '');
  return out;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function withZipFiles<T>(file: string, use: (files: JsonFile[]) => Promise<T>): Promise<T> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  try {
    const files: JsonFile[] = [];
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !entry.fileName.endsWith('.json')) continue;
      files.push({ path: entry.fileName, read: async () => readStream(await zip.openReadStreamPromise(entry)) });
    }
    return await use(files);
  } finally {
    zip.close();
  }
}

/** Reads an export from a .zip file or a folder. */
export async function readSlackExport(path: string, onProgress?: ProgressFn): Promise<SlackExport> {
  const info = await stat(path);
  if (info.isDirectory()) return parseExport(await filesOfFolder(path), onProgress);
  return withZipFiles(path, (files) => parseExport(files, onProgress));
}

const isoOfEpoch = (seconds: unknown) => (typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : null);

async function parseExport(allFiles: JsonFile[], onProgress?: ProgressFn): Promise<SlackExport> {
  // Slack zips sometimes wrap everything in one top folder: strip it.
  const top = allFiles.find((f) => /(^|\/)(org_)?users\.json$/.test(f.path) || /(^|\/)channels\.json$/.test(f.path));
  const prefix = top ? top.path.slice(0, top.path.lastIndexOf('/') + 1) : '';
  const files = allFiles.filter((f) => f.path.startsWith(prefix)).map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  const problems: string[] = [];
  const readJson = async (f: JsonFile): Promise<unknown> => {
    try {
      return JSON.parse((await f.read()).toString('utf8'));
    } catch (err) {
      problems.push(`${prefix}${f.path}: ${(err as Error).message}`);
      return undefined;
    }
  };

  const usersFile = files.find((f) => f.path === 'users.json') ?? files.find((f) => f.path === 'org_users.json');
  if (!usersFile) throw new Error('this is not a Slack export: users.json (or org_users.json) is missing');
  const channelsFile = files.find((f) => f.path === 'channels.json');
  if (!channelsFile) throw new Error('this is not a Slack export: channels.json is missing');

  const rawUsers = (await readJson(usersFile)) as Array<Record<string, any>> | undefined;
  const users: ExportUser[] = (Array.isArray(rawUsers) ? rawUsers : [])
    .filter((u) => typeof u?.id === 'string')
    .map((u) => ({
      id: u.id,
      name: String(u.name ?? u.id),
      isBot: Boolean(u.is_bot) || u.id === 'USLACKBOT',
      deleted: Boolean(u.deleted),
      title: typeof u.profile?.title === 'string' && u.profile.title.trim() ? u.profile.title.trim() : null,
    }));
  const bots = new Set(users.filter((u) => u.isBot).map((u) => u.id));

  const rawChannels = (await readJson(channelsFile)) as Array<Record<string, any>> | undefined;
  const channels: ExportChannel[] = (Array.isArray(rawChannels) ? rawChannels : [])
    .filter((c) => typeof c?.id === 'string' && typeof c?.name === 'string')
    .map((c) => ({
      id: c.id,
      name: c.name,
      created: isoOfEpoch(c.created),
      creator: typeof c.creator === 'string' ? c.creator : null,
      members: Array.isArray(c.members) ? c.members.filter((m: unknown): m is string => typeof m === 'string') : [],
    }));
  const channelByName = new Map(channels.map((c) => [c.name, c]));

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
    const { f, m } = dayFiles[k];
    const channel = channelByName.get(m![1])!;
    const messages = await readJson(f);
    onProgress?.(k + 1, dayFiles.length);
    if (!Array.isArray(messages)) {
      if (messages !== undefined) problems.push(`${prefix}${f.path}: not a list of messages`);
      continue;
    }
    for (const raw of messages as MessageMeta[]) {
      if (!raw || typeof raw.ts !== 'string') continue;
      const day = dayOfTs(raw.ts);
      if (!lastDay || day > lastDay) lastDay = day;
      if (raw.user && (!raw.thread_ts || raw.thread_ts === raw.ts)) parents.set(`${channel.id}:${raw.ts}`, raw.user);
      if (isThreadReply(raw) && !raw.parent_user_id) {
        orphanReplies.push({ channelId: channel.id, m: raw });
        for (const i of interactionsFromMessage({ ...raw, thread_ts: undefined }, { isBot })) add(day, channel.id, i.actor, i.target, i.kind);
        continue;
      }
      for (const i of interactionsFromMessage(raw, { isBot })) add(day, channel.id, i.actor, i.target, i.kind);
    }
  }
  // replies whose parent was only known after reading every file: count just the reply itself
  for (const { channelId, m } of orphanReplies) {
    const parentAuthor = parents.get(`${channelId}:${m.thread_ts}`);
    if (!parentAuthor) continue;
    for (const i of interactionsFromMessage({ ...m, text: undefined, reactions: undefined }, { isBot, parentAuthor })) {
      add(dayOfTs(m.ts), channelId, i.actor, i.target, i.kind);
    }
  }
  return { users, channels, interactions: [...counts.values()], lastDay, problems };
}

