/**
 * Bolt's InstallationStore on PostgreSQL (OAuth distribution). Workspace installs are keyed by
 * (enterprise_id or '', team_id); org-wide Enterprise Grid installs by (enterprise_id, ''), and a
 * workspace of that enterprise without its own install is served by the org-wide one.
 * The bot token and the whole installation object are sealed with AES-256-GCM before they reach
 * the database; nothing here logs a token.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Knex } from 'knex';
import type { TokenCipher } from '../security/tokenCipher';
import {
  deleteInstallationRow,
  saveSealedInstallation,
  sealedInstallationFor,
  type InstallationKey,
} from '../store/installations';

function keyOfInstallation(i: Installation): InstallationKey {
  if (i.isEnterpriseInstall) {
    if (!i.enterprise?.id) throw new Error('org-wide installation without an enterprise id');
    return { enterpriseId: i.enterprise.id, teamId: '' };
  }
  if (!i.team?.id) throw new Error('installation without a team id');
  return { enterpriseId: i.enterprise?.id ?? '', teamId: i.team.id };
}

function keysOfQuery(q: InstallationQuery<boolean>): InstallationKey[] {
  if (q.isEnterpriseInstall) return q.enterpriseId ? [{ enterpriseId: q.enterpriseId, teamId: '' }] : [];
  const keys: InstallationKey[] = [];
  if (q.teamId) keys.push({ enterpriseId: q.enterpriseId ?? '', teamId: q.teamId });
  // A workspace of an enterprise with an org-wide install and no install of its own.
  if (q.enterpriseId) keys.push({ enterpriseId: q.enterpriseId, teamId: '' });
  return keys;
}

export function postgresInstallationStore(db: Knex, cipher: TokenCipher): Required<InstallationStore> {
  return {
    async storeInstallation(installation) {
      const key = keyOfInstallation(installation);
      await saveSealedInstallation(db, {
        ...key,
        isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
        botUserId: installation.bot?.userId,
        botId: installation.bot?.id,
        botTokenEnc: installation.bot?.token ? cipher.seal(installation.bot.token) : undefined,
        scopes: installation.bot?.scopes ?? [],
        installerUserId: installation.user?.id,
        installationEnc: cipher.seal(JSON.stringify(installation)),
      });
    },
    async fetchInstallation(query) {
      for (const key of keysOfQuery(query)) {
        const sealed = await sealedInstallationFor(db, key);
        if (sealed) return JSON.parse(cipher.open(sealed)) as Installation;
      }
      throw new Error(`no installation for team ${query.teamId ?? '-'} / enterprise ${query.enterpriseId ?? '-'}`);
    },
    async deleteInstallation(query) {
      const [key] = keysOfQuery(query);
      if (key) await deleteInstallationRow(db, key);
    },
  };
}
