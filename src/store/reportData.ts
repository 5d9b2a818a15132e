/**
 * What the live silo report reads, aggregated in SQL: people (active, non-bot, not opted out) with
 * their department, ties (distinct unordered pairs with ≥ 1 interaction in the window, grouped in
 * PostgreSQL and returned as person numbers), channel memberships (one row per channel) and
 * per-channel activity. Raw interaction rows never travel to Node.
 */
import type { Knex } from 'knex';
import type { ChannelKind } from '../domain/channelKinds';
import type { ChannelActivity, RawChannel } from '../domain/silos/assemble';
import { tiesInCanonicalOrder, type TieList } from '../domain/silos/orgData';

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

/**
 * Distinct unordered pairs of active people with ≥ 1 interaction in [since, until), numbered like
 * `activePeopleWithDepartments`; weight = interactions; in the canonical tie order
 * (`tiesInCanonicalOrder`), so the report never depends on the order PostgreSQL's plan returns rows in.
 *
 * SQL numbers the interaction rows (both ends active, not oneself) and sends them as big-endian int4
 * triples (actor, target, count) in one base64 text (a third the size of bytea's hex, decoded
 * natively); the pairs are merged in Node by a counting sort, which also gives them their order.
 * On the 50,000-person bench, grouping the 1.45 M rows in a hash aggregate and printing a million
 * numbers as text cost PostgreSQL more than the joins themselves (bench/README.md).
 */
export async function tiesAsPersonNumbers(
  db: Knex,
  teamId: string,
  window: Pick<ReportWindow, 'since' | 'until'>,
): Promise<TieList> {
  const { rows } = await withAggregationMemory(db, (trx) =>
    trx.raw(
      `with people as (
         select user_id, (row_number() over (order by user_id) - 1)::int as n from (${ACTIVE_PEOPLE}) p
       )
       select encode(coalesce(string_agg(int4send(pa.n) || int4send(pb.n) || int4send(i.count), ''::bytea), ''::bytea), 'base64') as rows,
              count(*)::int as n
       from interactions i
       join people pa on pa.user_id = i.actor_id
       join people pb on pb.user_id = i.target_id
       where i.team_id = :teamId and i.day >= :since and i.day < :until and pa.n <> pb.n`,
      { teamId, since: window.since, until: window.until },
    ),
  );
  const row = rows[0] as { rows: string; n: number };
  return tiesInCanonicalOrder(readIntTriples(Buffer.from(row.rows, 'base64'), row.n));
}

/**
 * `count` big-endian int4 triples (int4send, concatenated) as one Int32Array of (actor, target,
 * count) rows. The bytes are read in place, byte-swapped by Buffer.swap32 where the machine is
 * little-endian: `bytes` is the caller's own decoded copy and is not read again.
 */
export function readIntTriples(bytes: Buffer, count: number): Int32Array {
  if (bytes.length !== 12 * count)
    throw new Error(`interaction rows: ${bytes.length} bytes for ${count} rows, expected ${12 * count}`);
  // an Int32Array view needs 4-byte alignment: a large decoded buffer has its own memory, a small one may not
  const own = bytes.byteOffset % 4 === 0 ? bytes : copyOf(bytes);
  if (LITTLE_ENDIAN) own.swap32();
  return new Int32Array(own.buffer, own.byteOffset, 3 * count);
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function copyOf(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

/**
 * Runs a query with enough work_mem for its hash tables to stay in memory: grouping the channel
 * activity (hundreds of thousands of groups) or hashing 100,000 people spills to disk with
 * PostgreSQL's default 4 MB and takes several times longer.
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

/**
 * Interactions by active people (not with bots, not with themselves) per channel and actor, last 30
 * days and the 30 before. Active actors are picked among the groups (`having`), not among the rows:
 * the same result, with a fifth as many lookups on the bench (205,295 groups of 986,131 rows).
 */
export async function channelActivity(db: Knex, teamId: string, window: ReportWindow): Promise<ChannelActivity[]> {
  const { rows } = await withAggregationMemory(db, (trx) =>
    trx.raw(
      `select channel_id, actor_id,
            coalesce(sum(count) filter (where day >= :last30), 0)::float8 as last30,
            coalesce(sum(count) filter (where day < :last30), 0)::float8 as previous30
     from interactions
     where team_id = :teamId and day >= :previous30 and day < :until and actor_id <> target_id
       and target_id not in (select user_id from members where team_id = :teamId and is_bot)
     group by channel_id, actor_id
     having actor_id in (select user_id from (${ACTIVE_PEOPLE}) p)`,
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
