/**
 * Turning one Slack message into interactions: who replied to, mentioned or reacted to whom.
 * The single definition used by live events, history back-fill and workspace-export import.
 * Only ids leave this function; the text is read to find `<@U…>` mentions and then dropped.
 */
import { isoDay } from './format';

export type InteractionKind = 'reply' | 'mention' | 'reaction';

export interface Interaction {
  actor: string;
  target: string;
  kind: InteractionKind;
}

export interface MessageMeta {
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  reactions?: Array<{ name?: string; users?: string[]; count?: number }>;
}

/** Subtypes that are people talking. Everything else (joins, leaves, topic changes, bots, tombstones) is ignored. */
const CONVERSATIONAL_SUBTYPES = new Set([undefined, '', 'thread_broadcast', 'file_share', 'me_message']);

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

export function isConversational(m: Pick<MessageMeta, 'subtype' | 'bot_id' | 'user'>): boolean {
  return !m.bot_id && Boolean(m.user) && CONVERSATIONAL_SUBTYPES.has(m.subtype);
}

/** The ids mentioned in a message's text, each once. */
export function mentionedUsers(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1]))];
}

/** True when the message is a reply inside a thread (not the thread's parent). */
export function isThreadReply(m: Pick<MessageMeta, 'ts' | 'thread_ts'>): boolean {
  return Boolean(m.thread_ts) && m.thread_ts !== m.ts;
}

/**
 * Interactions authored by a message:
 * - reply: author → the thread parent's author (`parent_user_id`, or `parentAuthor` when the caller knows it);
 * - mention: author → each `<@U…>` in the text;
 * - reaction: each reactor → the message's author (from the `reactions` array of exports and history).
 * Bots (by `bot_id` or `isBot`) and self-interactions are left out.
 */
export function interactionsFromMessage(
  m: MessageMeta,
  opts: { isBot?: (userId: string) => boolean; parentAuthor?: string; includeReactions?: boolean } = {},
): Interaction[] {
  const isBot = opts.isBot ?? (() => false);
  const out: Interaction[] = [];
  const add = (actor: string | undefined, target: string | undefined, kind: InteractionKind) => {
    if (!actor || !target || actor === target || isBot(actor) || isBot(target)) return;
    out.push({ actor, target, kind });
  };
  if (isConversational(m)) {
    const author = m.user!;
    if (isThreadReply(m)) add(author, m.parent_user_id ?? opts.parentAuthor, 'reply');
    for (const target of mentionedUsers(m.text)) add(author, target, 'mention');
  }
  if (opts.includeReactions !== false && m.user && !m.bot_id) {
    for (const r of m.reactions ?? []) for (const reactor of new Set(r.users ?? [])) add(reactor, m.user, 'reaction');
  }
  return out;
}

/** The UTC day (YYYY-MM-DD) of a Slack ts; interaction counts are aggregated per day. */
export function dayOfTs(ts: string): string {
  return isoDay(Math.floor(Number.parseFloat(ts) * 1000));
}
