/**
 * The durable job queue. A job is claimed with FOR UPDATE SKIP LOCKED and a lease, so any number
 * of replicas can share one PostgreSQL and each job runs once; a claimed job whose process died
 * is claimed again when its lease runs out.
 */
import type { Knex } from 'knex';

export interface JobRow {
  id: number;
  team_id: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  idempotency_key: string | null;
}

export interface NewJob {
  teamId: string;
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
  /** At most one job per workspace and key, ever: enqueueing the same key again does nothing. */
  idempotencyKey?: string;
  maxAttempts?: number;
}

/** Returns the new job's id, or null when a job with the same idempotency key already exists. */
export async function enqueueJob(db: Knex, job: NewJob): Promise<number | null> {
  const rows = await db('jobs')
    .insert({
      team_id: job.teamId,
      kind: job.kind,
      due_at: job.dueAt,
      payload: JSON.stringify(job.payload ?? {}),
      idempotency_key: job.idempotencyKey ?? null,
      max_attempts: job.maxAttempts ?? 5,
    })
    .onConflict(['team_id', 'idempotency_key'])
    .ignore()
    .returning('id');
  return rows.length ? Number(rows[0].id) : null;
}

export async function claimDueJobs(
  db: Knex,
  now: Date,
  opts: { limit: number; worker: string; leaseMs: number; kinds?: string[] },
): Promise<JobRow[]> {
  const leaseUntil = new Date(now.getTime() + opts.leaseMs);
  const kinds = opts.kinds?.length ? opts.kinds : null;
  const { rows } = await db.raw(
    `update jobs set locked_until = ?, locked_by = ?, attempts = attempts + 1
       where id in (
         select id from jobs
          where done_at is null and failed_at is null and due_at <= ?
            and (locked_until is null or locked_until < ?)
            ${kinds ? 'and kind = any(?)' : ''}
          order by due_at, id
          limit ?
          for update skip locked)
     returning id, team_id, kind, due_at, payload, attempts, max_attempts, idempotency_key`,
    [leaseUntil, opts.worker, now, now, ...(kinds ? [kinds] : []), opts.limit],
  );
  // UPDATE … RETURNING does not keep the subquery's order: run the batch in due order (a report the
  // sync asked for before deferring itself runs before the sync's next slice).
  return (rows as JobRow[]).sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || Number(a.id) - Number(b.id));
}

/**
 * Heartbeat: extends the lease of jobs this worker still holds. Returns the ids whose lease was
 * renewed; a held id missing from it was finished or taken over (its lease had run out).
 */
export async function renewLeases(db: Knex, ids: number[], worker: string, until: Date): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db('jobs')
    .whereIn('id', ids)
    .andWhere({ locked_by: worker })
    .whereNull('done_at')
    .whereNull('failed_at')
    .update({ locked_until: until })
    .returning('id');
  return rows.map((r: { id: number | string }) => Number(r.id));
}

/**
 * Deletes jobs finished (done or given up) before `before`, of the kinds whose idempotency key can
 * never be planned again (keys carry a date or the id of a row that is not planned twice). Other
 * keyed jobs (a person's first prompt, a quiet-channel nudge, the first sync) stay: their row is
 * what makes "once ever" true.
 */
export async function deleteFinishedJobs(
  db: Knex,
  teamId: string,
  before: Date,
  kindPrefixes: string[],
): Promise<number> {
  return db('jobs')
    .where({ team_id: teamId })
    .andWhere((q) => q.where('done_at', '<', before).orWhere('failed_at', '<', before))
    .andWhere((q) => {
      q.whereNull('idempotency_key');
      for (const prefix of kindPrefixes) q.orWhere('kind', 'like', `${prefix.replace(/[%_\\]/g, '\\$&')}%`);
    })
    .del();
}

export async function completeJob(db: Knex, id: number, now: Date): Promise<void> {
  await db('jobs').where({ id }).update({ done_at: now, locked_until: null, last_error: null });
}

/** A failed attempt: retried at `retryAt`, or given up for good after max_attempts. */
export async function failJob(
  db: Knex,
  job: JobRow,
  error: string,
  now: Date,
  retryAt: Date,
): Promise<'retry' | 'failed'> {
  if (job.attempts >= job.max_attempts) {
    await db('jobs')
      .where({ id: job.id })
      .update({ failed_at: now, locked_until: null, last_error: error.slice(0, 2000) });
    return 'failed';
  }
  await db('jobs')
    .where({ id: job.id })
    .update({ due_at: retryAt, locked_until: null, last_error: error.slice(0, 2000) });
  return 'retry';
}

/** Puts a claimed job back for later without counting the attempt (e.g. wait for the person's working hours). */
export async function deferJob(db: Knex, id: number, dueAt: Date): Promise<void> {
  await db('jobs')
    .where({ id })
    .update({ due_at: dueAt, locked_until: null, attempts: db.raw('greatest(attempts - 1, 0)') });
}

export async function cancelJobs(
  db: Knex,
  teamId: string,
  where: { kind?: string; userId?: string } = {},
): Promise<number> {
  const q = db('jobs').where({ team_id: teamId }).whereNull('done_at').whereNull('failed_at');
  if (where.kind) q.andWhere({ kind: where.kind });
  if (where.userId) q.andWhereRaw("payload->>'userId' = ?", [where.userId]);
  return q.update({ done_at: db.fn.now(), last_error: 'cancelled' });
}

export async function pendingJobs(db: Knex, teamId: string, kind?: string): Promise<JobRow[]> {
  const q = db('jobs').where({ team_id: teamId }).whereNull('done_at').whereNull('failed_at').orderBy('due_at');
  if (kind) q.andWhere({ kind });
  return q.select('id', 'team_id', 'kind', 'due_at', 'payload', 'attempts', 'max_attempts', 'idempotency_key');
}
