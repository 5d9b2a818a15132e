/**
 * The `installations` table: one row per workspace install (enterprise_id, team_id) or per
 * org-wide Enterprise Grid install (enterprise_id, team_id = ''). Secrets are stored only as
 * ciphertext (src/security/tokenCipher.ts); this module never sees a plaintext token.
 */
import type { Knex } from 'knex';

export interface InstallationKey {
  enterpriseId: string;
  /** '' for an org-wide install */
  teamId: string;
}

export interface SealedInstallation extends InstallationKey {
  isEnterpriseInstall: boolean;
  botUserId?: string;
  botId?: string;
  botTokenEnc?: string;
  scopes: string[];
  installerUserId?: string;
  installationEnc: string;
}

export async function saveSealedInstallation(db: Knex, i: SealedInstallation): Promise<void> {
  await db('installations')
    .insert({
      enterprise_id: i.enterpriseId,
      team_id: i.teamId,
      is_enterprise_install: i.isEnterpriseInstall,
      bot_user_id: i.botUserId ?? null,
      bot_id: i.botId ?? null,
      bot_token_enc: i.botTokenEnc ?? null,
      scopes: i.scopes,
      installer_user_id: i.installerUserId ?? null,
      installation_enc: i.installationEnc,
      updated_at: db.fn.now(),
    })
    .onConflict(['enterprise_id', 'team_id'])
    .merge();
}

/** The sealed Bolt installation object for exactly this key, or undefined. */
export async function sealedInstallationFor(db: Knex, key: InstallationKey): Promise<string | undefined> {
  const row = await db('installations')
    .where({ enterprise_id: key.enterpriseId, team_id: key.teamId })
    .whereNotNull('installation_enc')
    .first('installation_enc');
  return row?.installation_enc;
}

/**
 * The sealed bot token serving a workspace: its own install, or else the org-wide install of the
 * enterprise the workspace belongs to (as recorded on its members or settings).
 */
export async function sealedBotTokenForTeam(db: Knex, teamId: string): Promise<string | undefined> {
  const own = await db('installations').where({ team_id: teamId }).whereNotNull('bot_token_enc').first('bot_token_enc');
  if (own) return own.bot_token_enc;
  const org = await db('installations as i')
    .where('i.team_id', '')
    .whereNotNull('i.bot_token_enc')
    .whereIn(
      'i.enterprise_id',
      db.union([
        db('members').where({ team_id: teamId }).whereNot({ enterprise_id: '' }).select('enterprise_id'),
        db('settings').where({ team_id: teamId }).whereNot({ enterprise_id: '' }).select('enterprise_id'),
      ]),
    )
    .first('i.bot_token_enc');
  return org?.bot_token_enc;
}

export async function deleteInstallationRow(db: Knex, key: InstallationKey): Promise<number> {
  return db('installations').where({ enterprise_id: key.enterpriseId, team_id: key.teamId }).del();
}

/** Every installation of a workspace, whatever its enterprise (uninstall, workspace deletion). */
export async function deleteInstallationsOfTeam(db: Knex, teamId: string): Promise<number> {
  return db('installations').where({ team_id: teamId }).del();
}

export interface SealedSecrets {
  id: number;
  bot_token_enc: string | null;
  installation_enc: string | null;
}

/** Every row holding a secret, locked for update (key rotation runs inside one transaction). */
export async function sealedSecretsForUpdate(trx: Knex.Transaction): Promise<SealedSecrets[]> {
  return trx('installations')
    .where((q) => q.whereNotNull('bot_token_enc').orWhereNotNull('installation_enc'))
    .orderBy('id')
    .forUpdate()
    .select('id', 'bot_token_enc', 'installation_enc');
}

export async function replaceSealedSecrets(trx: Knex.Transaction, s: SealedSecrets): Promise<void> {
  await trx('installations')
    .where({ id: s.id })
    .update({ bot_token_enc: s.bot_token_enc, installation_enc: s.installation_enc });
}

/** True while the workspace has an installation row (OAuth install or the env token's workspace). */
export async function isTeamInstalled(db: Knex, teamId: string): Promise<boolean> {
  return Boolean(await db('installations').where({ team_id: teamId }).first('id'));
}

export async function deleteOrgInstallation(db: Knex, enterpriseId: string): Promise<number> {
  return db('installations').where({ enterprise_id: enterpriseId, team_id: '' }).del();
}
