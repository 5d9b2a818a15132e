/** member_joined_channel / member_left_channel, written by group commit. */
import { applyMembershipChanges } from '../../store/memberships';
import { settingsFor } from '../../store/settings';
import { recomputeChannelKinds } from '../channelKinds';
import type { Services } from '../context';
import { refreshChannelDepartments } from '../departments';
import { groupCommit } from '../groupCommit';
import { eventTime, lookUpChannelFirst, perTeam, readableChannels } from './shared';

export interface MembershipEvent {
  user: string;
  channel: string;
  channel_type?: string;
  event_ts?: string;
}

interface MembershipItem {
  teamId: string;
  event: MembershipEvent;
  joined: boolean;
}

/**
 * member_joined_channel / member_left_channel. Under load these are the bulk of Slack's events, so
 * they are written by group commit (src/services/groupCommit.ts): the events that arrive while a
 * batch is being written share the next one (settings and channels read once, one membership
 * upsert, one kind recomputation for the channels that changed). The promise settles once the
 * person's membership and the channel's kind are stored.
 */
export async function memberJoinedOrLeft(
  services: Services,
  teamId: string,
  e: MembershipEvent,
  joined: boolean,
): Promise<void> {
  let write = membershipWriters.get(services);
  if (!write) {
    write = groupCommit((items: MembershipItem[]) => perTeam(services, items, applyTeamMemberships), {
      maxBatch: 1000,
    });
    membershipWriters.set(services, write);
  }
  await lookUpChannelFirst(services, teamId, e.channel);
  const failure = await write({ teamId, event: e, joined });
  if (failure) throw failure;
}

/** One group-commit writer per app (its services: database, clock, Slack clients); replicas each have their own. */
const membershipWriters = new WeakMap<Services, (item: MembershipItem) => Promise<Error | undefined>>();

async function applyTeamMemberships(services: Services, teamId: string, items: MembershipItem[]): Promise<void> {
  const settings = await settingsFor(services.db, teamId);
  const isPrivate = (t?: string) => t === 'G' || t === 'group';
  const wanted = items.filter((i) => settings.readPrivateChannels || !isPrivate(i.event.channel_type));
  const channels = await readableChannels(
    services,
    teamId,
    wanted.map((i) => i.event.channel),
    settings,
    { lookUp: false },
  );
  const changes = wanted
    .filter((i) => channels.has(i.event.channel))
    .map((i) => ({
      channelId: i.event.channel,
      userId: i.event.user,
      joined: i.joined,
      at: eventTime(services, i.event.event_ts),
    }));
  if (!changes.length) return;
  // Memberships, departments and kinds together or not at all: if the recomputation fails, the
  // event-by-event retry finds the memberships unchanged and recomputes them again.
  await services.db.transaction(async (trx) => {
    const inTrx: Services = { ...services, db: trx };
    const changedChannels = [...new Set((await applyMembershipChanges(trx, teamId, changes)).map((c) => c.channelId))];
    if (!changedChannels.length) return;
    await refreshChannelDepartments(
      inTrx,
      teamId,
      changedChannels.map((id) => channels.get(id)!.name),
    );
    await recomputeChannelKinds(inTrx, teamId, changedChannels);
  });
}
