/** channel_created, channel_rename, and archive / unarchive / deletion of a channel. */
import { channelById, renameChannel, updateChannel, upsertChannels } from '../../store/channels';
import { settingsFor } from '../../store/settings';
import { recomputeChannelKinds } from '../channelKinds';
import type { Services } from '../context';
import { refreshChannelDepartments } from '../departments';
import { channelFromSlack } from '../sync/slackRows';
import { readableChannel } from './shared';

export interface ChannelEventChannel {
  id: string;
  name?: string;
  created?: number;
  creator?: string;
  is_private?: boolean;
}

export async function channelCreated(services: Services, teamId: string, c: ChannelEventChannel): Promise<void> {
  if (c.is_private && !(await settingsFor(services.db, teamId)).readPrivateChannels) return;
  const existing = await channelById(services.db, teamId, c.id);
  if (existing) return; // a retried or late channel_created must not undo a later rename/archive
  await upsertChannels(services.db, teamId, [channelFromSlack({ ...c, is_archived: false })], services.now());
  await recomputeChannelKinds(services, teamId, [c.id]);
}

/** channel_rename that happened at `at` (the event's time); an older rename delivered late is ignored. */
export async function channelRenamed(
  services: Services,
  teamId: string,
  c: { id: string; name: string },
  at: Date = services.now(),
): Promise<void> {
  const channel = await readableChannel(services, teamId, c.id);
  if (!channel) return;
  if (!(await renameChannel(services.db, teamId, c.id, c.name, at, services.now()))) return;
  // Renamed into or out of the department-channel pattern: departments may change.
  await refreshChannelDepartments(services, teamId, [channel.name, c.name]);
  await recomputeChannelKinds(services, teamId, [c.id]);
}

/**
 * A channel's purpose or topic set in Slack (message subtypes channel_purpose, channel_topic): stored
 * (metadata, not a message), and the channel's kind decided again, since their words count.
 */
export async function channelDescribed(
  services: Services,
  teamId: string,
  channelId: string,
  change: { purpose?: string; topic?: string },
): Promise<void> {
  if (!(await readableChannel(services, teamId, channelId))) return;
  const patch: { purpose?: string | null; topic?: string | null } = {};
  if (change.purpose !== undefined) patch.purpose = change.purpose.trim() || null;
  if (change.topic !== undefined) patch.topic = change.topic.trim() || null;
  await updateChannel(services.db, teamId, channelId, patch, services.now());
  await recomputeChannelKinds(services, teamId, [channelId]);
}

export async function channelStateChanged(
  services: Services,
  teamId: string,
  channelId: string,
  change: 'archive' | 'unarchive' | 'deleted',
): Promise<void> {
  const patch =
    change === 'archive'
      ? { is_archived: true }
      : change === 'unarchive'
        ? { is_archived: false }
        : { is_deleted: true };
  const channel =
    change === 'deleted'
      ? await channelById(services.db, teamId, channelId)
      : await readableChannel(services, teamId, channelId);
  if (!channel) return;
  await updateChannel(services.db, teamId, channelId, patch, services.now());
  await refreshChannelDepartments(services, teamId, [channel.name]);
}
