/** Passions use cases: the modal's current values, typeahead suggestions, and saving a submission. */
import {
  MAX_TAG_LENGTH,
  displayLabel,
  foldText,
  normaliseTag,
  synonymTable,
  type SynonymTable,
} from '../domain/passions/normalise';
import {
  cleanSentence,
  validatePassions,
  type PassionsSubmission,
  type ValidationResult,
} from '../domain/passions/validation';
import {
  passionsOf,
  savePassions,
  tagSuggestions,
  workspaceSynonyms,
  type PassionsRecord,
  type TagSuggestion,
} from '../store/passions';
import { ensureMember } from '../store/members';
import { markPromptsAnswered } from '../store/prompts';
import type { WebClient } from '@slack/web-api';
import { promptAnsweredMessage } from '../views/passionPrompt';
import { publishHome } from './home/page';
import type { Services } from './context';

export const SUGGESTION_LIMIT = 20;

export async function synonymsFor(services: Services, teamId: string): Promise<SynonymTable> {
  return synonymTable(await workspaceSynonyms(services.db, teamId));
}

export async function currentPassions(
  services: Services,
  teamId: string,
  userId: string,
): Promise<PassionsRecord | null> {
  return passionsOf(services.db, teamId, userId);
}

/**
 * Typeahead for the modal: existing tags ranked by prefix match then popularity, and the typed text
 * offered as a new tag when no existing tag is exactly it.
 */
export async function suggestTags(
  services: Services,
  teamId: string,
  query: string,
): Promise<{ suggestions: TagSuggestion[]; typed: string | null }> {
  const folded = foldText(query);
  if (!folded) return { suggestions: [], typed: null };
  const suggestions = await tagSuggestions(services.db, teamId, folded, SUGGESTION_LIMIT);
  const typedTag = normaliseTag(query, await synonymsFor(services, teamId));
  const label = displayLabel(query);
  const exists = suggestions.some((s) => s.tag === typedTag);
  // a typed text too long to be a tag is not offered (the free-text field explains the limit)
  const fits = cleanSentence(query).length <= MAX_TAG_LENGTH;
  return { suggestions, typed: !exists && fits && typedTag && label ? label : null };
}

export type SubmitResult = ValidationResult & { answeredPrompts?: Array<{ channelId: string; messageTs: string }> };

/** Validates and, only when everything is acceptable, stores the person's passions (normalised tags, their wording kept). */
export async function submitPassions(
  services: Services,
  teamId: string,
  userId: string,
  submission: PassionsSubmission,
): Promise<SubmitResult> {
  const result = validatePassions(submission, await synonymsFor(services, teamId));
  if (!result.ok) return result;
  const now = services.now();
  const answeredPrompts = await services.db.transaction(async (trx) => {
    await ensureMember(trx, { teamId, userId });
    await savePassions(trx, teamId, userId, result.answer, now);
    return markPromptsAnswered(trx, teamId, userId, now);
  });
  services.logger.info(
    { teamId, tags: result.answer.tags.length, teach: result.answer.teach.length, learn: result.answer.learn.length },
    'passions saved',
  );
  return { ...result, answeredPrompts };
}

/** After a save: the prompt DMs it answered lose their buttons and say thanks, and the Home tab shows the new passions. */
export async function showPassionsSaved(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  answeredPrompts: Array<{ channelId: string; messageTs: string }> = [],
): Promise<void> {
  const thanks = promptAnsweredMessage('shared');
  for (const m of answeredPrompts) {
    await client.chat
      .update({ channel: m.channelId, ts: m.messageTs, text: thanks.text, blocks: thanks.blocks })
      .catch((err) => {
        services.logger.warn({ teamId, err: (err as Error).message }, 'could not update an answered prompt');
      });
  }
  await publishHome(services, client, teamId, userId);
}
