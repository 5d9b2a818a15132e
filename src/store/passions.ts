/**
 * Passions (tags, teach, learn, "what lights me up"), the workspace's tag vocabulary for the
 * typeahead, its synonym table, and the people a prompt planner may ask.
 */
import type { Knex } from 'knex';
import type { Passion } from '../domain/passions/normalise';
import type { LabelCount } from '../domain/passions/displayForm';

export interface PassionsRecord {
  userId: string;
  tags: Passion[];
  teach: Passion[];
  learn: Passion[];
  lightsMeUp: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface PassionsRow {
  user_id: string;
  tags: Passion[] | null;
  teach: Passion[] | null;
  learn: Passion[] | null;
  lights_me_up: string | null;
  created_at: Date;
  updated_at: Date;
}

function toRecord(row: PassionsRow): PassionsRecord {
  return {
    userId: row.user_id,
    tags: row.tags ?? [],
    teach: row.teach ?? [],
    learn: row.learn ?? [],
    lightsMeUp: row.lights_me_up ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function passionsOf(db: Knex, teamId: string, userId: string): Promise<PassionsRecord | null> {
  const row = await db('passions').where({ team_id: teamId, user_id: userId }).first();
  return row ? toRecord(row) : null;
}

export async function savePassions(
  db: Knex,
  teamId: string,
  userId: string,
  answer: { tags: Passion[]; teach: Passion[]; learn: Passion[]; lightsMeUp: string | null },
  now: Date,
): Promise<void> {
  const values = {
    tags: JSON.stringify(answer.tags),
    teach: JSON.stringify(answer.teach),
    learn: JSON.stringify(answer.learn),
    lights_me_up: answer.lightsMeUp,
    updated_at: now,
  };
  await db('passions')
    .insert({ team_id: teamId, user_id: userId, ...values, created_at: now })
    .onConflict(['team_id', 'user_id'])
    .merge(values);
}

export async function workspaceSynonyms(
  db: Knex,
  teamId: string,
): Promise<Array<{ variant: string; canonical: string }>> {
  return db('passion_synonyms').where({ team_id: teamId }).select('variant', 'canonical').orderBy('variant');
}

export async function saveSynonym(
  db: Knex,
  teamId: string,
  variant: string,
  canonical: string,
  by?: string,
): Promise<void> {
  await db('passion_synonyms')
    .insert({ team_id: teamId, variant, canonical, created_by: by ?? null })
    .onConflict(['team_id', 'variant'])
    .merge(['canonical', 'created_by']);
}

export interface TagSuggestion {
  tag: string;
  label: string;
  people: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Tags already used in the workspace (passions, teach and learn together) matching a folded query:
 * whole-tag prefix first, then word prefix, then anywhere; within each, the most people first.
 * The label is the wording most people used.
 */
export async function tagSuggestions(
  db: Knex,
  teamId: string,
  foldedQuery: string,
  limit: number,
): Promise<TagSuggestion[]> {
  const q = likeEscape(foldedQuery);
  const { rows } = await db.raw(
    `with entries as (
       select p.user_id, e->>'tag' as tag, e->>'label' as label
         from passions p, jsonb_array_elements(p.tags || p.teach || p.learn) e
        where p.team_id = ?
     )
     select tag, mode() within group (order by label) as label, count(distinct user_id) as people,
            case when tag like ? then 0 when tag like ? then 1 else 2 end as rank
       from entries
      where tag like ?
      group by tag
      order by rank, people desc, tag
      limit ?`,
    [teamId, `${q}%`, `% ${q}%`, `%${q}%`, limit],
  );
  return rows.map((r: { tag: string; label: string; people: number }) => ({
    tag: r.tag,
    label: r.label,
    people: Number(r.people),
  }));
}

export interface PromptCandidate {
  userId: string;
  tz: string | null;
  teamJoinedAt: Date | null;
  passionsUpdatedAt: Date | null;
}

const ELIGIBLE = `not m.is_bot and not m.is_deleted and not m.opted_out and not m.prompts_stopped
  and m.user_id <> 'USLACKBOT'
  and not exists (select 1 from forgotten_members f
                   where f.team_id = m.team_id
                     and f.user_hash = encode(sha256(convert_to(m.team_id || ':' || m.user_id, 'UTF8')), 'hex'))`;

/** People who never shared passions and have no first prompt planned yet. */
export async function firstPromptCandidates(db: Knex, teamId: string, limit: number): Promise<PromptCandidate[]> {
  const { rows } = await db.raw(
    `select m.user_id, m.tz, m.team_joined_at
       from members m
      where m.team_id = ? and ${ELIGIBLE}
        and not exists (select 1 from passions p where p.team_id = m.team_id and p.user_id = m.user_id)
        and not exists (select 1 from jobs j where j.team_id = m.team_id and j.idempotency_key = 'prompt:first:' || m.user_id)
      order by m.user_id
      limit ?`,
    [teamId, limit],
  );
  return (rows as PromptRow[]).map((r) => ({
    userId: r.user_id,
    tz: r.tz,
    teamJoinedAt: r.team_joined_at,
    passionsUpdatedAt: null,
  }));
}

/** A row of the prompt-candidate queries. */
interface PromptRow {
  user_id: string;
  tz: string | null;
  team_joined_at: Date | null;
  updated_at?: Date;
}

/** The key of the refresh prompt for one version of a person's passions. */
export const refreshPromptKey = (userId: string, updatedAt: Date) =>
  `prompt:refresh:${userId}:${Math.floor(updatedAt.getTime() / 1000)}`;

/** People whose passions were last updated before `staleBefore` and who have no refresh prompt for that version yet. */
export async function refreshPromptCandidates(
  db: Knex,
  teamId: string,
  staleBefore: Date,
  limit: number,
): Promise<PromptCandidate[]> {
  const { rows } = await db.raw(
    `select m.user_id, m.tz, m.team_joined_at, p.updated_at
       from passions p join members m on m.team_id = p.team_id and m.user_id = p.user_id
      where p.team_id = ? and p.updated_at < ? and ${ELIGIBLE}
        and not exists (select 1 from jobs j where j.team_id = p.team_id
                          and j.idempotency_key = 'prompt:refresh:' || p.user_id || ':' || floor(extract(epoch from p.updated_at))::bigint)
      order by m.user_id
      limit ?`,
    [teamId, staleBefore, limit],
  );
  return (rows as PromptRow[]).map((r) => ({
    userId: r.user_id,
    tz: r.tz,
    teamJoinedAt: r.team_joined_at,
    passionsUpdatedAt: r.updated_at ?? null,
  }));
}

/** Tags per person (passions list only), for the participation numbers. */
export async function tagCountsPerPerson(db: Knex, teamId: string): Promise<number[]> {
  const rows = await db('passions').where({ team_id: teamId }).select(db.raw('jsonb_array_length(tags) as n'));
  return rows.map((r: { n: number }) => Number(r.n));
}

/** Tags with the number of people who named them (passions list), most shared first. */
export async function tagPopularity(
  db: Knex,
  teamId: string,
  minPeople: number,
  limit: number,
): Promise<TagSuggestion[]> {
  const { rows } = await db.raw(
    `select e->>'tag' as tag, mode() within group (order by e->>'label') as label, count(distinct p.user_id) as people
       from passions p, jsonb_array_elements(p.tags) e
      where p.team_id = ?
      group by e->>'tag'
     having count(distinct p.user_id) >= ?
      order by people desc, tag
      limit ?`,
    [teamId, minPeople, limit],
  );
  return rows.map((r: { tag: string; label: string; people: number }) => ({
    tag: r.tag,
    label: r.label,
    people: Number(r.people),
  }));
}

export interface PassionTags {
  tags: string[];
  teach: string[];
  learn: string[];
  updatedAt: Date;
}

const labels = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((t) =>
          typeof t === 'string'
            ? t
            : ((t as { label?: string; tag?: string })?.label ?? (t as { tag?: string })?.tag ?? ''),
        )
        .filter(Boolean)
    : [];
const canonical = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map((t) => (typeof t === 'string' ? t : ((t as { tag?: string })?.tag ?? ''))).filter(Boolean)
    : [];

/** The person's passions as labels (their own wording), plus canonical tags for matching. */
export async function passionLabelsOf(
  db: Knex,
  teamId: string,
  userId: string,
): Promise<(PassionTags & { canonicalTags: string[] }) | null> {
  const r = await passionsOf(db, teamId, userId);
  if (!r) return null;
  return {
    tags: labels(r.tags),
    teach: labels(r.teach),
    learn: labels(r.learn),
    updatedAt: r.updatedAt,
    canonicalTags: canonical(r.tags),
  };
}

/**
 * How many people wrote each label for each of `tags` (passions, teach and learn together), for
 * the workspace's one display form per tag (`domain/passions/displayForm.ts`).
 */
export async function labelCounts(db: Knex, teamId: string, tags: readonly string[]): Promise<LabelCount[]> {
  if (!tags.length) return [];
  const { rows } = await db.raw(
    `select e->>'tag' as tag, coalesce(e->>'label', '') as label, count(distinct p.user_id) as people
       from passions p, jsonb_array_elements(p.tags || p.teach || p.learn) e
      where p.team_id = ? and jsonb_typeof(e) = 'object' and e->>'tag' = any(?)
      group by 1, 2`,
    [teamId, [...new Set(tags)]],
  );
  return rows.map((r: { tag: string; label: string; people: string }) => ({
    tag: r.tag,
    label: r.label,
    people: Number(r.people),
  }));
}

/**
 * Each active person's canonical passion tags (not opted out, not deleted, not a bot), for the
 * report's community names. Passions only: never message text.
 */
export async function passionTagsOfActivePeople(db: Knex, teamId: string): Promise<Map<string, string[]>> {
  const { rows } = await db.raw(
    `select p.user_id, array_agg(distinct e->>'tag') as tags
       from passions p
       join members m on m.team_id = p.team_id and m.user_id = p.user_id
            and not m.is_bot and not m.is_deleted and not m.opted_out,
            jsonb_array_elements(p.tags) e
      where p.team_id = ?
      group by p.user_id`,
    [teamId],
  );
  return new Map(rows.map((r: { user_id: string; tags: string[] }) => [r.user_id, r.tags.filter(Boolean)]));
}
