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

/** Of `eventIds` (already in events_seen), those whose handlers never finished (processed_at null). */
export async function eventsNotProcessed(db: Knex, eventIds: string[]): Promise<Set<string>> {
  if (!eventIds.length) return new Set();
  const rows: Array<{ event_id: string }> = await db('events_seen')
    .whereIn('event_id', eventIds)
    .whereNull('processed_at')
    .select('event_id');
  return new Set(rows.map((r) => r.event_id));
}

/** Marks events whose handlers finished: a journal replay skips them. */
export async function markEventsProcessed(db: Knex, eventIds: string[]): Promise<void> {
  if (!eventIds.length) return;
  // one array parameter, not a placeholder per id: this runs for every batch of processed events
  await db.raw('update events_seen set processed_at = now() where event_id = any(?::text[])', [eventIds]);
}
