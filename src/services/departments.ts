/**
 * Where people's departments come from (settings.departmentSource.kind):
 * - profile_field: a custom Slack profile field found by its label (team.profile.get), read per
 *   person with users.profile.get (users.list does not carry custom fields) and kept current by
 *   user_change events;
 * - csv: `weaver departments import FILE.csv` (`id,department`; id = Slack user id, email or username);
 * - channels: membership of department channels matching a name pattern such as `team-*`; the
 *   department is the part of the name the `*` stands for (`team-design` → `design`).
 *   Tie rule: a person in several department channels gets the one with the FEWEST current
 *   members (the most specific team: `team-payments` over `team-engineering`), then the first
 *   channel name in alphabetical order.
 * People with no department are stored with none and counted as "Unknown", never dropped.
 * A department set by hand (source `manual`) is never overwritten by any source.
 */
import type { WebClient } from '@slack/web-api';
import { csvLines } from '../import/csvLines';
import { globToRegExp } from '../domain/channelKinds';
import { currentMemberships } from '../store/memberships';
import { activeMembers, allMembers, setDepartments, type DepartmentAssignment } from '../store/members';
import { channelsOfTeam } from '../store/channels';
import { saveSettings, settingsFor } from '../store/settings';
import { recomputeChannelKinds } from './channelKinds';
import type { Services } from './context';
import { recordDepartmentRead } from '../store/departmentReads';

/** The id of the custom profile field with this label (case-insensitive), or null when there is none. */
export async function profileFieldId(client: WebClient, label: string): Promise<string | null> {
  const res = await client.team.profile.get({});
  const fields = (res.profile?.fields ?? []) as Array<{ id?: string; label?: string }>;
  const wanted = label.trim().toLowerCase();
  return fields.find((f) => (f.label ?? '').trim().toLowerCase() === wanted)?.id ?? null;
}

type ProfileFields = Record<string, { value?: string | null } | undefined> | undefined | null;

/** The department in a profile's custom fields; empty means none. */
export function departmentInFields(fields: ProfileFields, fieldId: string): string | null {
  const value = fields?.[fieldId]?.value?.trim();
  return value ? value : null;
}

/** Reads the department field of each person (users.profile.get, one call per person; 429s are waited out by the client). */
export async function readProfileDepartments(
  client: WebClient,
  fieldId: string,
  userIds: string[],
): Promise<DepartmentAssignment[]> {
  const out: DepartmentAssignment[] = [];
  for (const userId of userIds) {
    try {
      const res = await client.users.profile.get({ user: userId });
      out.push({ userId, department: departmentInFields(res.profile?.fields as ProfileFields, fieldId) });
    } catch (err) {
      // A person deleted between users.list and now: nothing to read, keep going.
      if ((err as { data?: { error?: string } }).data?.error === 'user_not_found') continue;
      throw err;
    }
  }
  return out;
}

/** The department a department-channel name stands for under a pattern (`team-*`, `team-design` → `design`). */
export function departmentOfChannelName(name: string, pattern: string): string {
  const p = pattern.trim().replace(/^#/, '');
  const star = p.indexOf('*');
  if (star < 0 || p.indexOf('*', star + 1) >= 0) return name;
  const prefix = p.slice(0, star);
  const suffix = p.slice(star + 1);
  const middle = name.slice(prefix.length, name.length - suffix.length);
  return middle || name;
}

/** Departments from department channels, by the tie rule above; people in none get no department. */
export async function departmentsFromChannels(
  services: Services,
  teamId: string,
  pattern: string,
): Promise<DepartmentAssignment[]> {
  const { db } = services;
  const matcher = globToRegExp(pattern);
  const deptChannels = (await channelsOfTeam(db, teamId, { publicOnly: false, includeArchived: false })).filter((c) =>
    matcher.test(c.name),
  );
  const byId = new Map(deptChannels.map((c) => [c.channel_id, c]));
  const memberships = (await currentMemberships(db, teamId, { publicOnly: false })).filter((m) =>
    byId.has(m.channel_id),
  );
  const size = new Map<string, number>();
  for (const m of memberships) size.set(m.channel_id, (size.get(m.channel_id) ?? 0) + 1);
  const best = new Map<string, string>();
  const better = (a: string, b: string) => {
    const d = (size.get(a) ?? 0) - (size.get(b) ?? 0);
    return d !== 0 ? d < 0 : byId.get(a)!.name.localeCompare(byId.get(b)!.name) < 0;
  };
  for (const m of memberships) {
    const current = best.get(m.user_id);
    if (!current || better(m.channel_id, current)) best.set(m.user_id, m.channel_id);
  }
  return (await activeMembers(db, teamId)).map((p) => {
    const channelId = best.get(p.user_id);
    return {
      userId: p.user_id,
      department: channelId ? departmentOfChannelName(byId.get(channelId)!.name, pattern) : null,
    };
  });
}

/**
 * With department channels as the source: recomputes everyone's department after a department
 * channel changed (someone joined or left, it was renamed, archived or deleted), and the channel
 * kinds when any department changed. Returns how many people changed.
 */
export async function refreshChannelDepartments(
  services: Services,
  teamId: string,
  channelNames: string[],
): Promise<number> {
  const source = (await settingsFor(services.db, teamId)).departmentSource;
  if (source.kind !== 'channels') return 0;
  const matcher = globToRegExp(source.channelPattern);
  if (!channelNames.some((name) => matcher.test(name))) return 0;
  const changed = await setDepartments(
    services.db,
    teamId,
    await departmentsFromChannels(services, teamId, source.channelPattern),
    'channel',
    services.now(),
  );
  if (changed) await recomputeChannelKinds(services, teamId);
  return changed;
}

/** Where an HR file came from: shown beside the report's department coverage. */
export interface HrFileInfo {
  name: string;
  /** the file's own date (its modification time), when known */
  modifiedAt?: Date | null;
}

export interface CsvImportResult {
  /** rows that named a known person */
  matched: number;
  /** people whose department changed */
  changed: number;
  unknown: Array<{ line: number; id: string }>;
  bad: Array<{ line: number; reason: string }>;
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails of people, read live from users.list and kept in memory only (Weaver never stores emails). */
async function emailDirectory(client: WebClient): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for await (const page of client.paginate('users.list', { limit: 999 })) {
    for (const u of (page as { members?: Array<{ id?: string; profile?: { email?: string } }> }).members ?? []) {
      if (u.id && u.profile?.email) map.set(u.profile.email.toLowerCase(), u.id);
    }
  }
  return map;
}

/**
 * Imports an HR file of `id,department` rows (an optional header row `id,department` is skipped);
 * id is a Slack user id, an e-mail address or a username. Good rows are applied in one transaction
 * (with the source switch to CSV and the file's name and date), bad and unknown ones reported by
 * line number. Makes CSV the workspace's department source, so the next sync keeps these
 * departments. The upload in Settings, `weaver departments import` and WEAVER_DEPARTMENTS_FILE
 * all come here.
 */
export async function importDepartmentsCsv(
  services: Services,
  teamId: string,
  csv: string,
  client?: WebClient | null,
  file?: HrFileInfo,
  /** the Settings upload: apply nothing unless there are rows and every one is good and names a known person */
  options: { onlyIfAllValid?: boolean } = {},
): Promise<CsvImportResult> {
  const { db } = services;
  const result: CsvImportResult = { matched: 0, changed: 0, unknown: [], bad: [] };
  const records = csvLines(csv);
  const members = await allMembers(db, teamId);
  const ids = new Set(members.map((m) => m.user_id));
  const byName = new Map<string, string>();
  for (const m of members) if (m.name) byName.set(m.name.toLowerCase(), m.user_id);
  let emails: Map<string, string> | undefined;
  const assignments = new Map<string, string>();
  for (const [index, record] of records.entries()) {
    const { line } = record;
    if (record.error !== undefined) {
      result.bad.push({ line, reason: record.error });
      continue;
    }
    const cells = record.cells.map((c) => c.trim());
    if (index === 0 && cells[0]?.toLowerCase() === 'id') continue;
    if (cells.length !== 2) {
      result.bad.push({ line, reason: `expected 2 columns (id,department), found ${cells.length}` });
      continue;
    }
    const [id, department] = cells;
    if (!id) {
      result.bad.push({ line, reason: 'the id is empty' });
      continue;
    }
    if (!department) {
      result.bad.push({ line, reason: 'the department is empty' });
      continue;
    }
    if (department.length > 80) {
      result.bad.push({ line, reason: 'the department is longer than 80 characters' });
      continue;
    }
    let userId: string | undefined;
    if (USER_ID.test(id)) userId = ids.has(id) ? id : undefined;
    else if (EMAIL.test(id)) {
      if (client && !emails) emails = await emailDirectory(client);
      userId = emails?.get(id.toLowerCase());
    } else userId = byName.get(id.replace(/^@/, '').toLowerCase());
    if (!userId || !ids.has(userId)) {
      result.unknown.push({ line, id });
      continue;
    }
    assignments.set(userId, department);
    result.matched += 1;
  }
  if (options.onlyIfAllValid && (result.bad.length || result.unknown.length || !result.matched)) return result;
  result.changed = await db.transaction(async (trx) => {
    const changed = await setDepartments(
      trx,
      teamId,
      [...assignments].map(([userId, department]) => ({ userId, department })),
      'csv',
      services.now(),
    );
    const settings = await settingsFor(trx, teamId);
    if (settings.departmentSource.kind !== 'csv') {
      await saveSettings(trx, teamId, { ...settings, departmentSource: { ...settings.departmentSource, kind: 'csv' } });
    }
    await recordDepartmentRead(trx, teamId, {
      source: 'csv',
      readAt: services.now(),
      fileName: file?.name ?? null,
      fileModifiedAt: file?.modifiedAt ?? null,
      rowsApplied: result.matched,
      peopleChanged: changed,
    });
    return changed;
  });
  await recomputeChannelKinds(services, teamId);
  return result;
}
