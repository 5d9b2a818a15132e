/**
 * Deleting what Weaver holds about one person in one workspace, in one transaction: passions and
 * prompts, their side of every introduction (their intro_members row; the introduction's shared
 * tags and teach/learn fits, which name them, are cleared; the partner keeps their own record),
 * blocks by and
 * of them, interaction counts and ledger rows where they are actor or target, channel
 * memberships, their asks and their side of the asks they were asked to help with, and every job
 * that mentions them.
 *
 * - a deactivated Slack account (`user_change`, deleted: true): the member row stays, flagged
 *   deleted, so a later sync does not take them for a new person;
 * - `/weaver forget` (`removeMember: true`): the member row goes too.
 */
import type { Knex } from 'knex';

export type PersonDataDeleted = Record<string, number>;

export async function deletePersonData(
  db: Knex,
  teamId: string,
  userId: string,
  opts: { removeMember?: boolean } = {},
): Promise<PersonDataDeleted> {
  return db.transaction(async (trx) => {
    const deleted: PersonDataDeleted = {};
    const theirIntros = trx('intro_members').where({ team_id: teamId, user_id: userId }).select('intro_id');
    deleted.intros_cleared = await trx('intros')
      .where({ team_id: teamId })
      .whereIn('id', theirIntros)
      .update({ shared: '{}' });
    deleted.intro_members = await trx('intro_members').where({ team_id: teamId, user_id: userId }).delete();
    deleted.intro_blocks = await trx('intro_blocks')
      .where({ team_id: teamId })
      .andWhere((q) => q.where({ user_id: userId }).orWhere({ blocked_user_id: userId }))
      .delete();
    for (const table of ['interactions', 'interaction_ledger', 'interaction_tombstones']) {
      deleted[table] = await trx(table)
        .where({ team_id: teamId })
        .andWhere((q) => q.where({ actor_id: userId }).orWhere({ target_id: userId }))
        .delete();
    }
    // their asks (the requests to helpers go with them), and their side of requests they were asked
    deleted.asks = await trx('asks').where({ team_id: teamId, asker_id: userId }).delete();
    deleted.ask_requests = await trx('ask_requests').where({ team_id: teamId, helper_id: userId }).delete();
    await trx('asks').where({ team_id: teamId, helper_id: userId }).update({ helper_id: null });
    deleted.memberships = await trx('memberships').where({ team_id: teamId, user_id: userId }).delete();
    deleted.passions = await trx('passions').where({ team_id: teamId, user_id: userId }).delete();
    deleted.passion_prompts = await trx('passion_prompts').where({ team_id: teamId, user_id: userId }).delete();
    deleted.jobs = await trx('jobs').where({ team_id: teamId, user_id: userId }).delete();
    if (opts.removeMember) {
      await trx('channels').where({ team_id: teamId, creator: userId }).update({ creator: null });
      deleted.members = await trx('members').where({ team_id: teamId, user_id: userId }).delete();
    }
    return deleted;
  });
}
