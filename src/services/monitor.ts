/**
 * Keeping the workspace current from Slack events (the listeners in
 * src/slack/listeners/events/monitoring.ts call one function here per event).
 * Every write is idempotent: memberships apply an event only if it is newer than the last one
 * applied (a leave delivered before its join ends "left"); interaction counts go through the
 * ledger (a message or reaction seen twice counts once). Private channels are ignored unless the
 * workspace enables readPrivateChannels. Message text is read for mentions only, never stored or logged.
 */
import type { WebClient } from '@slack/web-api';
import type { MessageMeta } from '../domain/interactions';
import { channelById, updateChannel, upsertChannels, type Channel } from '../store/channels';
import { forgetInteractions, recordInteractions } from '../store/interactions';
import { applyMembershipChange, membershipsOfMember } from '../store/memberships';
import { botIdsAmong, markMemberDeleted, memberById, setDepartments, upsertMembers } from '../store/members';
import { settingsFor } from '../store/settings';
import { recomputeChannelKinds } from './channelKinds';
import type { Services } from './context';
import { departmentInFields, profileFieldId, refreshChannelDepartments } from './departments';
import { messageSources, reactionSources } from './interactionSources';
import { channelFromSlack, memberFromSlackUser, type SlackUser } from './sync';

/** Slack's event_ts ("1700000000.000100") as a Date; falls back to now. */
export function eventTime(services: Services, eventTs: string | undefined): Date {
  const seconds = eventTs ? Number.parseFloat(eventTs) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : services.now();
}

/**
 * The stored channel when Weaver may read it (public, or private with readPrivateChannels).
 * A channel not seen yet is looked up once (conversations.info) and stored.
 */
async function readableChannel(services: Services, teamId: string, channelId: string): Promise<Channel | null> {
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  let channel = await channelById(db, teamId, channelId);
  if (!channel) {
    if (channelId.startsWith('D')) return null;
    const client = await services.slackFor(teamId);
    if (!client) return null;
    try {
      const info = await client.conversations.info({ channel: channelId });
      const c = info.channel as { id?: string; is_im?: boolean; is_mpim?: boolean; is_private?: boolean } | undefined;
      if (!c?.id || c.is_im || c.is_mpim) return null;
      if (c.is_private && !settings.readPrivateChannels) return null;
      await upsertChannels(db, teamId, [channelFromSlack(c)], services.now());
    } catch (err) {
      services.logger.warn({ teamId, channelId, err: (err as Error).message }, 'monitor: channel lookup failed');
      return null;
    }
    channel = await channelById(db, teamId, channelId);
  }
  if (!channel || channel.is_deleted) return null;
  if (channel.is_private && !settings.readPrivateChannels) return null;
  return channel;
}

export interface MembershipEvent {
  user: string;
  channel: string;
  channel_type?: string;
  event_ts?: string;
}

export async function memberJoinedOrLeft(services: Services, teamId: string, e: MembershipEvent, joined: boolean): Promise<void> {
  if (e.channel_type === 'G' || e.channel_type === 'group') {
    if (!(await settingsFor(services.db, teamId)).readPrivateChannels) return;
  }
  const channel = await readableChannel(services, teamId, e.channel);
  if (!channel) return;
  const changed = await applyMembershipChange(services.db, teamId, e.channel, e.user, joined, eventTime(services, e.event_ts));
  if (!changed) return;
  await coalesced(services, `${teamId}:${e.channel}`, async () => {
    await refreshChannelDepartments(services, teamId, [channel.name]);
    await recomputeChannelKinds(services, teamId, [e.channel]);
  });
}

/**
 * Runs `work` for a key, folding calls that arrive while it runs into one more run after it: a
 * burst of joins to one channel recomputes its kind twice, not once per join. The promise a caller
 * gets settles after a run that started after its call, so the caller still sees its own change.
 */
const runningByDb = new WeakMap<object, Map<string, { again: boolean; done: Promise<void> }>>();
function coalesced(services: Services, key: string, work: () => Promise<void>): Promise<void> {
  let running = runningByDb.get(services.db);
  if (!running) runningByDb.set(services.db, (running = new Map()));
  const current = running.get(key);
  if (current) {
    current.again = true;
    return current.done;
  }
  const entry = { again: false, done: Promise.resolve() };
  const map = running;
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        await work();
      } while (entry.again);
    } finally {
      map.delete(key);
    }
  })();
  map.set(key, entry);
  return entry.done;
}

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

export async function channelRenamed(services: Services, teamId: string, c: { id: string; name: string }): Promise<void> {
  const channel = await readableChannel(services, teamId, c.id);
  if (!channel) return;
  await updateChannel(services.db, teamId, c.id, { name: c.name }, services.now());
  // Renamed into or out of the department-channel pattern: departments may change.
  await refreshChannelDepartments(services, teamId, [channel.name, c.name]);
  await recomputeChannelKinds(services, teamId, [c.id]);
}

export async function channelStateChanged(services: Services, teamId: string, channelId: string, change: 'archive' | 'unarchive' | 'deleted'): Promise<void> {
  const patch = change === 'archive' ? { is_archived: true } : change === 'unarchive' ? { is_archived: false } : { is_deleted: true };
  const channel = change === 'deleted' ? await channelById(services.db, teamId, channelId) : await readableChannel(services, teamId, channelId);
  if (!channel) return;
  await updateChannel(services.db, teamId, channelId, patch, services.now());
  await refreshChannelDepartments(services, teamId, [channel.name]);
}

export interface SlackUserEvent extends SlackUser {
  id: string;
  profile?: SlackUser['profile'] & { fields?: Record<string, { value?: string | null } | undefined> | null };
}

const fieldIds = new Map<string, { id: string | null; at: number }>();
const FIELD_ID_TTL_MS = 60 * 60 * 1000;

async function cachedProfileFieldId(services: Services, teamId: string, client: WebClient, label: string): Promise<string | null> {
  const key = `${teamId}:${label.toLowerCase()}`;
  const hit = fieldIds.get(key);
  const now = services.now().getTime();
  if (hit && now - hit.at < FIELD_ID_TTL_MS) return hit.id;
  const id = await profileFieldId(client, label);
  fieldIds.set(key, { id, at: now });
  return id;
}

/** team_join and user_change: the person's name, time zone, flags and (profile-field source) department. */
export async function personChanged(services: Services, teamId: string, user: SlackUserEvent): Promise<void> {
  const { db } = services;
  await upsertMembers(db, teamId, [memberFromSlackUser(user)], services.now());
  if (user.deleted) {
    await markMemberDeleted(db, teamId, user.id, services.now());
    await recomputeKindsOfMember(services, teamId, user.id);
    return;
  }
  const source = (await settingsFor(db, teamId)).departmentSource;
  if (source.kind !== 'profile_field') return;
  const client = await services.slackFor(teamId);
  if (!client) return;
  const fieldId = await cachedProfileFieldId(services, teamId, client, source.profileFieldLabel);
  if (!fieldId) return;
  let fields = user.profile?.fields;
  if (fields === undefined) fields = (await client.users.profile.get({ user: user.id })).profile?.fields as typeof fields;
  const before = (await memberById(db, teamId, user.id))?.department ?? null;
  const department = departmentInFields(fields, fieldId);
  if (department === before) return;
  await setDepartments(db, teamId, [{ userId: user.id, department }], 'profile_field', services.now());
  await recomputeKindsOfMember(services, teamId, user.id);
}

async function recomputeKindsOfMember(services: Services, teamId: string, userId: string): Promise<void> {
  const channels = (await membershipsOfMember(services.db, teamId, userId)).map((m) => m.channel_id);
  await recomputeChannelKinds(services, teamId, channels);
}

export interface MessageEvent extends MessageMeta {
  channel: string;
  channel_type?: string;
}

/** A message in a readable channel: author → thread parent's author (reply) and → each mention. */
export async function messagePosted(services: Services, teamId: string, m: MessageEvent): Promise<number> {
  if (m.channel_type && m.channel_type !== 'channel' && m.channel_type !== 'group') return 0;
  if (!(await readableChannel(services, teamId, m.channel))) return 0;
  let parentAuthor: string | undefined;
  if (m.thread_ts && m.thread_ts !== m.ts && !m.parent_user_id) parentAuthor = await threadParentAuthor(services, teamId, m.channel, m.thread_ts);
  const candidates = messageSources(m.channel, m, { isBot: () => false, parentAuthor });
  if (!candidates.length) return 0;
  const bots = await botIdsAmong(services.db, teamId, [...new Set(candidates.flatMap((s) => [s.actorId, s.targetId]))]);
  const sources = candidates.filter((s) => !bots.has(s.actorId) && !bots.has(s.targetId));
  return recordInteractions(services.db, teamId, sources);
}

async function threadParentAuthor(services: Services, teamId: string, channelId: string, threadTs: string): Promise<string | undefined> {
  const client = await services.slackFor(teamId);
  if (!client) return undefined;
  const res = await client.conversations.replies({ channel: channelId, ts: threadTs, limit: 1 });
  return (res.messages?.[0] as { user?: string } | undefined)?.user;
}

export interface ReactionEvent {
  user: string;
  reaction: string;
  item_user?: string;
  item: { type: string; channel?: string; ts?: string };
}

/** reaction_added / reaction_removed on a message: reactor → the message's author. */
export async function reactionChanged(services: Services, teamId: string, e: ReactionEvent, added: boolean): Promise<number> {
  if (e.item.type !== 'message' || !e.item.channel || !e.item.ts || !e.item_user) return 0;
  if (!(await readableChannel(services, teamId, e.item.channel))) return 0;
  const bots = await botIdsAmong(services.db, teamId, [e.user, e.item_user]);
  const sources = reactionSources(e.item.channel, { user: e.item_user, ts: e.item.ts, reactions: [{ name: e.reaction, users: [e.user] }] }, { isBot: (id) => bots.has(id) });
  if (added) return recordInteractions(services.db, teamId, sources);
  return forgetInteractions(services.db, teamId, sources.map((s) => s.source));
}
