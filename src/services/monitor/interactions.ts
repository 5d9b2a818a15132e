/**
 * Messages (posted, edited, deleted) and reactions, counted as interactions through the ledger by
 * group commit. Message text is read for mentions only, never stored or logged.
 */
import { dayOfTs, type MessageMeta } from '../../domain/interactions';
import {
  countedSourcesOfMessage,
  forgetInteractions,
  markMessageEdited,
  recordInteractions,
  tombstoneMessage,
  type InteractionSource,
} from '../../store/interactions';
import { botIdsAmong } from '../../store/members';
import { settingsFor } from '../../store/settings';
import type { Services } from '../context';
import { groupCommit } from '../groupCommit';
import { messageSources, reactionSources } from '../interactionSources';
import { channelDescribed } from './channels';
import { eventTime, lookUpChannelFirst, perTeam, readableChannels } from './shared';

/** A thread reply without parent_user_id gets its parent's author (conversations.replies) before batching. */
async function withParentAuthor(
  services: Services,
  teamId: string,
  channel: string,
  m: MessageMeta,
): Promise<MessageMeta> {
  if (!m.thread_ts || m.thread_ts === m.ts || m.parent_user_id) return m;
  const parent = await threadParentAuthor(services, teamId, channel, m.thread_ts);
  return parent ? { ...m, parent_user_id: parent } : m;
}

export interface MessageEvent extends MessageMeta {
  channel: string;
  channel_type?: string;
  /** message_changed: the message as it is now */
  message?: MessageMeta;
  /** message_deleted: the deleted message's ts */
  deleted_ts?: string;
  /** channel_purpose / channel_topic (group_purpose / group_topic): the channel's new purpose or topic */
  purpose?: string;
  topic?: string;
}

/** Message subtypes that change a channel's description, and the field they set. */
const DESCRIPTION_SUBTYPES: Record<string, 'purpose' | 'topic'> = {
  channel_purpose: 'purpose',
  group_purpose: 'purpose',
  channel_topic: 'topic',
  group_topic: 'topic',
};

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
    write = groupCommit((items: InteractionItem[]) => perTeam(services, items, applyTeamInteractions), {
      maxBatch: 1000,
    });
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
  const described = m.subtype ? DESCRIPTION_SUBTYPES[m.subtype] : undefined;
  // a new purpose or topic is no interaction: it is stored, and its words may change the channel's kind
  if (described) return channelDescribed(services, teamId, m.channel, { [described]: m[described] ?? '' });
  await lookUpChannelFirst(services, teamId, m.channel);
  let item: InteractionItem;
  if (m.subtype === 'message_changed') {
    item = {
      teamId,
      kind: 'edit',
      channel: m.channel,
      message: await withParentAuthor(services, teamId, m.channel, m.message!),
      at: eventTime(services, m.ts),
    };
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
export async function reactionChanged(
  services: Services,
  teamId: string,
  e: ReactionEvent,
  added: boolean,
): Promise<void> {
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
  const channelOf = (i: InteractionItem) =>
    i.kind === 'message' ? i.message.channel : i.kind === 'reaction' ? i.reaction.item.channel! : i.channel;
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
    } else if (i.kind === 'delete')
      ops.push({ op: 'rewrite', channelId: i.channel, ts: i.ts, keep: [], dropReactions: true, at: i.at });
    else {
      const e = i.reaction;
      const meta = { user: e.item_user, ts: e.item.ts!, reactions: [{ name: e.reaction, users: [e.user] }] };
      // A reaction happened when its event did (added back after a removal counts again).
      const at = eventTime(services, e.event_ts);
      const sources = reactionSources(e.item.channel!, meta, { isBot: () => false }).map((s) => ({ ...s, at }));
      ops.push(i.added ? { op: 'add', sources } : { op: 'remove', sources, at });
    }
  }
  const people = new Set(
    ops.flatMap((o) => (o.op === 'rewrite' ? o.keep : o.sources).flatMap((s) => [s.actorId, s.targetId])),
  );
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
      if (
        !o.dropReactions &&
        !(await markMessageEdited(db, teamId, { channelId: o.channelId, ts: o.ts, day: dayOfTs(o.ts) }, o.at))
      )
        continue;
      const keep = human(o.keep);
      const wanted = new Set(keep.map((s) => s.source));
      const counted = await countedSourcesOfMessage(db, teamId, {
        channelId: o.channelId,
        ts: o.ts,
        day: dayOfTs(o.ts),
      });
      const stale = counted.filter((c) => !wanted.has(c.source) && (o.dropReactions || c.kind !== 'reaction'));
      if (stale.length) await forgetInteractions(db, teamId, stale, o.at);
      if (o.dropReactions)
        await tombstoneMessage(db, teamId, { channelId: o.channelId, ts: o.ts, day: dayOfTs(o.ts) }, o.at);
      if (keep.length) await recordInteractions(db, teamId, keep);
    } else if (o.op === 'remove') {
      await flushRun();
      await forgetInteractions(db, teamId, human(o.sources), o.at);
    } else run.push(...human(o.sources));
  }
  await flushRun();
}

async function threadParentAuthor(
  services: Services,
  teamId: string,
  channelId: string,
  threadTs: string,
): Promise<string | undefined> {
  const client = await services.slackFor(teamId);
  if (!client) return undefined;
  const res = await client.conversations.replies({ channel: channelId, ts: threadTs, limit: 1 });
  return (res.messages?.[0] as { user?: string } | undefined)?.user;
}
