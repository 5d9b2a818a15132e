/** Passion prompts sent: one row per prompt (reminders counted in `sends`), and when it was answered. */
import type { Knex } from 'knex';

export interface PromptRecord {
  promptKey: string;
  userId: string;
  kind: string;
  sends: number;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  answeredAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
}

export async function promptRecord(db: Knex, teamId: string, promptKey: string): Promise<PromptRecord | null> {
  const r = await db('passion_prompts').where({ team_id: teamId, prompt_key: promptKey }).first();
  if (!r) return null;
  return {
    promptKey: r.prompt_key,
    userId: r.user_id,
    kind: r.kind,
    sends: r.sends,
    firstSentAt: r.first_sent_at,
    lastSentAt: r.last_sent_at,
    answeredAt: r.answered_at,
    channelId: r.channel_id,
    messageTs: r.message_ts,
  };
}

/** Records that send number `sends` (1 = the prompt, 2.. = reminders) of a prompt went out. */
export async function recordPromptSent(
  db: Knex,
  p: {
    teamId: string;
    promptKey: string;
    userId: string;
    kind: string;
    sends: number;
    at: Date;
    channelId: string;
    messageTs: string;
  },
): Promise<void> {
  await db('passion_prompts')
    .insert({
      team_id: p.teamId,
      prompt_key: p.promptKey,
      user_id: p.userId,
      kind: p.kind,
      sends: p.sends,
      first_sent_at: p.at,
      last_sent_at: p.at,
      channel_id: p.channelId,
      message_ts: p.messageTs,
    })
    .onConflict(['team_id', 'prompt_key'])
    .merge({
      sends: db.raw('greatest(passion_prompts.sends, excluded.sends)'),
      last_sent_at: p.at,
      channel_id: p.channelId,
      message_ts: p.messageTs,
    });
}

/** Marks every unanswered prompt of the person as answered (they shared or updated their passions); returns those prompts' DMs. */
export async function markPromptsAnswered(
  db: Knex,
  teamId: string,
  userId: string,
  at: Date,
): Promise<Array<{ channelId: string; messageTs: string }>> {
  const rows = await db('passion_prompts')
    .where({ team_id: teamId, user_id: userId })
    .whereNull('answered_at')
    .whereNotNull('first_sent_at')
    .update({ answered_at: at })
    .returning(['channel_id', 'message_ts']);
  return rows
    .filter((r: { channel_id: string | null; message_ts: string | null }) => r.channel_id && r.message_ts)
    .map((r: { channel_id: string; message_ts: string }) => ({ channelId: r.channel_id, messageTs: r.message_ts }));
}

export async function promptCounts(
  db: Knex,
  teamId: string,
): Promise<{ sent: number; answered: number; people: number }> {
  const row = await db('passion_prompts')
    .where({ team_id: teamId })
    .where('sends', '>', 0)
    .first(
      db.raw('count(*) as sent'),
      db.raw('count(answered_at) as answered'),
      db.raw('count(distinct user_id) as people'),
    );
  return { sent: Number(row?.sent ?? 0), answered: Number(row?.answered ?? 0), people: Number(row?.people ?? 0) };
}
