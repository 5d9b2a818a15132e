/**
 * One message (from history, a live event or a reaction event) → the interaction sources the
 * ledger counts (src/store/interactions.ts). Sync and monitoring both use this, so the same
 * message always yields the same keys and is counted once whichever road it came by.
 * Keys hold ids only: `<channel>:<ts>:reply|mention:<target>` and
 * `<channel>:<ts>:reaction:<reactor>:<emoji>`. A reaction counts on the day of the message it is on.
 */
import { dayOfTs, interactionsFromMessage, type MessageMeta } from '../domain/interactions';
import type { InteractionSource } from '../store/interactions';

/** A Slack ts as the time the interaction happened (for the out-of-order guard of the ledger). */
function timeOfTs(ts: string): Date {
  return new Date(Math.floor(Number.parseFloat(ts) * 1000));
}

export interface SourceOptions {
  isBot: (userId: string) => boolean;
  /** author of the thread parent when the message does not carry parent_user_id */
  parentAuthor?: string;
}

/** Replies and mentions a message makes (no reactions). */
export function messageSources(channelId: string, m: MessageMeta, opts: SourceOptions): InteractionSource[] {
  const day = dayOfTs(m.ts);
  return interactionsFromMessage(m, {
    isBot: opts.isBot,
    parentAuthor: opts.parentAuthor,
    includeReactions: false,
  }).map((i) => ({
    source: `${channelId}:${m.ts}:${i.kind}:${i.target}`,
    day,
    at: timeOfTs(m.ts),
    channelId,
    actorId: i.actor,
    targetId: i.target,
    kind: i.kind,
  }));
}

/** Reactions on a message: each reactor → the author, once per emoji. */
export function reactionSources(
  channelId: string,
  m: Pick<MessageMeta, 'user' | 'bot_id' | 'ts' | 'reactions'>,
  opts: Pick<SourceOptions, 'isBot'>,
): InteractionSource[] {
  const day = dayOfTs(m.ts);
  const out: InteractionSource[] = [];
  for (const r of m.reactions ?? []) {
    const emoji = r.name ?? '';
    // Only the reaction part of the definition: a bare message by the same author carrying this one reaction.
    const found = interactionsFromMessage(
      { user: m.user, bot_id: m.bot_id, ts: m.ts, reactions: [r] },
      { isBot: opts.isBot },
    );
    for (const i of found) {
      out.push({
        source: `${channelId}:${m.ts}:reaction:${i.actor}:${emoji}`,
        day,
        channelId,
        actorId: i.actor,
        targetId: i.target,
        kind: 'reaction',
        at: timeOfTs(m.ts),
      });
    }
  }
  return out;
}

/** Everything a history message yields. */
export function allSources(channelId: string, m: MessageMeta, opts: SourceOptions): InteractionSource[] {
  return [...messageSources(channelId, m, opts), ...reactionSources(channelId, m, opts)];
}
