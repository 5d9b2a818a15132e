/**
 * Keeping the workspace current from Slack events (the listeners in
 * src/slack/listeners/events/monitoring.ts call one function here per event).
 * Every write is idempotent: memberships apply an event only if it is newer than the last one
 * applied (a leave delivered before its join ends "left"); interaction counts go through the
 * ledger (a message or reaction seen twice counts once). Private channels are ignored unless the
 * workspace enables readPrivateChannels. Message text is read for mentions only, never stored or logged.
 */
import type { WebClient } from '@slack/web-api';
import { dayOfTs, type MessageMeta } from '../domain/interactions';
import type { Settings } from '../domain/settings';
import { channelById, channelsByIds, renameChannel, updateChannel, upsertChannels, type Channel, type ChannelInfo } from '../store/channels';
import { countedSourcesOfMessage, forgetInteractions, markMessageEdited, recordInteractions, tombstoneMessage, type InteractionSource } from '../store/interactions';
import { applyMembershipChanges, membershipsOfMember } from '../store/memberships';
import { botIdsAmong, memberById, setDepartments, upsertMembers } from '../store/members';
import { settingsFor } from '../store/settings';
import { recomputeChannelKinds } from './channelKinds';
import type { Services } from './context';
import { groupCommit } from './groupCommit';
import { forgetDeactivatedPerson } from './personDeletion';
import { departmentInFields, profileFieldId, refreshChannelDepartments } from './departments';
import { messageSources, reactionSources } from './interactionSources';
import { channelFromSlack, memberFromSlackUser, type SlackUser } from './sync';

/** Slack's event_ts ("1700000000.000100") as a Date; falls back to now. */
export function eventTime(services: Services, eventTs: string | undefined): Date {
  const seconds = eventTs ? Number.parseFloat(eventTs) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : services.now();
}

/**
 * The stored channels Weaver may read among `channelIds` (public, or private with
 * readPrivateChannels). A channel not seen yet is looked up (conversations.info) and stored,
 * unless `lookUp` is off (inside a group-commit batch: lookups happen before it).
 */
async function readableChannels(services: Services, teamId: string, channelIds: string[], settings: Settings, opts: { lookUp: boolean } = { lookUp: true }): Promise<Map<string, Channel>> {
  const { db } = services;
  const ids = [...new Set(channelIds)];
  const stored = new Map((await channelsByIds(db, teamId, ids)).map((c) => [c.channel_id, c]));
  const unknown = opts.lookUp ? ids.filter((id) => !stored.has(id) && !id.startsWith('D')) : [];
  if (unknown.length) {
    const client = await services.slackFor(teamId);
    const found: ChannelInfo[] = [];
    for (const channelId of client ? unknown : []) {
      try {
        const info = await client!.conversations.info({ channel: channelId });
        const c = info.channel as { id?: string; is_im?: boolean; is_mpim?: boolean; is_private?: boolean } | undefined;
        if (!c?.id || c.is_im || c.is_mpim) continue;
        if (c.is_private && !settings.readPrivateChannels) continue;
        found.push(channelFromSlack(c));
      } catch (err) {
        services.logger.warn({ teamId, channelId, err: (err as Error).message }, 'monitor: channel lookup failed');
      }
    }
    if (found.length) {
      await upsertChannels(db, teamId, found, services.now());
      for (const c of await channelsByIds(db, teamId, found.map((f) => f.channelId))) stored.set(c.channel_id, c);
    }
  }
  for (const [id, c] of stored) {
    if (c.is_deleted || (c.is_private && !settings.readPrivateChannels)) stored.delete(id);
  }
  return stored;
}

async function readableChannel(services: Services, teamId: string, channelId: string): Promise<Channel | null> {
  const settings = await settingsFor(services.db, teamId);
  return (await readableChannels(services, teamId, [channelId], settings)).get(channelId) ?? null;
}

/**
 * Slack lookups happen before an event joins a group-commit batch, so one slow or rate-limited
 * call delays only its own event, not every workspace's batch: the first event of a channel this
 * process has not seen looks the channel up (and stores it); later ones skip it.
 */
const knownChannels = new WeakMap<Services, Set<string>>();
async function lookUpChannelFirst(services: Services, teamId: string, channelId: string): Promise<void> {
  let known = knownChannels.get(services);
  if (!known) knownChannels.set(services, (known = new Set()));
  const key = `${teamId}:${channelId}`;
  if (known.has(key)) return;
  const found = await readableChannels(services, teamId, [channelId], await settingsFor(services.db, teamId));
  if (found.size) {
    if (known.size > 100_000) known.clear();
    known.add(key);
  }
}

/** A thread reply without parent_user_id gets its parent's author (conversations.replies) before batching. */
async function withParentAuthor(services: Services, teamId: string, channel: string, m: MessageMeta): Promise<MessageMeta> {
  if (!m.thread_ts || m.thread_ts === m.ts || m.parent_user_id) return m;
  const parent = await threadParentAuthor(services, teamId, channel, m.thread_ts);
  return parent ? { ...m, parent_user_id: parent } : m;
}

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
export async function memberJoinedOrLeft(services: Services, teamId: string, e: MembershipEvent, joined: boolean): Promise<void> {
  let write = membershipWriters.get(services);
  if (!write) {
    write = groupCommit((items: MembershipItem[]) => perTeam(services, items, applyTeamMemberships), { maxBatch: 1000 });
    membershipWriters.set(services, write);
  }
  await lookUpChannelFirst(services, teamId, e.channel);
  const failure = await write({ teamId, event: e, joined });
  if (failure) throw failure;
}

/** One group-commit writer per app (its services: database, clock, Slack clients); replicas each have their own. */
const membershipWriters = new WeakMap<Services, (item: MembershipItem) => Promise<Error | undefined>>();

/**
 * Applies a batch workspace by workspace; returns, per item, the error that kept it from being
 * applied (if any). When a workspace's batch fails, its items are retried one by one, so one bad
 * event does not cost the others.
 */
async function perTeam<T extends { teamId: string }>(services: Services, items: T[], apply: (services: Services, teamId: string, items: T[]) => Promise<void>): Promise<Array<Error | undefined>> {
  const failures = new Map<T, Error>();
  const byTeam = new Map<string, T[]>();
  for (const item of items) {
    const list = byTeam.get(item.teamId);
    if (list) list.push(item);
    else byTeam.set(item.teamId, [item]);
  }
  for (const [teamId, teamItems] of byTeam) {
    try {
      await apply(services, teamId, teamItems);
    } catch (err) {
      if (teamItems.length === 1) {
        failures.set(teamItems[0], err as Error);
        continue;
      }
      services.logger.warn({ teamId, events: teamItems.length, err: (err as Error).message }, 'monitor: batch failed; applying its events one by one');
      for (const item of teamItems) await apply(services, teamId, [item]).catch((e: Error) => failures.set(item, e));
    }
  }
  return items.map((item) => failures.get(item));
}

async function applyTeamMemberships(services: Services, teamId: string, items: MembershipItem[]): Promise<void> {
  const settings = await settingsFor(services.db, teamId);
  const isPrivate = (t?: string) => t === 'G' || t === 'group';
  const wanted = items.filter((i) => settings.readPrivateChannels || !isPrivate(i.event.channel_type));
  const channels = await readableChannels(services, teamId, wanted.map((i) => i.event.channel), settings, { lookUp: false });
  const changes = wanted
    .filter((i) => channels.has(i.event.channel))
    .map((i) => ({ channelId: i.event.channel, userId: i.event.user, joined: i.joined, at: eventTime(services, i.event.event_ts) }));
  if (!changes.length) return;
  // Memberships, departments and kinds together or not at all: if the recomputation fails, the
  // event-by-event retry finds the memberships unchanged and recomputes them again.
  await services.db.transaction(async (trx) => {
    const inTrx: Services = { ...services, db: trx };
    const changedChannels = [...new Set((await applyMembershipChanges(trx, teamId, changes)).map((c) => c.channelId))];
    if (!changedChannels.length) return;
    await refreshChannelDepartments(inTrx, teamId, changedChannels.map((id) => channels.get(id)!.name));
    await recomputeChannelKinds(inTrx, teamId, changedChannels);
  });
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

/** channel_rename that happened at `at` (the event's time); an older rename delivered late is ignored. */
export async function channelRenamed(services: Services, teamId: string, c: { id: string; name: string }, at: Date = services.now()): Promise<void> {
  const channel = await readableChannel(services, teamId, c.id);
  if (!channel) return;
  if (!(await renameChannel(services.db, teamId, c.id, c.name, at, services.now()))) return;
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
    await forgetDeactivatedPerson(services, teamId, user.id);
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
  /** message_changed: the message as it is now */
  message?: MessageMeta;
  /** message_deleted: the deleted message's ts */
  deleted_ts?: string;
}

type InteractionItem =
  | { teamId: string; kind: 'message'; message: MessageEvent }
  | { teamId: string; kind: 'edit'; channel: string; message: MessageMeta; at: Date }
  | { teamId: string; kind: 'delete'; channel: string; ts: string; at: Date }
  | { teamId: string; kind: 'reaction'; reaction: ReactionEvent; added: boolean };

/** One group-commit writer of interaction counts per database, like the membership writer. */
const interactionWriters = new WeakMap<Services, (item: InteractionItem) => Promise<Error | undefined>>();

function writeInteraction(services: Services, item: InteractionItem): Promise<Error | undefined> {
  let write = interactionWriters.get(services);
  if (!write) {
    write = groupCommit((items: InteractionItem[]) => perTeam(services, items, applyTeamInteractions), { maxBatch: 1000 });
    interactionWriters.set(services, write);
  }
  return write(item);
}

/**
 * A message in a readable channel: author → thread parent's author (reply) and → each mention.
 * An edit (message_changed) counts what the message says now: mentions removed by the edit are
 * un-counted, new ones counted. A deletion (message_deleted) un-counts the message's reply,
 * mentions and the reactions it had.
 */
export async function messagePosted(services: Services, teamId: string, m: MessageEvent): Promise<void> {
  if (m.channel_type && m.channel_type !== 'channel' && m.channel_type !== 'group') return;
  if (m.subtype === 'message_changed' && !m.message?.ts) return;
  if (m.subtype === 'message_deleted' && !m.deleted_ts) return;
  await lookUpChannelFirst(services, teamId, m.channel);
  let item: InteractionItem;
  if (m.subtype === 'message_changed') {
    item = { teamId, kind: 'edit', channel: m.channel, message: await withParentAuthor(services, teamId, m.channel, m.message!), at: eventTime(services, m.ts) };
  } else if (m.subtype === 'message_deleted') {
    item = { teamId, kind: 'delete', channel: m.channel, ts: m.deleted_ts!, at: eventTime(services, m.ts) };
  } else {
    item = { teamId, kind: 'message', message: { ...m, ...(await withParentAuthor(services, teamId, m.channel, m)) } };
  }
  const failure = await writeInteraction(services, item);
  if (failure) throw failure;
}

export interface ReactionEvent {
  user: string;
  reaction: string;
  item_user?: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts?: string;
}

/** reaction_added / reaction_removed on a message: reactor → the message's author. */
export async function reactionChanged(services: Services, teamId: string, e: ReactionEvent, added: boolean): Promise<void> {
  if (e.item.type !== 'message' || !e.item.channel || !e.item.ts || !e.item_user) return;
  await lookUpChannelFirst(services, teamId, e.item.channel);
  const failure = await writeInteraction(services, { teamId, kind: 'reaction', reaction: e, added });
  if (failure) throw failure;
}

type InteractionOp =
  | { op: 'add'; sources: InteractionSource[] }
  | { op: 'remove'; sources: InteractionSource[]; at: Date }
  /** make one message's counted sources equal `keep` (reactions on it stay unless `dropReactions`), as of `at` */
  | { op: 'rewrite'; channelId: string; ts: string; keep: InteractionSource[]; dropReactions: boolean; at: Date };

/**
 * Messages, edits, deletions and reactions of one workspace, in arrival order: settings, channels
 * and bots are read once for the batch; consecutive additions (or removals) are written with one
 * statement, so a reaction removed after it was added in the same batch is still un-counted after
 * it, and an edit or deletion applies after what came before it.
 */
async function applyTeamInteractions(services: Services, teamId: string, items: InteractionItem[]): Promise<void> {
  const { db } = services;
  const channelOf = (i: InteractionItem) => (i.kind === 'message' ? i.message.channel : i.kind === 'reaction' ? i.reaction.item.channel! : i.channel);
  const settings = await settingsFor(db, teamId);
  const channels = await readableChannels(services, teamId, items.map(channelOf), settings, { lookUp: false });
  // Thread parents were looked up before batching (withParentAuthor).
  const sourcesOf = async (channel: string, m: MessageMeta) => messageSources(channel, m, { isBot: () => false });
  const ops: InteractionOp[] = [];
  for (const i of items.filter((x) => channels.has(channelOf(x)))) {
    if (i.kind === 'message') ops.push({ op: 'add', sources: await sourcesOf(i.message.channel, i.message) });
    else if (i.kind === 'edit') {
      const keep = (await sourcesOf(i.channel, i.message)).map((s) => ({ ...s, at: i.at }));
      ops.push({ op: 'rewrite', channelId: i.channel, ts: i.message.ts, keep, dropReactions: false, at: i.at });
    } else if (i.kind === 'delete') ops.push({ op: 'rewrite', channelId: i.channel, ts: i.ts, keep: [], dropReactions: true, at: i.at });
    else {
      const e = i.reaction;
      const meta = { user: e.item_user, ts: e.item.ts!, reactions: [{ name: e.reaction, users: [e.user] }] };
      // A reaction happened when its event did (added back after a removal counts again).
      const at = eventTime(services, e.event_ts);
      const sources = reactionSources(e.item.channel!, meta, { isBot: () => false }).map((s) => ({ ...s, at }));
      ops.push(i.added ? { op: 'add', sources } : { op: 'remove', sources, at });
    }
  }
  const people = new Set(ops.flatMap((o) => (o.op === 'rewrite' ? o.keep : o.sources).flatMap((s) => [s.actorId, s.targetId])));
  const bots = await botIdsAmong(db, teamId, [...people]);
  const human = (sources: InteractionSource[]) => sources.filter((s) => !bots.has(s.actorId) && !bots.has(s.targetId));
  // Consecutive additions are recorded with one statement; each removal keeps its own time.
  let run: InteractionSource[] = [];
  const flushRun = async () => {
    if (run.length) await recordInteractions(db, teamId, run);
    run = [];
  };
  for (const o of ops) {
    if (o.op === 'rewrite') {
      await flushRun();
      // An edit older than one already applied (delivered out of order) changes nothing.
      if (!o.dropReactions && !(await markMessageEdited(db, teamId, { channelId: o.channelId, ts: o.ts, day: dayOfTs(o.ts) }, o.at))) continue;
      const keep = human(o.keep);
      const wanted = new Set(keep.map((s) => s.source));
      const counted = await countedSourcesOfMessage(db, teamId, { channelId: o.channelId, ts: o.ts, day: dayOfTs(o.ts) });
      const stale = counted.filter((c) => !wanted.has(c.source) && (o.dropReactions || c.kind !== 'reaction'));
      if (stale.length) await forgetInteractions(db, teamId, stale, o.at);
      if (o.dropReactions) await tombstoneMessage(db, teamId, { channelId: o.channelId, ts: o.ts, day: dayOfTs(o.ts) }, o.at);
      if (keep.length) await recordInteractions(db, teamId, keep);
    } else if (o.op === 'remove') {
      await flushRun();
      await forgetInteractions(db, teamId, human(o.sources), o.at);
    } else run.push(...human(o.sources));
  }
  await flushRun();
}

async function threadParentAuthor(services: Services, teamId: string, channelId: string, threadTs: string): Promise<string | undefined> {
  const client = await services.slackFor(teamId);
  if (!client) return undefined;
  const res = await client.conversations.replies({ channel: channelId, ts: threadTs, limit: 1 });
  return (res.messages?.[0] as { user?: string } | undefined)?.user;
}
