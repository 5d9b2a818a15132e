import type { Knex } from 'knex';

/**
 * Workspaces Weaver serves: every installation (OAuth) or the one the env token belongs to, and
 * the workspaces of an Enterprise Grid org with an org-wide install (known from their members).
 */
export async function activeTeamIds(db: Knex): Promise<string[]> {
  const rows = await db
    .union([
      db('installations').whereNot({ team_id: '' }).select('team_id'),
      db('members as m')
        .join('installations as i', function joinOrgInstall() {
          this.on('i.enterprise_id', '=', 'm.enterprise_id').andOn('i.team_id', '=', db.raw("''"));
        })
        .whereNot('m.enterprise_id', '')
        .select('m.team_id'),
    ])
    .orderBy('team_id');
  return rows.map((r: { team_id: string }) => r.team_id);
}

/** Every workspace the database holds data for: those Weaver serves, and any with members (an import, a demo). */
export async function knownTeamIds(db: Knex): Promise<string[]> {
  const served = await activeTeamIds(db);
  const withMembers = (await db('members').distinct('team_id')).map((r: { team_id: string }) => r.team_id);
  return [...new Set([...served, ...withMembers])].sort();
}

/** Records the workspace of the env bot token (single-workspace mode) without storing the token. */
export async function recordWorkspace(
  db: Knex,
  w: { teamId: string; enterpriseId?: string; botUserId?: string; botId?: string },
): Promise<void> {
  await db('installations')
    .insert({
      team_id: w.teamId,
      enterprise_id: w.enterpriseId ?? '',
      bot_user_id: w.botUserId ?? null,
      bot_id: w.botId ?? null,
    })
    .onConflict(['enterprise_id', 'team_id'])
    .merge(['bot_user_id', 'bot_id', 'updated_at']);
}
