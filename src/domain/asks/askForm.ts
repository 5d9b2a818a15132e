/**
 * The ask modal's answer, validated: the topic (required, a few words that make at least one tag),
 * why (optional) and "someone outside my department". Markup is removed from what the asker typed,
 * so nothing shown to the person asked can mention or link anyone. Pure.
 */
import { cleanSentence } from '../passions/validation';
import type { SynonymTable } from '../passions/normalise';
import { askTopicTags } from './rankHelpers';

export const TOPIC_MAX = 80;
export const WHY_MAX = 500;

export type AskFormError =
  | 'topic_empty'
  | 'topic_too_long'
  | 'why_too_long'
  | 'already_open'
  | 'opted_out'
  | 'disabled'
  | 'unreadable';

export interface AskForm {
  topic: string;
  topicTags: string[];
  why: string | null;
  outsideDepartment: boolean;
}

export function readAskForm(
  input: { topic: string; why?: string | null; outside?: boolean },
  synonyms?: SynonymTable,
): { ok: true; form: AskForm } | { ok: false; error: AskFormError } {
  const topic = cleanSentence(input.topic ?? '');
  if (topic.length > TOPIC_MAX) return { ok: false, error: 'topic_too_long' };
  const topicTags = askTopicTags(topic, synonyms);
  if (!topic || !topicTags.length) return { ok: false, error: 'topic_empty' };
  const why = cleanSentence(input.why ?? '');
  if (why.length > WHY_MAX) return { ok: false, error: 'why_too_long' };
  return { ok: true, form: { topic, topicTags, why: why || null, outsideDepartment: Boolean(input.outside) } };
}
