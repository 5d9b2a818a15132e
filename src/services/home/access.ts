/**
 * Who may use the lead view: WEAVER_LEADS, the settings' lead list, workspace admins and owners.
 * Every lead action checks access here, not only by hiding buttons.
 */
import type { WebClient } from '@slack/web-api';
import type { Settings } from '../../domain/settings';
import { memberFlags, type MemberFlags } from '../../store/home';
import { settingsFor } from '../../store/settings';
import { ONLY_LEADS } from '../../views/home/notices';
import type { Services } from '../context';

export function leadFrom(services: Services, settings: Settings, flags: MemberFlags | null, userId: string): boolean {
  if (services.config.leads.includes(userId) || settings.leads.includes(userId)) return true;
  return Boolean(flags && (flags.isAdmin || flags.isOwner));
}

export async function isLead(services: Services, teamId: string, userId: string): Promise<boolean> {
  const [settings, flags] = await Promise.all([
    settingsFor(services.db, teamId),
    memberFlags(services.db, teamId, userId),
  ]);
  return leadFrom(services, settings, flags, userId);
}

export async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const opened = (await client.conversations.open({ users: userId })) as { channel?: { id?: string } };
  if (!opened.channel?.id) throw new Error('could not open a DM');
  return opened.channel.id;
}

/** True for a lead; otherwise tells the person, ephemerally, and returns false. */
export async function allowLead(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  what: string,
): Promise<boolean> {
  if (await isLead(services, teamId, userId)) return true;
  services.logger.warn({ teamId, userId, action: what }, 'lead action refused: not a lead');
  await client.chat.postEphemeral({ channel: await dmChannel(client, userId), user: userId, text: ONLY_LEADS });
  return false;
}
