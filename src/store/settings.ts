import type { Knex } from 'knex';
import { type Settings, settingsFromStored } from '../domain/settings';

export async function settingsFor(db: Knex, teamId: string): Promise<Settings> {
  const row = await db('settings').where({ team_id: teamId }).first('values');
  return settingsFromStored(row?.values);
}

export async function saveSettings(db: Knex, teamId: string, values: Settings, updatedBy?: string): Promise<void> {
  await db('settings')
    .insert({ team_id: teamId, values: JSON.stringify(values), updated_by: updatedBy ?? null, updated_at: db.fn.now() })
    .onConflict('team_id')
    .merge();
}
