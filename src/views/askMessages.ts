/**
 * Everything people read about an ask ("who could help me with X?") and a newcomer's welcome
 * introduction: the modal, the private request to the person asked, the answers to the asker, and
 * the group DM's first lines. Pure.
 *
 * What each person learns: the asker hears only "we found someone" or "no one is available right
 * now"; never who was asked, who said no, or how many. The person asked reads who asks, what about,
 * in the asker's own words, and that nobody will be told if they say no.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { TOPIC_MAX as ASK_TOPIC_MAX, WHY_MAX as ASK_WHY_MAX, type AskFormError } from '../domain/asks/askForm';
import { ACTIONS, CALLBACKS } from './actionIds';
import { actions, button, context, section } from './blocks';
import type { SlackMessage } from './introMessages';
import { LIMITS, clamp, escapeMrkdwn } from './limits';

export const ASK_FIELDS = {
  topic: { blockId: 'ask_topic', actionId: 'topic' },
  why: { blockId: 'ask_why', actionId: 'why' },
  outside: { blockId: 'ask_outside', actionId: 'outside' },
} as const;

const quoted = (words: string): string => `“${escapeMrkdwn(words)}”`;
const msg = (text: string, blocks: KnownBlock[]): SlackMessage => ({ text: clamp(text, LIMITS.messageText), blocks });

export function askModal(o: { topic?: string } = {}): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.askModal,
    title: { type: 'plain_text', text: 'Ask for an introduction' },
    submit: { type: 'plain_text', text: 'Ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        'Weaver will privately ask someone who knows about it — one person at a time — and open a group DM with you both when they say yes. Nobody is told who was asked or who said no.',
      ),
      {
        type: 'input',
        block_id: ASK_FIELDS.topic.blockId,
        label: { type: 'plain_text', text: 'What would you like to learn or talk about?' },
        hint: { type: 'plain_text', text: 'A few words, e.g. Kafka, public speaking, sourdough' },
        element: {
          type: 'plain_text_input',
          action_id: ASK_FIELDS.topic.actionId,
          max_length: ASK_TOPIC_MAX,
          ...(o.topic ? { initial_value: clamp(o.topic, ASK_TOPIC_MAX) } : {}),
        },
      },
      {
        type: 'input',
        block_id: ASK_FIELDS.why.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Why? (the person asked reads this)' },
        element: {
          type: 'plain_text_input',
          action_id: ASK_FIELDS.why.actionId,
          multiline: true,
          max_length: ASK_WHY_MAX,
        },
      },
      {
        type: 'input',
        block_id: ASK_FIELDS.outside.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Who' },
        element: {
          type: 'checkboxes',
          action_id: ASK_FIELDS.outside.actionId,
          options: [{ text: { type: 'plain_text', text: 'Someone outside my department' }, value: 'outside' }],
        },
      },
    ],
  };
}

/** Field errors of the ask modal, keyed by block id. */
export function askModalErrors(error: AskFormError, openTopic?: string): Record<string, string> {
  const onTopic = (text: string) => ({ [ASK_FIELDS.topic.blockId]: text });
  switch (error) {
    case 'topic_empty':
      return onTopic(
        'Tell me what you’d like to learn or talk about, in a few words (like “Kafka” or “public speaking”).',
      );
    case 'topic_too_long':
      return onTopic(`Please keep the topic to ${ASK_TOPIC_MAX} characters; say more under “Why?”.`);
    case 'why_too_long':
      return { [ASK_FIELDS.why.blockId]: `Please keep this to ${ASK_WHY_MAX} characters.` };
    case 'already_open':
      return onTopic(
        `You already have a question waiting${openTopic ? ` (about “${openTopic}”)` : ''}. I’ll tell you as soon as there is news — one at a time keeps helpers from being flooded.`,
      );
    case 'opted_out':
      return onTopic('You have opted out of Weaver, so I can’t ask anyone for you. `/weaver optin` turns it back on.');
    case 'disabled':
      return onTopic(
        'Asking for introductions is turned off in this workspace. A lead can turn it on in the settings.',
      );
    default:
      return onTopic('Something went wrong reading the form. Please try again.');
  }
}

export interface AskRequestModel {
  askId: number;
  kind: 'ask' | 'welcome';
  askerId: string;
  askerDepartment: string | null;
  topic: string;
  why: string | null;
  /** the reader's own tag that matched, and how */
  matched: { tag: string; via: 'teach' | 'passion' } | null;
}

/** The private request to the person asked: who asks, what about, in the asker's own words. */
export function askRequestMessage(m: AskRequestModel): SlackMessage {
  const id = String(m.askId);
  const from = m.askerDepartment ? ` from ${escapeMrkdwn(m.askerDepartment)}` : '';
  const lead =
    m.kind === 'welcome'
      ? `:wave: <@${m.askerId}>${from} joined recently. You both love ${escapeMrkdwn(m.matched?.tag ?? m.topic)} — would you like to say hello?`
      : `:raising_hand: <@${m.askerId}>${from} is looking for someone who could help with ${quoted(m.topic)}.`;
  const words = m.why ? `\n>${escapeMrkdwn(m.why).replace(/\n/g, '\n>')}` : '';
  const because = m.matched
    ? m.matched.via === 'teach'
      ? `I thought of you because you could teach ${escapeMrkdwn(m.matched.tag)}. `
      : `I thought of you because you love ${escapeMrkdwn(m.matched.tag)}. `
    : '';
  return msg(lead.replace(/[*_]/g, ''), [
    section(`${lead}${words}`),
    context(
      `${because}If you say yes, I’ll open a group DM with you both. If not, nobody is told — not even that you were asked.`,
    ),
    actions(
      `ask:${id}`,
      button(m.kind === 'welcome' ? 'Happy to' : 'Happy to help', ACTIONS.askAccept, id, 'primary'),
      button('Not this time', ACTIONS.askDecline, id),
    ),
  ]);
}

export function askAnsweredMessage(answer: 'accepted' | 'declined', askerId: string): SlackMessage {
  const text =
    answer === 'accepted'
      ? `:white_check_mark: Thank you! I’m opening a group DM with <@${askerId}> now.`
      : 'No problem — nobody will be told, not even that you were asked.';
  return msg(text, [section(text)]);
}

/** Replaces the buttons of a request nobody answered in time. */
export function askRequestClosedMessage(): SlackMessage {
  const text = 'This request has closed. Nobody was told that you were asked.';
  return msg(text, [context(text)]);
}

export function askReceivedMessage(topic: string): SlackMessage {
  const text = `Thanks! I’m looking for someone who could help with ${quoted(topic)}. I’ll tell you here as soon as someone says yes.`;
  return msg(text, [section(`:mag: ${text}`)]);
}

export function askFoundMessage(topic: string, groupChannelId: string): SlackMessage {
  const text = `We found someone who’d be glad to help with ${quoted(topic)}: I’ve opened a group DM with you both (<#${groupChannelId}>).`;
  return msg(text, [section(`:tada: ${text}`)]);
}

export function askNobodyMessage(topic: string): SlackMessage {
  const text = `No one is available right now for ${quoted(topic)} — we’ll keep your question for the next round.`;
  return msg(text, [section(`:seedling: ${text}`)]);
}

/** The group DM: the asker's question as its first line, then who said yes and when they can meet. */
export function askGroupMessage(m: {
  kind: 'ask' | 'welcome';
  askerId: string;
  helperId: string;
  topic: string;
  why: string | null;
  hours: string;
  /** what they share (a newcomer's welcome) */
  sharedTag?: string | null;
}): SlackMessage {
  const first =
    m.kind === 'welcome'
      ? `:wave: Welcome, <@${m.askerId}>! <@${m.helperId}> would like to say hello — you both love ${escapeMrkdwn(m.sharedTag ?? m.topic)}.`
      : `*<@${m.askerId}> asks:* ${quoted(m.topic)}${m.why ? ` — ${quoted(m.why)}` : ''}`;
  const second =
    m.kind === 'welcome'
      ? 'Weaver introduces newcomers to someone from another team in their first weeks.'
      : `<@${m.helperId}> said they’d be glad to help. Over to you!`;
  return msg(first.replace(/[*_]/g, ''), [section(first), section(second), context(m.hours)]);
}

export type AskRefusal = 'not_yours' | 'stale' | 'already_answered' | 'unknown';

export function askRefusalText(reason: AskRefusal): string {
  switch (reason) {
    case 'not_yours':
      return 'This button belongs to a request for someone else, so nothing changed.';
    case 'stale':
      return 'This request is no longer open, so nothing changed.';
    case 'already_answered':
      return 'You already answered this one — nothing changed.';
    default:
      return "I couldn't find this request. It may have been removed.";
  }
}
