/**
 * Writes generated data as a Slack export folder (users.json, channels.json, <channel>/<day>.json),
 * turning each interaction into the message shape that produces it: a mention, a thread reply
 * (with its parent) or a reaction. Used by `weaver demo` and tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DailyInteraction, ExportChannel, ExportUser } from './slackExport';

export interface ExportContent {
  users: (ExportUser & { department?: string })[];
  channels: ExportChannel[];
  interactions: DailyInteraction[];
}

type Message = Record<string, unknown>;

/** The export's files as relative path → JSON text (also what the zip test fixture is built from). */
export function exportFiles(content: ExportContent): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'users.json',
    JSON.stringify(
      content.users.map((u) => ({
        id: u.id,
        name: u.name,
        deleted: u.deleted,
        is_bot: u.isBot,
        profile: { title: u.department ?? u.title ?? '', real_name: u.name },
      })),
    ),
  );
  files.set(
    'channels.json',
    JSON.stringify(
      content.channels.map((c) => ({
        id: c.id,
        name: c.name,
        created: c.created ? Math.floor(Date.parse(c.created) / 1000) : 0,
        creator: c.creator ?? '',
        is_archived: false,
        members: c.members,
      })),
    ),
  );
  const nameOf = new Map(content.channels.map((c) => [c.id, c.name]));
  const byFile = new Map<string, Message[]>();
  const seconds = new Map<string, number>();
  for (const i of content.interactions) {
    const path = `${nameOf.get(i.channelId)}/${i.day}.json`;
    let list = byFile.get(path);
    if (!list) {
      list = [];
      byFile.set(path, list);
    }
    for (let n = 0; n < i.count; n++) {
      const at = (seconds.get(path) ?? Date.parse(`${i.day}T08:00:00Z`) / 1000) + 7;
      seconds.set(path, at);
      const ts = `${at}.000100`;
      if (i.kind === 'mention') list.push({ type: 'message', user: i.actor, text: `<@${i.target}> have a look`, ts });
      else if (i.kind === 'reaction') {
        list.push({
          type: 'message',
          user: i.target,
          text: 'an update',
          ts,
          reactions: [{ name: '+1', users: [i.actor], count: 1 }],
        });
      } else {
        list.push({ type: 'message', user: i.target, text: 'a question', ts, thread_ts: ts, reply_count: 1 });
        list.push({
          type: 'message',
          user: i.actor,
          text: 'an answer',
          ts: `${at}.000200`,
          thread_ts: ts,
          parent_user_id: i.target,
        });
      }
    }
  }
  for (const [path, messages] of byFile) files.set(path, JSON.stringify(messages));
  return files;
}

export async function writeSlackExport(content: ExportContent, dir: string): Promise<number> {
  const files = exportFiles(content);
  for (const [path, text] of files) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return files.size;
}
