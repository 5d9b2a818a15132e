/**
 * The passion prompt: a short, warm DM with one button to share, "Not now" and "Don't ask again".
 * Pure: prompt kind and reminder number in, message (fallback text + blocks) out.
 */
import type { KnownBlock } from '@slack/types';
import type { PromptKind } from '../domain/prompts';
import { ACTIONS } from './actionIds';
import { actions, button, context, section } from './blocks';

export interface PassionPromptModel {
  kind: PromptKind;
  /** 0 for the prompt itself, 1.. for reminders */
  reminder: number;
  promptKey: string;
}

export const WHO_SEES_ANSWERS =
  'Who sees this: only people Weaver introduces you to, and only the passions you share with them. Leads see counts, never names.';

function opening(m: PassionPromptModel): string {
  if (m.reminder > 0) return 'A gentle nudge from Weaver :seedling: in case my last message got buried.';
  if (m.kind === 'welcome')
    return 'Welcome aboard! :wave: I’m Weaver: I help people meet colleagues from other teams who care about the same things.';
  if (m.kind === 'refresh')
    return 'Hi again :wave: it’s been a while since you told me what you care about. Still true, or has something new caught your eye?';
  return 'Hi :wave: I’m Weaver: I help people meet colleagues from other teams who care about the same things.';
}

export function passionPromptMessage(m: PassionPromptModel): { text: string; blocks: KnownBlock[] } {
  const ask =
    m.kind === 'refresh'
      ? 'Updating your passions takes a minute.'
      : 'What are you passionate about, at work or outside it? Anything you could teach, or would love to learn? It takes about a minute.';
  const text = `${opening(m)} ${ask}`;
  return {
    text,
    blocks: [
      section(`${opening(m)}\n\n${ask}`),
      actions(
        'passion_prompt',
        button(
          m.kind === 'refresh' ? 'Update my passions' : 'Share my passions',
          ACTIONS.openPassions,
          m.promptKey,
          'primary',
        ),
        button('Not now', ACTIONS.promptNotNow, m.promptKey),
        button('Don’t ask again', ACTIONS.promptStop, m.promptKey),
      ),
      context(WHO_SEES_ANSWERS),
    ],
  };
}

/** What replaces the prompt after "Not now", "Don't ask again" or sharing (no buttons left to press twice). */
export function promptAnsweredMessage(
  choice: 'not_now' | 'stop' | 'shared',
  until?: string,
): { text: string; blocks: KnownBlock[] } {
  const text =
    choice === 'not_now'
      ? `No problem, I’ll check back in two weeks${until ? ` (around ${until})` : ''}. You can share any time with \`/weaver passions\`.`
      : choice === 'stop'
        ? 'Understood, I won’t ask again. If you change your mind, `/weaver passions` or the Home tab are always there.'
        : 'Thank you! :sparkles: I’ll keep an eye out for people across teams who share what you care about. Update it any time with `/weaver passions`.';
  return { text, blocks: [section(text)] };
}
