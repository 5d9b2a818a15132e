/**
 * People of a workspace (`members`). Other features read people only through these functions.
 * A person without a department is in the "Unknown" group: stored as null, shown as UNKNOWN_DEPARTMENT.
 * Emails are never stored (the CSV import maps emails in memory).
 */
import type { Knex } from 'knex';
import type { ContactFrequency } from '../domain/contactFrequency';
import { upsertRows } from './upsert';

export const UNKNOWN_DEPARTMENT = 'Unknown';

export type DepartmentSource = 'profile_field' | 'csv' | 'channel' | 'manual' | 'scim';

export interface Member {
  team_id: string;
  user_id: string;
  name: string | null;
  display_name: string | null;
  real_name: string | null;
  tz: string | null;
  tz_offset: number | null;
  department: string | null;
  department_source: DepartmentSource | null;
  is_bot: boolean;
  is_deleted: boolean;
  is_admin: boolean;
  is_owner: boolean;
  opted_out: boolean;
  paused_until: Date | null;
  team_joined_at: Date | null;
}

/** What Slack tells us about a person (users.list, team_join, user_change). */
export interface MemberProfile {
  userId: string;
  enterpriseId?: string;
  name?: string;
  displayName?: string;
  realName?: string;
  tz?: string;
  tzOffset?: number;
  isBot: boolean;
  isDeleted: boolean;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** the Slack status, when the source carried the profile (users.list, team_join, user_change) */
  status?: { text: string | null; emoji: string | null; expiration: Date | null };
}

const COLUMNS = [
  'team_id',
  'user_id',
  'name',
  'display_name',
  'real_name',
  'tz',
  'tz_offset',
  'department',
  'department_source',
  'is_bot',
  'is_deleted',
  'is_admin',
  'is_owner',
  'opted_out',
  'paused_until',
  'team_joined_at',
];

/** Inserts or updates people from Slack; department, flags set by people (opt-out, pause) and lead flags are kept. */
export async function upsertMembers(db: Knex, teamId: string, people: MemberProfile[], now: Date): Promise<void> {
  if (!people.length) return;
  const rows = people.map((p) => ({
    team_id: teamId,
    user_id: p.userId,
    enterprise_id: p.enterpriseId ?? '',
    name: p.name ?? null,
    display_name: p.displayName ?? null,
    real_name: p.realName ?? null,
    tz: p.tz ?? null,
    tz_offset: p.tzOffset ?? null,
    is_bot: p.isBot,
    is_deleted: p.isDeleted,
    is_admin: p.isAdmin ?? false,
    is_owner: p.isOwner ?? false,
    ...(p.status
      ? { status_text: p.status.text, status_emoji: p.status.emoji, status_expiration: p.status.expiration }
      : {}),
    created_at: now,
    updated_at: now,
  }));
  // the status is written only when every row carries it, so a source without profiles keeps what is stored
  const withStatus = people.every((p) => p.status) ? ['status_text', 'status_emoji', 'status_expiration'] : [];
  await upsertRows(
    db,
    'members',
    rows,
    ['team_id', 'user_id'],
    [
      'enterprise_id',
      'name',
      'display_name',
      'real_name',
      'tz',
      'tz_offset',
      'is_bot',
      'is_deleted',
      'is_admin',
      'is_owner',
      ...withStatus,
      'updated_at',
    ],
  );
}

export async function memberById(db: Knex, teamId: string, userId: string): Promise<Member | undefined> {
  return db('members').where({ team_id: teamId, user_id: userId }).first(COLUMNS);
}

/** People Weaver works with: not bots, not deleted (opted-out people are included; callers decide). */
export async function activeMembers(db: Knex, teamId: string): Promise<Member[]> {
  return db('members').where({ team_id: teamId, is_bot: false, is_deleted: false }).orderBy('user_id').select(COLUMNS);
}

export async function activeMemberCount(db: Knex, teamId: string): Promise<number> {
  const row = await db('members')
    .where({ team_id: teamId, is_bot: false, is_deleted: false })
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** Every stored person, bots and deleted included (sync compares against this). */
export async function allMembers(db: Knex, teamId: string): Promise<Member[]> {
  return db('members').where({ team_id: teamId }).orderBy('user_id').select(COLUMNS);
}

/** Ids of the given people that are bots (interactions with bots are not counted). */
export async function botIdsAmong(db: Knex, teamId: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db('members')
    .where({ team_id: teamId, is_bot: true })
    .whereIn('user_id', userIds)
    .select('user_id');
  return new Set(rows.map((r: { user_id: string }) => r.user_id));
}

export async function allBotIds(db: Knex, teamId: string): Promise<Set<string>> {
  const rows = await db('members').where({ team_id: teamId, is_bot: true }).select('user_id');
  return new Set(rows.map((r: { user_id: string }) => r.user_id));
}

/**
 * Marks a person deleted (Slack deactivated them). Their personal data is removed by the privacy
 * feature; here they only stop counting as active.
 */
export async function markMemberDeleted(db: Knex, teamId: string, userId: string, now: Date): Promise<void> {
  await db('members')
    .insert({ team_id: teamId, user_id: userId, is_deleted: true, created_at: now, updated_at: now })
    .onConflict(['team_id', 'user_id'])
    .merge({ is_deleted: true, updated_at: now });
}

export interface DepartmentAssignment {
  userId: string;
  /** null: no department (the person is in "Unknown") */
  department: string | null;
}

/** Sets departments from one source; returns how many people changed. A manual choice is never overwritten. */
export async function setDepartments(
  db: Knex,
  teamId: string,
  assignments: DepartmentAssignment[],
  source: DepartmentSource,
  now: Date,
): Promise<number> {
  let changed = 0;
  for (let i = 0; i < assignments.length; i += 500) {
    const chunk = assignments.slice(i, i + 500);
    const { rowCount } = await db.raw(
      `update members m set department = v.department, department_source = case when v.department is null then null else ? end, updated_at = ?
         from (select * from jsonb_to_recordset(?::jsonb) as x(user_id text, department text)) v
        where m.team_id = ? and m.user_id = v.user_id
          and coalesce(m.department_source, '') <> 'manual'
          and (m.department is distinct from v.department
               or m.department_source is distinct from (case when v.department is null then null else ? end))`,
      [
        source,
        now,
        JSON.stringify(chunk.map((a) => ({ user_id: a.userId, department: a.department }))),
        teamId,
        source,
      ],
    );
    changed += rowCount ?? 0;
  }
  return changed;
}

export interface DepartmentCount {
  department: string;
  source: DepartmentSource | null;
  people: number;
}

/** Active people per department and source; people without one are counted under "Unknown". */
export async function departmentCounts(db: Knex, teamId: string): Promise<DepartmentCount[]> {
  const rows = await db('members')
    .where({ team_id: teamId, is_bot: false, is_deleted: false })
    .select(db.raw('coalesce(department, ?) as department', [UNKNOWN_DEPARTMENT]), 'department_source as source')
    .count({ people: '*' })
    .groupByRaw('1, 2')
    .orderBy([{ column: 'people', order: 'desc' }, { column: 'department' }]);
  type Row = { department: string; source: DepartmentSource | null; people: string | number };
  return (rows as unknown as Row[]).map((r) => ({
    department: r.department,
    source: r.source,
    people: Number(r.people),
  }));
}

/**
 * Creates the member row if it does not exist yet (e.g. on team_join or a first click, before the
 * member sync); fills in tz and join time when given, never overwrites the person's choices.
 */
export async function ensureMember(
  db: Knex,
  m: {
    teamId: string;
    userId: string;
    tz?: string | null;
    tzOffset?: number | null;
    isBot?: boolean;
    joinedAt?: Date;
    name?: string | null;
  },
): Promise<void> {
  const row: Record<string, unknown> = { team_id: m.teamId, user_id: m.userId };
  if (m.tz) row.tz = m.tz;
  if (typeof m.tzOffset === 'number') row.tz_offset = m.tzOffset;
  if (m.isBot !== undefined) row.is_bot = m.isBot;
  if (m.joinedAt) row.team_joined_at = m.joinedAt;
  if (m.name) row.name = m.name;
  const merge = Object.keys(row).filter((k) => k !== 'team_id' && k !== 'user_id');
  const q = db('members').insert(row).onConflict(['team_id', 'user_id']);
  await (merge.length ? q.merge(merge) : q.ignore());
}

type Choice = Partial<{
  opted_out: boolean;
  prompts_stopped: boolean;
  paused_until: Date | null;
  prompts_snoozed_until: Date | null;
}>;

/** Records a choice, creating the minimal member row first if needed. */
export async function setMemberChoice(
  db: Knex,
  teamId: string,
  userId: string,
  choice: Choice,
  now: Date,
): Promise<void> {
  await db('members')
    .insert({ team_id: teamId, user_id: userId, ...choice, updated_at: now })
    .onConflict(['team_id', 'user_id'])
    .merge({ ...choice, updated_at: now });
}

/** Adds one unanswered suggestion; returns the new count of unanswered ones in a row. */
export async function addUnansweredSuggestion(db: Knex, teamId: string, userId: string): Promise<number> {
  const rows = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .increment('unanswered_suggestions', 1)
    .returning('unanswered_suggestions');
  return rows.length ? Number(rows[0].unanswered_suggestions) : 0;
}

export async function resetUnansweredSuggestions(db: Knex, teamId: string, userId: string): Promise<void> {
  await db('members').where({ team_id: teamId, user_id: userId }).update({ unanswered_suggestions: 0 });
}

export async function setPausedUntil(db: Knex, teamId: string, userId: string, until: Date | null): Promise<void> {
  await db('members')
    .where({ team_id: teamId, user_id: userId })
    .update({ paused_until: until, updated_at: db.fn.now() });
}

/** Whether the person is told "no match this round" when a round leaves them out. */
export async function setNotifyNoMatch(db: Knex, teamId: string, userId: string, on: boolean): Promise<void> {
  await db('members')
    .where({ team_id: teamId, user_id: userId })
    .update({ notify_no_match: on, updated_at: db.fn.now() });
}

/** Returns false when Weaver has no record of the person yet (nothing is created for them). */
export async function setContactFrequency(
  db: Knex,
  teamId: string,
  userId: string,
  frequency: ContactFrequency,
): Promise<boolean> {
  const n = await db('members')
    .where({ team_id: teamId, user_id: userId })
    .update({ contact_frequency: frequency, updated_at: db.fn.now() });
  return n > 0;
}

/** What SCIM says besides the department (division, manager's Slack id); null clears. */
export async function setOrgDetails(
  db: Knex,
  teamId: string,
  details: Array<{ userId: string; division: string | null; managerId: string | null }>,
): Promise<void> {
  for (let i = 0; i < details.length; i += 1000) {
    const chunk = details.slice(i, i + 1000);
    await db.raw(
      `update members m set division = v.division, manager_id = v.manager_id
         from (select * from jsonb_to_recordset(?::jsonb) as x(user_id text, division text, manager_id text)) v
        where m.team_id = ? and m.user_id = v.user_id
          and (m.division is distinct from v.division or m.manager_id is distinct from v.manager_id)`,
      [
        JSON.stringify(chunk.map((d) => ({ user_id: d.userId, division: d.division, manager_id: d.managerId }))),
        teamId,
      ],
    );
  }
}

/** Active people whose profile the back-fill has not read yet, newest first (highest Slack id: ids grow over time). */
export async function profilesToRead(db: Knex, teamId: string, limit: number): Promise<string[]> {
  const rows = await db('members')
    .where({ team_id: teamId, is_deleted: false, is_bot: false })
    .whereNull('profile_read_at')
    .orderBy([
      { column: 'team_joined_at', order: 'desc', nulls: 'last' },
      { column: 'user_id', order: 'desc' },
    ])
    .limit(limit)
    .select('user_id');
  return rows.map((r: { user_id: string }) => r.user_id);
}

/** Marks profiles as read by the back-fill (or null: read them again, e.g. when the field changed). */
export async function markProfilesRead(
  db: Knex,
  teamId: string,
  userIds: string[] | 'all',
  at: Date | null,
): Promise<void> {
  const q = db('members').where({ team_id: teamId });
  if (userIds !== 'all') q.whereIn('user_id', userIds);
  await q.update({ profile_read_at: at });
}

/** How far the profile-field back-fill is: active people, and how many of them were read. */
export async function profileReadCounts(
  db: Knex,
  teamId: string,
): Promise<{ people: number; read: number; known: number }> {
  const row = await db('members')
    .where({ team_id: teamId, is_deleted: false, is_bot: false })
    .first(
      db.raw('count(*)::int as people'),
      db.raw('count(profile_read_at)::int as read'),
      db.raw('count(department)::int as known'),
    );
  return { people: row?.people ?? 0, read: row?.read ?? 0, known: row?.known ?? 0 };
}

/** Active people (not bots, not deactivated) and how many of them have a department. */
export async function departmentsKnown(db: Knex, teamId: string): Promise<{ people: number; known: number }> {
  const row = await db('members')
    .where({ team_id: teamId, is_bot: false, is_deleted: false })
    .first(db.raw('count(*)::int as people'), db.raw('count(department)::int as known'));
  return { people: Number(row?.people ?? 0), known: Number(row?.known ?? 0) };
}
