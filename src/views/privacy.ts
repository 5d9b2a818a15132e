/** Views for a person's choices: /weaver help, confirmations, the forget modal and the "my data" DM. Pure. */
import type { KnownBlock, ModalView } from '@slack/types';
import { CALLBACKS } from './actionIds';
import { context, section } from './blocks';

export const WEAVER_HELP = [
  '*Weaver commands*',
  '• `/weaver passions` — share or update what you care about, what you could teach and what you’d like to learn',
  '• `/weaver ask kafka` — ask for an introduction to someone who could help with a topic; nobody is told who was asked',
  '• `/weaver pause 2w` — pause prompts and introductions (`3d`, `2w`, `1m`; up to a year); `/weaver resume` ends a pause',
  '• `/weaver optout` — Weaver stops contacting you and leaves you out of introductions; `/weaver optin` brings you back',
  '• `/weaver mydata` — I’ll send you everything Weaver stores about you',
  '• `/weaver forget` — delete your passions, introductions and interaction counts (asks first)',
  '• `/weaver help` — this list',
].join('\n');

export function helpText(problem?: string): string {
  return problem ? `${problem}\n\n${WEAVER_HELP}` : WEAVER_HELP;
}

export function forgetModal(): ModalView {
  const blocks: KnownBlock[] = [
    section(
      '*Forget me?*\nWeaver will delete your passions, your introductions history, the counts of who you replied to, mentioned or reacted to, and your member record. This cannot be undone.',
    ),
    context('Weaver will also stop contacting you. `/weaver optin` brings you back any time.'),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACKS.forgetModal,
    title: { type: 'plain_text', text: 'Forget me' },
    submit: { type: 'plain_text', text: 'Delete my data' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

export const FORGOTTEN_TEXT =
  'Done: Weaver has deleted everything it stored about you and will not contact you again. `/weaver optin` brings you back.';

export const FORGET_FAILED_TEXT =
  'Sorry, deleting your data failed and nothing was deleted. Please try `/weaver forget` again in a moment.';

/** What the forget modal turns into after the person confirmed. */
export function forgetResultModal(text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Forget me' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [section(text)],
  };
}

export function myDataMessage(): { text: string } {
  return {
    text: 'Here is everything Weaver stores about you, as JSON. Message text is never stored. `/weaver forget` deletes it.',
  };
}

export function choiceConfirmation(choice: 'paused' | 'resumed' | 'opted_out' | 'opted_in', until?: string): string {
  switch (choice) {
    case 'paused':
      return `Paused until ${until}. No prompts or introductions until then; \`/weaver resume\` ends the pause early.`;
    case 'resumed':
      return 'Welcome back: prompts and introductions are on again.';
    case 'opted_out':
      return 'You’re opted out: Weaver won’t prompt you or include you in introductions. Your passions stay until you `/weaver forget`; `/weaver optin` brings you back.';
    case 'opted_in':
      return 'You’re in! Weaver may prompt you for your passions and suggest introductions again.';
  }
}
