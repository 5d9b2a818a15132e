import type { Knex } from 'knex';
import { enqueueJob } from '../../store/jobs';

/**
 * One `intro.closed` job per person who should read "didn't work out this time" — the same words
 * whether someone declined, was deleted or let it expire, so nobody learns who or why.
 */
export async function enqueueClosedNotices(
  trx: Knex.Transaction,
  teamId: string,
  introId: number,
  userIds: string[],
  now: Date,
): Promise<void> {
  for (const userId of userIds) {
    await enqueueJob(trx, {
      teamId,
      kind: 'intro.closed',
      dueAt: now,
      payload: { introId, userId },
      idempotencyKey: `intro-closed:${introId}:${userId}`,
    });
  }
}
