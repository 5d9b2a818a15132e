/**
 * What the live silo report reads, aggregated in SQL: people (active, non-bot, not opted out) with
 * their department, ties (distinct unordered pairs with ≥ 1 interaction in the window, grouped in
 * PostgreSQL and returned as person numbers), channel memberships (one row per channel) and
 * per-channel activity. Raw interaction rows never travel to Node.
 */
import type { Knex } from 'knex';
import type { ChannelKind } from '../domain/channelKinds';
import type { ChannelActivity, RawChannel } from '../domain/silos/assemble';

export interface ReportWindow {
  /** first day counted as a tie (inclusive), YYYY-MM-DD */
  since: string;
  /** day after the last day counted (exclusive), YYYY-MM-DD */
  until: string;
  /** first day of the last-30-days and previous-30-days activity windows */
  last30From: string;
  previous30From: string;
}

export interface PeopleWithDepartments {
  ids: string[];
  departments: (string | null)[];
}

const ACTIVE_PEOPLE = `select user_id, department from members
  where team_id = :teamId and not is_bot and not is_deleted and not opted_out`;

/** Active people ordered by id; their position is the person number `tiesAsPersonNumbers` uses. */
export async function activePeopleWithDepartments(db: Knex, teamId: string): Promise<PeopleWithDepartments> {
  const { rows } = await db.raw(`${ACTIVE_PEOPLE} order by user_id`, { teamId });
  return {
    ids: rows.map((r: { user_id: string }) => r.user_id),
    departments: rows.map((r: { department: string | null }) => r.department),
  };
}

export interface NumberedTies {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  count: number;
}

/**
 * Distinct unordered pairs of active people with ≥ 1 interaction in [since, until), numbered like
 * `activePeopleWithDepartments`; weight = interactions. Grouping, numbering and filtering happen in
 * SQL; the result comes back as three comma-separated lists of whole numbers in one row.
 */
export async function tiesAsPersonNumbers(
  db: Knex,
  teamId: string,
  window: Pick<ReportWindow, 'since' | 'until'>,
): Promise<NumberedTies> {
  const { rows } = await withAggregationMemory(db, (trx) =>
    trx.raw(
      `with people as (
         select user_id, (row_number() over (order by user_id) - 1)::int as n from (${ACTIVE_PEOPLE}) p
       ), pairs as (
         select least(pa.n, pb.n) as a, greatest(pa.n, pb.n) as b, sum(i.count) as w
         from interactions i
         join people pa on pa.user_id = i.actor_id
         join people pb on pb.user_id = i.target_id
         where i.team_id = :teamId and i.day >= :since and i.day < :until and pa.n <> pb.n
         group by 1, 2
       )
       select coalesce(string_agg(a::text, ','), '') as a, coalesce(string_agg(b::text, ','), '') as b,
              coalesce(string_agg(w::text, ','), '') as w, count(*)::int as n
       from pairs`,
      { teamId, since: window.since, until: window.until },
    ),
  );
  const row = rows[0] as { a: string; b: string; w: string; n: number };
  return {
    a: readNumberList(row.a, new Int32Array(row.n)),
    b: readNumberList(row.b, new Int32Array(row.n)),
    weight: readNumberList(row.w, new Float64Array(row.n)),
    count: row.n,
  };
}

/**
 * Fills `into` from a comma-separated list of whole numbers (string_agg of integers) by reading
 * the digits in place: splitting a million numbers into strings first cost more than the query's
 * own aggregation and left hundreds of megabytes of garbage.
 */
export function readNumberList<T extends Int32Array | Float64Array>(list: string, into: T): T {
  let k = 0;
  let value = 0;
  let sign = 1;
  let digits = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list.charCodeAt(i);
    if (ch === 44 /* , */) {
      into[k++] = sign * value;
      value = 0;
      sign = 1;
      digits = 0;
    } else if (ch >= 48 && ch <= 57) {
      value = value * 10 + (ch - 48);
      digits++;
    } else if (ch === 45 /* - */ && digits === 0) sign = -1;
    else throw new Error(`not a whole number in a number list at ${i}: ${list.slice(Math.max(0, i - 10), i + 10)}`);
  }
  if (list.length) into[k++] = sign * value;
  if (k !== into.length) throw new Error(`number list has ${k} numbers, expected ${into.length}`);
  return into;
}

/**
 * Runs a query with enough work_mem for its hash aggregation to stay in memory: grouping a million
 * pairs spills to disk with PostgreSQL's default 4 MB and takes several times longer.
 */
async function withAggregationMemory<T>(db: Knex, query: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw("set local work_mem = '256MB'");
    return query(trx);
  });
}

/** Live (not archived, not deleted) channels with their current members, one row per channel. */
export async function channelsWithMembers(db: Knex, teamId: string, includePrivate: boolean): Promise<RawChannel[]> {
  const { rows } = await db.raw(
    `select c.channel_id, c.name, c.created, c.creator, c.kind, c.kind_reason, c.kind_override, c.kind_inferred,
            coalesce(array_agg(m.user_id) filter (where m.user_id is not null), '{}') as members
     from channels c
     left join memberships m on m.team_id = c.team_id and m.channel_id = c.channel_id and m.left_at is null
     where c.team_id = :teamId and not c.is_archived and not c.is_deleted ${includePrivate ? '' : 'and not c.is_private'}
     group by c.team_id, c.channel_id`,
    { teamId },
  );
  type Row = {
    channel_id: string;
    name: string;
    created: string | null;
    creator: string | null;
    kind: string;
    kind_reason: string | null;
    kind_override: string | null;
    kind_inferred: boolean;
    members: string[];
  };
  return (rows as Row[]).map((r) => ({
    id: r.channel_id,
    name: r.name,
    createdAt: r.created ? new Date(r.created).toISOString() : null,
    creator: r.creator ?? null,
    members: r.members as string[],
    kindOverride: r.kind_override as ChannelKind | null,
    // the kind already decided (services/channelKinds), shown with its own reason; none yet: decided now
    decided: r.kind_reason ? { kind: r.kind as ChannelKind, reason: r.kind_reason, inferred: r.kind_inferred } : null,
  }));
}

/** Interactions by active people (not with bots, not with themselves) per channel and actor, last 30 days and the 30 before. */
export async function channelActivity(db: Knex, teamId: string, window: ReportWindow): Promise<ChannelActivity[]> {
  const { rows } = await withAggregationMemory(db, (trx) =>
    trx.raw(
      `select channel_id, actor_id,
            coalesce(sum(count) filter (where day >= :last30), 0)::float8 as last30,
            coalesce(sum(count) filter (where day < :last30), 0)::float8 as previous30
     from interactions
     where team_id = :teamId and day >= :previous30 and day < :until and actor_id <> target_id
       and actor_id in (select user_id from (${ACTIVE_PEOPLE}) p)
       and target_id not in (select user_id from members where team_id = :teamId and is_bot)
     group by channel_id, actor_id`,
      { teamId, last30: window.last30From, previous30: window.previous30From, until: window.until },
    ),
  );
  type Row = { channel_id: string; actor_id: string; last30: number; previous30: number };
  return (rows as Row[]).map((r) => ({
    channelId: r.channel_id,
    actor: r.actor_id,
    last30: r.last30,
    previous30: r.previous30,
  }));
}
