/**
 * The passions modal: passions, "I could teach…" and "I'd like to learn…" each as a typeahead
 * (multi_external_select, answered by the options listener) plus a free-text field for tags
 * that do not exist yet, and an optional sentence "what lights me up". Pure.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Passion } from '../domain/passions/normalise';
import {
  MAX_LIGHTS_ME_UP_LENGTH,
  MAX_TAGS_PER_LIST,
  MAX_TYPED_LENGTH,
  type Field,
  type ListName,
} from '../domain/passions/validation';
import { ACTIONS, CALLBACKS } from './actionIds';
import { context } from './blocks';
import { LIMITS, clamp } from './limits';
import { WHO_SEES_ANSWERS } from './passionPrompt';

/** block_id and action_id of each field; the listener reads values and maps errors back through this. */
export const PASSION_FIELDS: Record<Field, { blockId: string; actionId: string }> = {
  tags: { blockId: 'passions_tags', actionId: ACTIONS.passionTagsOptions },
  tagsText: { blockId: 'passions_tags_new', actionId: 'tags_text' },
  teach: { blockId: 'passions_teach', actionId: ACTIONS.teachTagsOptions },
  teachText: { blockId: 'passions_teach_new', actionId: 'teach_text' },
  learn: { blockId: 'passions_learn', actionId: ACTIONS.learnTagsOptions },
  learnText: { blockId: 'passions_learn_new', actionId: 'learn_text' },
  lightsMeUp: { blockId: 'passions_lights', actionId: 'lights_text' },
};

export interface PassionsModalModel {
  current: { tags: Passion[]; teach: Passion[]; learn: Passion[]; lightsMeUp: string | null } | null;
  /** the prompt this modal answers, if it was opened from one */
  promptKey?: string;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** One option per tag: the value is the person's wording (normalised again on submit). */
export function tagOption(label: string, text = label): PlainTextOption {
  return { text: plain(clamp(text, LIMITS.optionText)), value: clamp(label, LIMITS.optionValue) };
}

function selectBlock(list: ListName, label: string, placeholder: string, current: Passion[]): InputBlock {
  const f = PASSION_FIELDS[list];
  return {
    type: 'input',
    block_id: f.blockId,
    optional: true,
    label: plain(label),
    element: {
      type: 'multi_external_select',
      action_id: f.actionId,
      min_query_length: 1,
      max_selected_items: MAX_TAGS_PER_LIST,
      placeholder: plain(placeholder),
      ...(current.length
        ? { initial_options: current.slice(0, MAX_TAGS_PER_LIST).map((p) => tagOption(p.label)) }
        : {}),
    },
  };
}

function textBlock(
  field: Field,
  label: string,
  placeholder: string,
  opts: { multiline?: boolean; max: number; hint?: string; initial?: string },
): InputBlock {
  const f = PASSION_FIELDS[field];
  return {
    type: 'input',
    block_id: f.blockId,
    optional: true,
    label: plain(label),
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: f.actionId,
      multiline: opts.multiline ?? false,
      max_length: opts.max,
      placeholder: plain(placeholder),
      ...(opts.initial ? { initial_value: opts.initial } : {}),
    },
  };
}

export function passionsModal(model: PassionsModalModel): ModalView {
  const c = model.current;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Pick from what colleagues already wrote, or add your own. A few words each is perfect.',
      },
    },
    selectBlock('tags', 'What are you passionate about?', 'Start typing: climbing, sourdough, Rust…', c?.tags ?? []),
    textBlock('tagsText', 'Something not in the list?', 'e.g. Rock climbing, jazz piano', {
      max: MAX_TYPED_LENGTH,
      hint: 'Separate several with commas.',
    }),
    selectBlock('teach', 'I could teach…', 'Start typing', c?.teach ?? []),
    textBlock('teachText', 'More I could teach', 'e.g. Excel tricks, knitting', { max: MAX_TYPED_LENGTH }),
    selectBlock('learn', 'I’d like to learn…', 'Start typing', c?.learn ?? []),
    textBlock('learnText', 'More I’d like to learn', 'e.g. public speaking', { max: MAX_TYPED_LENGTH }),
    // Slack adds "(optional)" to an optional field's label itself.
    textBlock('lightsMeUp', 'What lights you up?', 'One sentence, in your own words', {
      multiline: true,
      hint: 'Only you see this, under "See my data". Nobody else reads it, and it is not used to find matches.',
      max: MAX_LIGHTS_ME_UP_LENGTH,
      initial: c?.lightsMeUp ?? undefined,
    }),
    context(WHO_SEES_ANSWERS),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACKS.passionsModal,
    title: plain(clamp('Your passions', LIMITS.modalTitle)),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: clamp(JSON.stringify({ promptKey: model.promptKey ?? null }), LIMITS.privateMetadata),
    blocks,
  };
}

/** Slack's `response_action: errors` map: block_id → message. */
export function passionsModalErrors(errors: Partial<Record<Field, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as Array<[Field, string]>)
    out[PASSION_FIELDS[field].blockId] = message;
  return out;
}

/** Options for the typeahead: existing tags first, then what the person typed as a new tag. */
export function tagOptions(suggestions: Array<{ label: string }>, typed: string | null): PlainTextOption[] {
  const options = suggestions.map((s) => tagOption(s.label));
  if (typed) options.push(tagOption(typed, `${typed} (new)`));
  return options.slice(0, LIMITS.staticSelectOptions);
}
