/**
 * What a person may submit in the passions modal, and the per-field errors shown back in the
 * modal when it is not acceptable. Pure: the listener maps Slack's view state to
 * `PassionsSubmission`, this module decides, nothing is stored on an error.
 *
 * Rules: at least one passion, teach or learn entry; at most MAX_TAGS_PER_LIST per list (picked
 * plus typed); each tag at most MAX_TAG_LENGTH characters; no tag twice in one list (after
 * normalisation, so "Rock climbing" and "rock-climbers" count as the same); free text within its
 * limit; Slack markup and mentions are stripped so nothing typed here can ping or link anyone when
 * Weaver shows it again in an introduction.
 */
import { z } from 'zod';
import {
  MAX_TAG_LENGTH,
  type Passion,
  type SynonymTable,
  displayLabel,
  splitTagText,
  stripSlackMarkup,
  synonymTable,
  toPassion,
} from './normalise';

export const MAX_TAGS_PER_LIST = 10;
export const MAX_TYPED_LENGTH = 500;
export const MAX_LIGHTS_ME_UP_LENGTH = 280;

export const LISTS = ['tags', 'teach', 'learn'] as const;
export type ListName = (typeof LISTS)[number];
export type Field = ListName | 'tagsText' | 'teachText' | 'learnText' | 'lightsMeUp';

const list = z.array(z.string()).max(100).default([]);
const typed = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

/** The modal's values as the listener reads them: picked option values and typed text per list. */
export const passionsSubmissionSchema = z.object({
  tags: list,
  tagsText: typed,
  teach: list,
  teachText: typed,
  learn: list,
  learnText: typed,
  lightsMeUp: typed,
});
export type PassionsSubmission = z.input<typeof passionsSubmissionSchema>;

export interface PassionsAnswer {
  tags: Passion[];
  teach: Passion[];
  learn: Passion[];
  lightsMeUp: string | null;
}

export type ValidationResult =
  | { ok: true; answer: PassionsAnswer }
  | { ok: false; errors: Partial<Record<Field, string>> };

const WHAT: Record<ListName, string> = {
  tags: 'passions',
  teach: 'things you could teach',
  learn: 'things you would like to learn',
};

/** Neutralised free text: no markup, no mentions, single spaces. */
export function cleanSentence(text: string): string {
  return stripSlackMarkup(text).replace(/\s+/g, ' ').trim();
}

export function validatePassions(input: PassionsSubmission, synonyms: SynonymTable = synonymTable()): ValidationResult {
  const parsed = passionsSubmissionSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, errors: { tags: 'Something went wrong reading the form. Please try again.' } };
  const values = parsed.data;
  const errors: Partial<Record<Field, string>> = {};
  const answer: PassionsAnswer = { tags: [], teach: [], learn: [], lightsMeUp: null };

  for (const name of LISTS) {
    const textField = `${name}Text` as Field;
    const typedText = values[textField as 'tagsText'];
    if (typedText.length > MAX_TYPED_LENGTH) {
      errors[textField] = `Please keep this under ${MAX_TYPED_LENGTH} characters.`;
      continue;
    }
    const entries = [
      ...values[name].map((raw) => ({ raw, field: name as Field })),
      ...splitTagText(typedText).map((raw) => ({ raw, field: textField })),
    ];
    const seen = new Map<string, string>();
    for (const { raw, field } of entries) {
      if (cleanSentence(raw).length > MAX_TAG_LENGTH) {
        errors[field] ??=
          `“${displayLabel(raw).slice(0, 30)}…” is too long: keep each one to ${MAX_TAG_LENGTH} characters (separate several with commas).`;
        continue;
      }
      const passion = toPassion(raw, synonyms);
      if (!passion) continue;
      const earlier = seen.get(passion.tag);
      if (earlier !== undefined) {
        errors[field] ??=
          earlier === passion.label
            ? `“${passion.label}” is listed twice.`
            : `“${earlier}” and “${passion.label}” are the same thing: keep one.`;
        continue;
      }
      seen.set(passion.tag, passion.label);
      answer[name].push(passion);
    }
    if (answer[name].length > MAX_TAGS_PER_LIST) {
      const field: Field = typedText.trim() ? textField : name;
      errors[field] ??=
        `At most ${MAX_TAGS_PER_LIST} ${WHAT[name]}, please: pick the ones that matter most to you (you have ${answer[name].length}).`;
    }
  }

  if (values.lightsMeUp.length > MAX_LIGHTS_ME_UP_LENGTH) {
    errors.lightsMeUp = `Please keep this to ${MAX_LIGHTS_ME_UP_LENGTH} characters (you have ${values.lightsMeUp.length}).`;
  } else {
    answer.lightsMeUp = cleanSentence(values.lightsMeUp) || null;
  }

  if (!Object.keys(errors).length && !answer.tags.length && !answer.teach.length && !answer.learn.length) {
    errors.tags = 'Add at least one passion, or something you could teach or would like to learn.';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answer };
}
