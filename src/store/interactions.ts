/**
 * Interaction counts (`interactions`: per day, channel, actor, target, kind) and the ledger that
 * keeps them exact (`interaction_ledger`).
 *
 * Why a per-source ledger rather than a per-channel watermark: the same message can reach us more
 * than once and by different roads — history back-fill, a re-run or resumed sync, a live event, a
 * Slack retry with a new event id, a reaction removed and added again. A watermark ("history read
 * up to ts X") cannot tell a live event already counted from one that was not, and breaks when
 * events arrive out of order. The ledger holds one row per counted source (ids and a day, never
 * text): a count goes up only when its ledger row is new, and down only when its ledger row is
 * removed, in the same SQL statement, so concurrent replicas agree too.
 */
import type { Knex } from 'knex';

export type CountedKind = 'reply' | 'mention' | 'reaction';

export interface InteractionSource {
  /** unique per counted thing, e.g. `C1:1700000000.000100:mention:U2` */
  source: string;
  day: string;
  channelId: string;
  actorId: string;
  targetId: string;
  kind: CountedKind;
  /**
   * When it happened (the message's ts, the reaction event's time, an edit's time). A source
   * un-counted at or after this time (interaction_tombstones) is not counted again; without it,
   * a tombstone never blocks.
   */
  at?: Date;
}

/**
 * Counts each source once, however often it is recorded, unless it was un-counted at or after it
 * happened (an event delivered out of order). Returns how many were new.
 */
export async function recordInteractions(db: Knex, teamId: string, items: InteractionSource[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const { rows } = await db.raw(
      `with input as (
         select * from jsonb_to_recordset(?::jsonb)
           as x(source text, day date, channel_id text, actor_id text, target_id text, kind text, at timestamptz)
       ), fresh as (
         insert into interaction_ledger (team_id, source, day, channel_id, actor_id, target_id, kind, counted_at)
         select distinct on (source) ?, source, day, channel_id, actor_id, target_id, kind, at from input i
          where not exists (
            select 1 from interaction_tombstones t
             where t.team_id = ? and i.at is not null
               and ((t.source in (i.source, split_part(i.source, ':', 1) || ':' || split_part(i.source, ':', 2) || ':') and t.removed_at >= i.at)
                 -- the message was edited later: what it said before the edit is not counted
                 or (t.source = split_part(i.source, ':', 1) || ':' || split_part(i.source, ':', 2) || ':edited' and i.kind <> 'reaction' and t.removed_at > i.at)))
          order by source, at desc nulls last
         on conflict (team_id, source) do update set counted_at = excluded.counted_at
          where excluded.counted_at is not null and (interaction_ledger.counted_at is null or interaction_ledger.counted_at < excluded.counted_at)
         returning team_id, day, channel_id, actor_id, target_id, kind, (xmax = 0) as inserted
       ), counted as (
         insert into interactions (team_id, day, channel_id, actor_id, target_id, kind, count)
         select team_id, day, channel_id, actor_id, target_id, kind, count(*) from fresh where inserted
          group by team_id, day, channel_id, actor_id, target_id, kind
         on conflict (team_id, day, channel_id, actor_id, target_id, kind)
           do update set count = interactions.count + excluded.count
         returning 1
       )
       select (select count(*) from fresh where inserted) as added`,
      [
        JSON.stringify(
          chunk.map((s) => ({
            source: s.source,
            day: s.day,
            channel_id: s.channelId,
            actor_id: s.actorId,
            target_id: s.targetId,
            kind: s.kind,
            at: s.at?.toISOString() ?? null,
          })),
        ),
        teamId,
        teamId,
      ],
    );
    added += Number(rows[0]?.added ?? 0);
  }
  return added;
}

/** The counted sources of one message (its reply, mentions and reactions), with their kinds. */
export async function countedSourcesOfMessage(
  db: Knex,
  teamId: string,
  m: { channelId: string; ts: string; day: string },
): Promise<InteractionSource[]> {
  const prefix = `${m.channelId}:${m.ts}:`.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows: Array<{ source: string; channel_id: string; actor_id: string; target_id: string; kind: CountedKind }> =
    await db('interaction_ledger')
      .where({ team_id: teamId, day: m.day, channel_id: m.channelId })
      .andWhere('source', 'like', `${prefix}%`)
      .select('source', 'channel_id', 'actor_id', 'target_id', 'kind');
  return rows.map((r) => ({
    source: r.source,
    day: m.day,
    channelId: r.channel_id,
    actorId: r.actor_id,
    targetId: r.target_id,
    kind: r.kind,
  }));
}

/**
 * Un-counts sources (a reaction removed, a mention edited out, a message deleted); sources never
 * counted change nothing. With `at` (when it was un-counted) a tombstone is kept, so the same
 * interaction delivered late (it happened before `at`) is not counted again. Returns how many were removed.
 */
export async function forgetInteractions(
  db: Knex,
  teamId: string,
  sources: Array<Pick<InteractionSource, 'source' | 'day' | 'actorId' | 'targetId'>>,
  at?: Date,
): Promise<number> {
  if (!sources.length) return 0;
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `with gone as (
         delete from interaction_ledger where team_id = ? and source = any(?::text[])
            -- a removal older than the latest time the interaction was (re)counted does not undo it
            and (?::timestamptz is null or counted_at is null or counted_at <= ?::timestamptz)
         returning team_id, day, channel_id, actor_id, target_id, kind
       ), per_key as (
         select team_id, day, channel_id, actor_id, target_id, kind, count(*) as n from gone
          group by team_id, day, channel_id, actor_id, target_id, kind
       ), lowered as (
         update interactions i set count = i.count - p.n from per_key p
          where i.team_id = p.team_id and i.day = p.day and i.channel_id = p.channel_id
            and i.actor_id = p.actor_id and i.target_id = p.target_id and i.kind = p.kind
         returning 1
       )
       select (select count(*) from gone) as removed`,
      [teamId, sources.map((s) => s.source), at ?? null, at ?? null],
    );
    await trx('interactions').where({ team_id: teamId }).andWhere('count', '<=', 0).del();
    if (at) {
      const unique = [...new Map(sources.map((s) => [s.source, s])).values()];
      await trx.raw(
        `insert into interaction_tombstones (team_id, source, day, actor_id, target_id, removed_at)
         select ?, x.source, x.day, x.actor_id, x.target_id, ? from jsonb_to_recordset(?::jsonb) as x(source text, day date, actor_id text, target_id text)
         on conflict (team_id, source) do update set removed_at = greatest(interaction_tombstones.removed_at, excluded.removed_at)`,
        [
          teamId,
          at,
          JSON.stringify(
            unique.map((s) => ({ source: s.source, day: s.day, actor_id: s.actorId, target_id: s.targetId })),
          ),
        ],
      );
    }
    return Number(rows[0]?.removed ?? 0);
  });
}

/**
 * Remembers that a whole message was deleted at `at` (source `<channel>:<ts>:`), so none of its
 * interactions that happened before is counted if its events arrive late.
 */
export async function tombstoneMessage(
  db: Knex,
  teamId: string,
  m: { channelId: string; ts: string; day: string },
  at: Date,
): Promise<void> {
  await db('interaction_tombstones')
    .insert({
      team_id: teamId,
      source: `${m.channelId}:${m.ts}:`,
      day: m.day,
      actor_id: '',
      target_id: '',
      removed_at: at,
    })
    .onConflict(['team_id', 'source'])
    .merge({ removed_at: db.raw('greatest(interaction_tombstones.removed_at, excluded.removed_at)') });
}

/**
 * Records that a message was edited at `at` (tombstone source `<channel>:<ts>:edited`); false when
 * a later edit of it is already applied (this one arrived out of order and must be ignored).
 */
export async function markMessageEdited(
  db: Knex,
  teamId: string,
  m: { channelId: string; ts: string; day: string },
  at: Date,
): Promise<boolean> {
  const { rows } = await db.raw(
    `insert into interaction_tombstones (team_id, source, day, actor_id, target_id, removed_at) values (?, ?, ?, '', '', ?)
     on conflict (team_id, source) do update set removed_at = excluded.removed_at
      where interaction_tombstones.removed_at <= excluded.removed_at
     returning 1`,
    [teamId, `${m.channelId}:${m.ts}:edited`, m.day, at],
  );
  return rows.length > 0;
}

/** Deletes counts (and their ledger rows) for days before `beforeDay` (YYYY-MM-DD). */
export async function deleteInteractionsBefore(db: Knex, teamId: string, beforeDay: string): Promise<number> {
  await db('interaction_ledger').where({ team_id: teamId }).andWhere('day', '<', beforeDay).del();
  await db('interaction_tombstones').where({ team_id: teamId }).andWhere('day', '<', beforeDay).del();
  return db('interactions').where({ team_id: teamId }).andWhere('day', '<', beforeDay).del();
}

export interface InteractionCount {
  day: string;
  channel_id: string;
  actor_id: string;
  target_id: string;
  kind: CountedKind;
  count: number;
}

/** Total count per kind (for sync summaries). */
export async function interactionTotals(db: Knex, teamId: string): Promise<Record<CountedKind, number>> {
  const rows = await db('interactions').where({ team_id: teamId }).select('kind').sum({ n: 'count' }).groupBy('kind');
  const totals: Record<CountedKind, number> = { reply: 0, mention: 0, reaction: 0 };
  for (const r of rows as Array<{ kind: CountedKind; n: number }>) totals[r.kind] = Number(r.n);
  return totals;
}
