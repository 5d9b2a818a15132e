/**
 * What `weaver import` brings from a Slack export into the live tables, without overwriting what
 * Slack itself said (people, channels and memberships already known are kept as they are), and the
 * day files already counted, so an interrupted import resumes.
 */
import type { Knex } from 'knex';

export async function importedDayFiles(db: Knex, teamId: string, exportKey: string): Promise<Set<string>> {
  const rows = await db('export_import_files').where({ team_id: teamId, export_key: exportKey }).select('day_file');
  return new Set(rows.map((r: { day_file: string }) => r.day_file));
}

export async function markDayFileImported(
  db: Knex,
  teamId: string,
  exportKey: string,
  dayFile: string,
  at: Date,
): Promise<void> {
  await db('export_import_files')
    .insert({ team_id: teamId, export_key: exportKey, day_file: dayFile, done_at: at })
    .onConflict(['team_id', 'export_key', 'day_file'])
    .ignore();
}

/** People of the export not known yet; returns how many were added. */
export async function addMissingMembers(
  db: Knex,
  teamId: string,
  people: Array<{ userId: string; name: string; isBot: boolean; isDeleted: boolean }>,
  now: Date,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < people.length; i += 1000) {
    const rows = people.slice(i, i + 1000).map((p) => ({
      team_id: teamId,
      user_id: p.userId,
      enterprise_id: '',
      name: p.name,
      is_bot: p.isBot,
      is_deleted: p.isDeleted,
      created_at: now,
      updated_at: now,
    }));
    const inserted = await db('members').insert(rows).onConflict(['team_id', 'user_id']).ignore().returning('user_id');
    added += inserted.length;
  }
  return added;
}

/** Channels of the export not known yet; returns the ids added. */
export async function addMissingChannels(
  db: Knex,
  teamId: string,
  channels: Array<{
    channelId: string;
    name: string;
    creator: string | null;
    created: string | null;
    purpose?: string | null;
    topic?: string | null;
  }>,
  now: Date,
): Promise<string[]> {
  const added: string[] = [];
  for (let i = 0; i < channels.length; i += 1000) {
    const rows = channels.slice(i, i + 1000).map((c) => ({
      team_id: teamId,
      channel_id: c.channelId,
      name: c.name,
      creator: c.creator,
      created: c.created,
      purpose: c.purpose ?? null,
      topic: c.topic ?? null,
      is_private: false,
      is_archived: false,
      is_deleted: false,
      updated_at: now,
    }));
    const inserted = await db('channels')
      .insert(rows)
      .onConflict(['team_id', 'channel_id'])
      .ignore()
      .returning('channel_id');
    added.push(...inserted.map((r: { channel_id: string }) => r.channel_id));
  }
  return added;
}

/**
 * The export's members of a channel Weaver has no membership rows for yet (never read from Slack);
 * a channel Slack already told us about keeps its own, fresher list. A channel given its list here
 * counts as read for the report's membership coverage.
 */
export async function membershipsIfNone(
  db: Knex,
  teamId: string,
  channelId: string,
  userIds: string[],
  joinedAt: Date,
  now: Date,
): Promise<number> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return 0;
  const { rowCount } = await db.raw(
    `insert into memberships (team_id, channel_id, user_id, joined_at, left_at, changed_at)
     select ?, ?, u, ?, null, ? from unnest(?::text[]) as u
      where not exists (select 1 from memberships m where m.team_id = ? and m.channel_id = ?)
     on conflict (team_id, channel_id, user_id) do nothing`,
    [teamId, channelId, joinedAt, joinedAt, ids, teamId, channelId],
  );
  // The export's list is the channel's known members until a sync reads Slack's own.
  if (rowCount)
    await db('channels')
      .where({ team_id: teamId, channel_id: channelId })
      .whereNull('members_read_at')
      .update({ member_count: db.raw('coalesce(member_count, ?)', [ids.length]), members_read_at: now });
  return rowCount ?? 0;
}
