/**
 * Every message of the introduction flow, as pure functions of a small view model. The wording
 * lives here. A decline is never revealed: the other people only ever read "didn't work out this
 * time", the same words as for an expired suggestion.
 */
import type { KnownBlock } from '@slack/types';
import { ACTIONS } from './actionIds';
import { actions, button, context, section } from './blocks';
import { escapeMrkdwn } from './limits';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface IntroSuggestionModel {
  introId: number;
  /** the person reading */
  userId: string;
  others: Array<{ userId: string; department: string | null }>;
  sharedTags: string[];
  fits: Array<{ teacher: string; learner: string; tag: string }>;
  expiresInDays: number;
}

/** "bouldering-gym" → "bouldering gym" */
export const tagLabel = (tag: string): string => escapeMrkdwn(tag.replace(/[-_]+/g, ' '));

const listOf = (items: string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const who = (o: { userId: string; department: string | null }) => `<@${o.userId}>${o.department ? ` from ${escapeMrkdwn(o.department)}` : ''}`;

/** Why these people: shared passions and who could teach whom, from the reader's side. */
export function introReasons(m: Pick<IntroSuggestionModel, 'userId' | 'sharedTags' | 'fits'>): string[] {
  const reasons: string[] = [];
  if (m.sharedTags.length) reasons.push(`you both love ${listOf(m.sharedTags.slice(0, 3).map(tagLabel))}`);
  for (const f of m.fits.slice(0, 2)) {
    if (f.learner === m.userId) reasons.push(`<@${f.teacher}> could teach you ${tagLabel(f.tag)}`);
    else if (f.teacher === m.userId) reasons.push(`<@${f.learner}> would like to learn ${tagLabel(f.tag)}, which you teach`);
    else reasons.push(`<@${f.learner}> would like to learn ${tagLabel(f.tag)} from <@${f.teacher}>`);
  }
  return reasons;
}

export function introSuggestionMessage(m: IntroSuggestionModel): SlackMessage {
  const reasons = introReasons(m);
  const lead = `:wave: Meet ${listOf(m.others.map(who))}${reasons.length ? ` — ${listOf(reasons)}.` : '.'}`;
  const id = String(m.introId);
  return {
    text: lead.replace(/[*_]/g, ''),
    blocks: [
      section(lead),
      context(`If everyone says yes, I'll open a group DM for you. No answer needed if you'd rather not — this suggestion expires in ${m.expiresInDays} days, and nobody is told who said no.`),
      actions(`intro:${id}`, button('Accept', ACTIONS.introAccept, id, 'primary'), button('Not now', ACTIONS.introNotNow, id), button('Pause introductions', ACTIONS.introPause, id)),
    ],
  };
}

export function introReminderMessage(m: IntroSuggestionModel): SlackMessage {
  const base = introSuggestionMessage(m);
  return { text: `A gentle reminder: ${base.text}`, blocks: [section('_A gentle reminder about this introduction:_'), ...base.blocks] };
}

export function introAnsweredMessage(answer: 'accepted' | 'declined' | 'paused', pausedDays = 0): SlackMessage {
  if (answer === 'accepted') {
    const text = ':white_check_mark: You accepted. I will open a group DM as soon as everyone has said yes.';
    return { text, blocks: [section(text)] };
  }
  if (answer === 'declined') {
    const text = 'No problem — nobody will be told. You will get another suggestion next round.';
    return { text, blocks: [section(text)] };
  }
  const text = `Introductions are paused for ${pausedDays} days. Come back any time.`;
  return { text, blocks: [section(text, button('Resume introductions', ACTIONS.introComeBack, 'come_back'))] };
}

/** For everyone else when an introduction will not happen — the same words for a decline and an expiry. */
export function introDidNotWorkOutMessage(): SlackMessage {
  const text = "This introduction didn't work out this time. I'll look for another good match next round.";
  return { text, blocks: [section(`:seedling: ${text}`)] };
}

/** Replaces the buttons of a suggestion nobody answered in time. */
export function introExpiredMessage(): SlackMessage {
  const text = 'This suggestion has expired.';
  return { text, blocks: [context(text)] };
}

export function introGroupMessage(m: { members: string[]; sharedTags: string[]; fits: IntroSuggestionModel['fits']; starters: string[] }): SlackMessage {
  const people = listOf(m.members.map((u) => `<@${u}>`));
  const reasons = introReasons({ userId: '', sharedTags: m.sharedTags, fits: m.fits }).map((r) => r.replace('you both love', 'you all love'));
  const intro = `:tada: ${people} — you all said yes, so here you are! ${reasons.length ? `Why you: ${listOf(reasons)}.` : ''}`.trim();
  return {
    text: `${people}: you all said yes — meet each other!`,
    blocks: [section(intro), section(`*Two ways to start:*\n${m.starters.map((s) => `• ${s}`).join('\n')}`), context('A 20-minute coffee or call is plenty. I will check in after a few days.')],
  };
}

/** Two conversation starters from what the people share (pure, deterministic). */
export function conversationStarters(sharedTags: string[], fits: IntroSuggestionModel['fits']): string[] {
  const starters: string[] = [];
  const [first, second] = sharedTags;
  if (first) starters.push(`How did you each get into ${tagLabel(first)}? What's the best thing you've done with it lately?`);
  const fit = fits[0];
  if (fit) starters.push(`<@${fit.teacher}>, what would you show a beginner in ${tagLabel(fit.tag)} first? <@${fit.learner}>, what do you hope to do with it?`);
  if (starters.length < 2 && second) starters.push(`Is there a ${tagLabel(second)} event, book or place you'd recommend to each other?`);
  for (const generic of ['What does your team work on, and what would surprise the other team about it?', 'What is something you learned recently that you are excited about?']) {
    if (starters.length < 2) starters.push(generic);
  }
  return starters;
}

export function introFollowUpMessage(introId: number): SlackMessage {
  const id = String(introId);
  const text = 'Did you get to meet?';
  return {
    text,
    blocks: [
      section(`:coffee: ${text}`),
      actions(`intro_met:${id}`, button('Yes', ACTIONS.introMet, id, 'primary'), button('Not yet', ACTIONS.introNotYet, id), button('No', ACTIONS.introDidNotMeet, id)),
    ],
  };
}

export function introOutcomeThanks(outcome: 'met' | 'not_yet' | 'no'): SlackMessage {
  const text =
    outcome === 'met' ? 'Wonderful — thanks for letting me know!' : outcome === 'not_yet' ? 'No rush — maybe this week?' : 'Thanks for telling me. Better luck next round.';
  return { text, blocks: [section(text)] };
}

export function introPausedForSilenceMessage(): SlackMessage {
  const text =
    "I haven't heard back on the last few introductions, so I've paused them for you — no hard feelings. Whenever you'd like to meet someone new, one click brings you back.";
  return { text, blocks: [section(text, button("I'm back", ACTIONS.introComeBack, 'come_back', 'primary'))] };
}

export function introWelcomeBackMessage(): SlackMessage {
  const text = "Welcome back! You'll be part of the next round of introductions.";
  return { text, blocks: [section(text)] };
}

export function noMatchMessage(): SlackMessage {
  const text = "No match for you this round — I couldn't find someone new who shares your passions and your working hours. I'll try again next round.";
  return { text, blocks: [section(text)] };
}

export type IntroRefusal = 'not_yours' | 'stale' | 'already_answered' | 'already_recorded' | 'unknown';

/** What someone reads (only them) when a button cannot do anything. */
export function introRefusalText(reason: IntroRefusal): string {
  switch (reason) {
    case 'not_yours':
      return 'This button belongs to an introduction for someone else, so nothing changed.';
    case 'stale':
      return 'This suggestion is no longer open (it was answered or it expired), so nothing changed.';
    case 'already_answered':
      return 'You already answered this one — nothing changed.';
    case 'already_recorded':
      return 'Thanks, that is already recorded.';
    default:
      return "I couldn't find this introduction. It may have been removed.";
  }
}

export function quietChannelNudgeMessage(m: { channelId: string; weeks: number }): SlackMessage {
  const text = `<#${m.channelId}> has been quiet for about ${m.weeks} weeks. A question to the group or a short meetup invite often brings a community back to life — would you like to post one?`;
  return { text, blocks: [section(`:sparkles: ${text}`), context('You get this at most once per quiet spell. Leads can turn these nudges off in settings.')] };
}
