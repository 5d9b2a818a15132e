import type { Knex } from 'knex';

export async function pruneEventsSeen(db: Knex, olderThan: Date): Promise<number> {
  return db('events_seen').where('seen_at', '<', olderThan).del();
}

/** Records many event_ids in one statement; returns the ids seen for the first time. */
export async function markEventsSeen(
  db: Knex,
  events: Array<{ eventId: string; teamId?: string }>,
): Promise<Set<string>> {
  if (!events.length) return new Set();
  const rows = await db('events_seen')
    .insert(events.map((e) => ({ event_id: e.eventId, team_id: e.teamId ?? null })))
    .onConflict('event_id')
    .ignore()
    .returning('event_id');
  return new Set(rows.map((r: { event_id: string }) => r.event_id));
}
