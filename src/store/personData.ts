/**
 * Deleting what Weaver holds about one person in one workspace: passions, introduction history
 * (their side of every intro, their blocks and blocks of them) and interactions they took part in
 * (as actor or target), and their pending jobs. The member row itself stays (sync keeps it
 * flagged deleted/opted out so the person is never prompted again).
 * Used for deactivated users (user_change, deleted: true) and by `/weaver forget`.
 */
import type { Knex } from 'knex';

export interface PersonDataDeleted {
  passions: number;
  introMembers: number;
  introBlocks: number;
  interactions: number;
  jobs: number;
}

export async function deletePersonData(db: Knex, teamId: string, userId: string): Promise<PersonDataDeleted> {
  return db.transaction(async (trx) => {
    const passions = await trx('passions').where({ team_id: teamId, user_id: userId }).del();
    const introMembers = await trx('intro_members').where({ team_id: teamId, user_id: userId }).del();
    const introBlocks = await trx('intro_blocks')
      .where({ team_id: teamId })
      .andWhere((q) => q.where({ user_id: userId }).orWhere({ blocked_user_id: userId }))
      .del();
    const interactions = await trx('interactions')
      .where({ team_id: teamId })
      .andWhere((q) => q.where({ actor_id: userId }).orWhere({ target_id: userId }))
      .del();
    const jobs = await trx('jobs')
      .where({ team_id: teamId })
      .whereNull('done_at')
      .whereNull('failed_at')
      .andWhereRaw("payload->>'userId' = ?", [userId])
      .update({ done_at: trx.fn.now(), locked_until: null, last_error: 'cancelled: person data deleted' });
    return { passions, introMembers, introBlocks, interactions, jobs };
  });
}
