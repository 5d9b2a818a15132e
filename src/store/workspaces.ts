import type { Knex } from 'knex';

/** Workspaces Weaver serves: every installation (OAuth) or the one the env token belongs to. */
export async function activeTeamIds(db: Knex): Promise<string[]> {
  const rows = await db('installations').whereNot({ team_id: '' }).distinct('team_id').orderBy('team_id');
  return rows.map((r: { team_id: string }) => r.team_id);
}

/** Records the workspace of the env bot token (single-workspace mode) without storing the token. */
export async function recordWorkspace(db: Knex, w: { teamId: string; enterpriseId?: string; botUserId?: string; botId?: string }): Promise<void> {
  await db('installations')
    .insert({ team_id: w.teamId, enterprise_id: w.enterpriseId ?? '', bot_user_id: w.botUserId ?? null, bot_id: w.botId ?? null })
    .onConflict(['enterprise_id', 'team_id'])
    .merge(['bot_user_id', 'bot_id', 'updated_at']);
}
