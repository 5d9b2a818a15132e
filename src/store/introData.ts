/**
 * What a round of introductions is computed from: members with their passions, who is already
 * tied, who was introduced recently, blocks, channel memberships and the department tie counts
 * for the bridging bonus. Read-only.
 */
import type { Knex } from 'knex';
import { asContactFrequency, type ContactFrequency } from '../domain/contactFrequency';
import type { DepartmentTies } from '../domain/matching/bridging';
import { departmentPairKey } from '../domain/matching/bridging';
import type { SlackStatus } from '../domain/away';
import { isoDay } from '../domain/format';

export interface RoundMemberRow {
  userId: string;
  department: string | null;
  tzOffset: number | null;
  isBot: boolean;
  isDeleted: boolean;
  optedOut: boolean;
  pausedUntil: Date | null;
  unansweredSuggestions: number;
  notifyNoMatch: boolean;
  contactFrequency: ContactFrequency;
  lastSuggestedAt: Date | null;
  /** in an introduction still waiting for answers (status proposed) */
  hasOpenSuggestion: boolean;
  tags: string[];
  teach: string[];
  learn: string[];
  /** the Slack status (away or not is decided in domain/away.ts) */
  status: SlackStatus;
}

const canonical = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((x) => (typeof x === 'string' ? x : (x as { tag?: string })?.tag))
        .filter((t): t is string => typeof t === 'string' && t.length > 0)
    : [];

/** Every member of the workspace with their canonical passion tags (empty lists when none). */
export async function roundMembers(db: Knex, teamId: string): Promise<RoundMemberRow[]> {
  const rows = await db('members as m')
    .leftJoin('passions as p', function on() {
      this.on('p.team_id', 'm.team_id').andOn('p.user_id', 'm.user_id');
    })
    .where('m.team_id', teamId)
    .select(
      'm.user_id',
      'm.department',
      'm.tz_offset',
      'm.is_bot',
      'm.is_deleted',
      'm.opted_out',
      'm.paused_until',
      'm.unanswered_suggestions',
      'm.notify_no_match',
      'm.contact_frequency',
      'm.status_text',
      'm.status_emoji',
      'm.status_expiration',
      'p.tags',
      'p.teach',
      'p.learn',
    )
    .select(
      db.raw(
        '(select max(i.created_at) from intro_members im join intros i on i.id = im.intro_id where im.team_id = m.team_id and im.user_id = m.user_id) as last_suggested_at',
      ),
    )
    .select(
      db.raw(
        `exists (select 1 from intro_members im join intros i on i.id = im.intro_id
                  where im.team_id = m.team_id and im.user_id = m.user_id and i.status = 'proposed')
           as has_open_suggestion`,
      ),
    )
    .orderBy('m.user_id');
  return rows.map((r) => ({
    userId: r.user_id,
    department: r.department ?? null,
    tzOffset: r.tz_offset === null || r.tz_offset === undefined ? null : Number(r.tz_offset),
    isBot: r.is_bot,
    isDeleted: r.is_deleted,
    optedOut: r.opted_out,
    pausedUntil: r.paused_until ? new Date(r.paused_until) : null,
    unansweredSuggestions: Number(r.unanswered_suggestions),
    notifyNoMatch: r.notify_no_match,
    contactFrequency: asContactFrequency(r.contact_frequency),
    lastSuggestedAt: r.last_suggested_at ? new Date(r.last_suggested_at) : null,
    hasOpenSuggestion: Boolean(r.has_open_suggestion),
    tags: canonical(r.tags),
    teach: canonical(r.teach),
    learn: canonical(r.learn),
    status: {
      text: r.status_text ?? null,
      emoji: r.status_emoji ?? null,
      expiration: r.status_expiration ? new Date(r.status_expiration) : null,
    },
  }));
}

/** Unordered pairs of people with at least one interaction since `since`. */
export async function tiedPairs(db: Knex, teamId: string, since: Date): Promise<Array<[string, string]>> {
  const { rows } = await db.raw(
    `select distinct least(actor_id, target_id) as a, greatest(actor_id, target_id) as b
       from interactions where team_id = ? and day >= ?::date and actor_id <> target_id`,
    [teamId, isoDay(since)],
  );
  return rows.map((r: { a: string; b: string }) => [r.a, r.b]);
}

/** Pairs of people who were in the same introduction created since `since` (any outcome). */
export async function recentIntroPairs(db: Knex, teamId: string, since: Date): Promise<Array<[string, string]>> {
  const { rows } = await db.raw(
    `select distinct a.user_id as a, b.user_id as b
       from intros i
       join intro_members a on a.intro_id = i.id
       join intro_members b on b.intro_id = i.id and a.user_id < b.user_id
      where i.team_id = ? and i.created_at >= ?`,
    [teamId, since],
  );
  return rows.map((r: { a: string; b: string }) => [r.a, r.b]);
}

/** (blocker, blocked) pairs: "don't introduce me to …". */
export async function introBlocks(db: Knex, teamId: string): Promise<Array<[string, string]>> {
  const rows = await db('intro_blocks').where({ team_id: teamId }).select('user_id', 'blocked_user_id');
  return rows.map((r) => [r.user_id, r.blocked_user_id]);
}

/** Current memberships of live, non-broadcast channels, per person. */
export async function channelsByMember(db: Knex, teamId: string): Promise<Map<string, string[]>> {
  const rows = await db('memberships as ms')
    .join('channels as c', function on() {
      this.on('c.team_id', 'ms.team_id').andOn('c.channel_id', 'ms.channel_id');
    })
    .where('ms.team_id', teamId)
    .whereNull('ms.left_at')
    .andWhere('c.is_archived', false)
    .andWhere('c.is_deleted', false)
    .andWhereRaw("coalesce(c.kind_override, c.kind) <> 'broadcast'")
    .select('ms.user_id', 'ms.channel_id');
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.user_id);
    if (list) list.push(r.channel_id);
    else out.set(r.user_id, [r.channel_id]);
  }
  return out;
}

/**
 * Department sizes and tie counts since `since`, in one aggregation: a tie is an unordered pair of
 * active, human members with a department who interacted at least once. Rows come back per
 * department pair (`kind = 'ties'`) and per department (`kind = 'size'`); raw interactions never
 * leave the database.
 */
export async function departmentTies(db: Knex, teamId: string, since: Date): Promise<DepartmentTies> {
  const { rows } = await db.raw(
    `with people as (
       select user_id, department from members
        where team_id = ? and department is not null and not is_bot and not is_deleted
     ), pairs as (
       select distinct least(actor_id, target_id) as a, greatest(actor_id, target_id) as b
         from interactions where team_id = ? and day >= ?::date and actor_id <> target_id
     )
     select 'ties' as kind, least(pa.department, pb.department) as da, greatest(pa.department, pb.department) as db, count(*)::int as n
       from pairs p join people pa on pa.user_id = p.a join people pb on pb.user_id = p.b
      group by 2, 3
     union all
     select 'size', department, null, count(*)::int from people group by department`,
    [teamId, teamId, isoDay(since)],
  );
  const sizes = new Map<string, number>();
  const ties = new Map<string, number>();
  let totalTies = 0;
  for (const r of rows as Array<{ kind: string; da: string; db: string | null; n: number }>) {
    if (r.kind === 'size') sizes.set(r.da, Number(r.n));
    else {
      totalTies += Number(r.n);
      if (r.da !== r.db) ties.set(departmentPairKey(r.da, r.db!), Number(r.n));
    }
  }
  return { sizes, ties, totalTies };
}

/** Whether two people interacted (either direction) in [from, to): the funnel's "tie created". */
export async function pairsTiedBetween(
  db: Knex,
  teamId: string,
  pairs: Array<{ a: string; b: string; from: Date; to: Date }>,
): Promise<number> {
  if (!pairs.length) return 0;
  const values = pairs.map(() => '(?, ?, ?::date, ?::date)').join(', ');
  const bindings = pairs.flatMap((p) => [p.a < p.b ? p.a : p.b, p.a < p.b ? p.b : p.a, isoDay(p.from), isoDay(p.to)]);
  const { rows } = await db.raw(
    `with wanted(a, b, d0, d1) as (values ${values})
     select count(*)::int as n from wanted w
      where exists (select 1 from interactions i
                     where i.team_id = ? and i.day >= w.d0 and i.day < w.d1
                       and least(i.actor_id, i.target_id) = w.a and greatest(i.actor_id, i.target_id) = w.b)`,
    [...bindings, teamId],
  );
  return Number(rows[0].n);
}

/** Purpose channels whose last interaction (or creation, if none) is before `quietSince`. */
export async function quietPurposeChannels(
  db: Knex,
  teamId: string,
  quietSince: Date,
): Promise<
  Array<{
    channelId: string;
    name: string;
    creator: string | null;
    lastActive: string | null;
    mostActive: string | null;
  }>
> {
  const { rows } = await db.raw(
    `with activity as (
       select channel_id, max(day) as last_day from interactions where team_id = ? group by channel_id
     ), top_actor as (
       select distinct on (channel_id) channel_id, actor_id
         from (select channel_id, actor_id, sum(count) as n from interactions where team_id = ? group by 1, 2) s
        order by channel_id, n desc, actor_id
     )
     select c.channel_id, c.name, c.creator, to_char(a.last_day, 'YYYY-MM-DD') as last_active, t.actor_id as most_active
       from channels c
       left join activity a on a.channel_id = c.channel_id
       left join top_actor t on t.channel_id = c.channel_id
      where c.team_id = ? and coalesce(c.kind_override, c.kind) = 'purpose' and not c.is_archived and not c.is_deleted
        and coalesce(a.last_day, c.created::date, ?::date) < ?::date
      order by c.channel_id`,
    [teamId, teamId, teamId, isoDay(quietSince), isoDay(quietSince)],
  );
  type Row = {
    channel_id: string;
    name: string;
    creator: string | null;
    last_active: string | null;
    most_active: string | null;
  };
  return (rows as Row[]).map((r) => ({
    channelId: r.channel_id,
    name: r.name,
    creator: r.creator,
    lastActive: r.last_active,
    mostActive: r.most_active,
  }));
}

/** Per person: normalised tag → the words they typed, over tags, teach and learn. */
export async function passionWording(
  db: Knex,
  teamId: string,
  userIds: string[],
): Promise<Map<string, Map<string, string>>> {
  const rows = await db('passions')
    .where({ team_id: teamId })
    .whereIn('user_id', userIds)
    .select('user_id', 'tags', 'teach', 'learn');
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const words = new Map<string, string>();
    for (const list of [r.tags, r.teach, r.learn]) {
      if (!Array.isArray(list)) continue;
      for (const p of list as Array<string | { tag?: string; label?: string }>) {
        const tag = typeof p === 'string' ? p : p?.tag;
        const label = typeof p === 'string' ? '' : (p?.label ?? '');
        if (tag && !words.has(tag)) words.set(tag, label);
      }
    }
    out.set(r.user_id, words);
  }
  return out;
}
