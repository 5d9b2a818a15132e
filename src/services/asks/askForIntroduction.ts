/**
 * "Ask for an introduction": the modal's answer is checked and stored (one open ask per asker),
 * then — after Slack has its ack — the asker is told we are looking and the search asks the first
 * person (src/services/asks/search.ts). The `ask.next` job does the same first step if this process
 * stops in between.
 */
import { readAskForm, type AskFormError } from '../../domain/asks/askForm';
import { ensureMember } from '../../store/members';
import { askById, openAskOf } from '../../store/asks';
import { memberFlags } from '../../store/home';
import { settingsFor } from '../../store/settings';
import { askReceivedMessage } from '../../views/askMessages';
import type { Services } from '../context';
import { synonymsFor } from '../passions';
import { openAskWithFirstStep, searchAndAsk } from './search';
import { slackClient } from '../intros/slackClient';

export type SubmitAskResult = { ok: true; askId: number } | { ok: false; error: AskFormError; openTopic?: string };

export async function submitAsk(
  services: Services,
  teamId: string,
  userId: string,
  input: { topic: string; why?: string | null; outside?: boolean },
): Promise<SubmitAskResult> {
  const settings = await settingsFor(services.db, teamId);
  if (!settings.asks.enabled) return { ok: false, error: 'disabled' };
  if ((await memberFlags(services.db, teamId, userId))?.optedOut) return { ok: false, error: 'opted_out' };
  const read = readAskForm(input, await synonymsFor(services, teamId));
  if (!read.ok) return read;
  const now = services.now();
  const askId = await services.db.transaction(async (trx) => {
    await ensureMember(trx, { teamId, userId });
    return openAskWithFirstStep(trx, { teamId, askerId: userId, kind: 'ask', ...read.form, createdAt: now });
  });
  if (askId === null) {
    const open = await openAskOf(services.db, teamId, userId);
    return { ok: false, error: 'already_open', openTopic: open?.topic };
  }
  services.logger.info({ teamId, askId, tags: read.form.topicTags.length }, 'ask received');
  return { ok: true, askId };
}

/** After the ack: "I'm looking", then the first step of the search (its DM included). */
export async function afterAskSubmitted(services: Services, teamId: string, askId: number): Promise<void> {
  const ask = await askById(services.db, teamId, askId);
  if (!ask) return;
  const m = askReceivedMessage(ask.topic);
  await (await slackClient(services, teamId)).chat.postMessage({
    channel: ask.askerId,
    text: m.text,
    blocks: m.blocks,
  });
  await searchAndAsk(services, teamId, askId, 0);
}
