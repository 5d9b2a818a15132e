/**
 * Every message of the introduction flow, as pure functions of a small view model. The wording
 * lives here. A decline is never revealed: the other people only ever read "didn't work out this
 * time", the same words as for an expired suggestion.
 */
import type { KnownBlock } from '@slack/types';
import { ACTIONS } from './actionIds';
import { actions, button, context, section } from './blocks';
import { escapeMrkdwn } from './limits';
import type { ToldAboutPerson, ToldToTheGroup } from '../domain/introductions/whatEachIsTold';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface IntroSuggestionModel {
  introId: number;
  /** the person reading */
  userId: string;
  others: Array<{ userId: string; department: string | null }>;
  /** per other member: only what the reader shares with them, in the reader's words */
  told: ToldAboutPerson[];
  expiresInDays: number;
}

/** A person's own words (or a plain tag) made safe for mrkdwn. */
const phrase = (words: string): string => escapeMrkdwn(words);

const listOf = (items: string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const who = (o: { userId: string; department: string | null }) =>
  `<@${o.userId}>${o.department ? ` from ${escapeMrkdwn(o.department)}` : ''}`;

/**
 * Why these people, from the reader's side: per other member, only the passions the two of them
 * share and the teach/learn fits between the two of them. With one other person it reads "you
 * both love …"; in a trio each reason names the person it is about.
 */
export function introReasons(told: ToldAboutPerson[]): string[] {
  const reasons: string[] = [];
  const alone = told.length === 1;
  for (const t of told) {
    const tags = t.shared.slice(0, 3).map(phrase);
    if (tags.length)
      reasons.push(alone ? `you both love ${listOf(tags)}` : `you and <@${t.userId}> both love ${listOf(tags)}`);
    for (const tag of t.theyCanTeachYou.slice(0, 2)) reasons.push(`<@${t.userId}> could teach you ${phrase(tag)}`);
    for (const tag of t.youCanTeachThem.slice(0, 2)) {
      reasons.push(`<@${t.userId}> would like to learn ${phrase(tag)}, which you teach`);
    }
  }
  return reasons.slice(0, 6);
}

/** "Meet <@B> from Finance — you both love climbing." (the DM's first line and the member Home's suggestion) */
export function suggestionLead(m: Pick<IntroSuggestionModel, 'others' | 'told'>): string {
  const reasons = introReasons(m.told);
  return `Meet ${listOf(m.others.map(who))}${reasons.length ? ` — ${listOf(reasons)}.` : '.'}`;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Who must say yes before the group DM opens, and who it is for. */
const whenEveryoneSaysYes = (others: number): string =>
  others === 1
    ? "If you both say yes, I'll open a group DM for the two of you."
    : `If all ${others === 2 ? 'three' : others + 1} of you say yes, I'll open a group DM for the ${others === 2 ? 'three' : others + 1} of you.`;

export function introSuggestionMessage(m: IntroSuggestionModel): SlackMessage {
  const lead = `:wave: ${suggestionLead(m)}`;
  const id = String(m.introId);
  return {
    text: lead.replace(/[*_]/g, ''),
    blocks: [
      section(lead),
      context(
        `${whenEveryoneSaysYes(m.others.length)} No answer needed if you'd rather not — this suggestion expires in ${days(m.expiresInDays)}, and nobody is told who said no.`,
      ),
      actions(
        `intro:${id}`,
        button('Accept', ACTIONS.introAccept, id, 'primary'),
        button('Not now', ACTIONS.introNotNow, id),
        button('Pause introductions', ACTIONS.introPause, id),
      ),
      ...m.others.map((o) =>
        section(
          `_Rather not be introduced to <@${o.userId}>?_`,
          button('Never suggest again', ACTIONS.introBlock, `${id}:${o.userId}`),
        ),
      ),
    ],
  };
}

export function introReminderMessage(m: IntroSuggestionModel): SlackMessage {
  const base = introSuggestionMessage(m);
  return {
    text: `A gentle reminder: ${base.text}`,
    blocks: [section('_A gentle reminder about this introduction:_'), ...base.blocks],
  };
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

/**
 * The group DM's reasons, which everyone in it reads: only what every member entered — what all
 * share, and in a pair what one could teach the other.
 */
export function groupReasons(members: string[], told: ToldToTheGroup): string[] {
  const reasons: string[] = [];
  if (told.allShare.length) {
    reasons.push(`you ${members.length > 2 ? 'all' : 'both'} love ${listOf(told.allShare.slice(0, 3).map(phrase))}`);
  }
  for (const f of told.fits.slice(0, 2)) reasons.push(`<@${f.teacher}> could teach <@${f.learner}> ${phrase(f.tag)}`);
  return reasons.slice(0, 6);
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function introGroupMessage(m: {
  members: string[];
  told: ToldToTheGroup;
  starters: string[];
  /** when they can meet (views/sharedHours.ts) */
  hours?: string;
}): SlackMessage {
  const people = listOf(m.members.map((u) => `<@${u}>`));
  const reasons = groupReasons(m.members, m.told);
  const all = m.members.length > 2 ? 'all' : 'both';
  const why = reasons.length
    ? `${capitalise(listOf(reasons))}.`
    : m.members.length > 2
      ? 'Each of you shares a passion with each of the others: my message to you said which.'
      : '';
  return {
    text: `${people}: you ${all} said yes — meet each other!`,
    blocks: [
      section(`:tada: ${people} — you ${all} said yes, so here you are! ${why}`.trim()),
      ...(m.hours ? [section(m.hours)] : []),
      section(`*Two ways to start:*\n${m.starters.map((s) => `• ${s}`).join('\n')}`),
      context('A 20-minute coffee or call is plenty. I will check in after a few days.'),
    ],
  };
}

/**
 * Two conversation starters from what the group shares (pure, deterministic). Each one speaks to
 * everyone in the group DM: a fit's starter names both people, so only a pair gets one.
 */
export function conversationStarters(told: ToldToTheGroup): string[] {
  const starters: string[] = [];
  const [first, second] = told.allShare;
  if (first)
    starters.push(`How did you each get into ${phrase(first)}? What's the best thing you've done with it lately?`);
  const fit = told.fits[0];
  if (fit) {
    starters.push(
      `<@${fit.teacher}>, what would you show a beginner in ${phrase(fit.tag)} first? <@${fit.learner}>, what do you hope to do with it?`,
    );
  }
  if (starters.length < 2 && second)
    starters.push(`Is there a ${phrase(second)} event, book or place you'd recommend to each other?`);
  for (const generic of [
    'What does your team work on, and what would surprise the others about it?',
    'What is something you learned recently that you are excited about?',
  ]) {
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
      actions(
        `intro_met:${id}`,
        button('Yes', ACTIONS.introMet, id, 'primary'),
        button('Not yet', ACTIONS.introNotYet, id),
        button('No', ACTIONS.introDidNotMeet, id),
      ),
    ],
  };
}

export function introOutcomeThanks(outcome: 'met' | 'not_yet' | 'no'): SlackMessage {
  const text =
    outcome === 'met'
      ? 'Wonderful — thanks for letting me know!'
      : outcome === 'not_yet'
        ? 'No rush — maybe this week?'
        : 'Thanks for telling me. Better luck next round.';
  return { text, blocks: [section(text)] };
}

export function introPausedForSilenceMessage(): SlackMessage {
  const text =
    "I haven't heard back on the last few introductions, so I've paused them for you — no hard feelings. Whenever you'd like to meet someone new, one click brings you back.";
  return { text, blocks: [section(text, button("I'm back", ACTIONS.introComeBack, 'come_back', 'primary'))] };
}

/** Replaces a suggestion after "Never suggest again": the blocked person is never told. */
export function introBlockedMessage(blockedUserId: string): SlackMessage {
  const text = `Done — I won't suggest <@${blockedUserId}> to you again, and I have closed this suggestion. Nobody is told.`;
  return { text, blocks: [section(text)] };
}

export function introWelcomeBackMessage(): SlackMessage {
  const text = "Welcome back! You'll be part of the next round of introductions.";
  return { text, blocks: [section(text)] };
}

export function noMatchMessage(): SlackMessage {
  const text =
    "No match for you this round — I couldn't find someone new who shares your passions and your working hours. I'll try again next round.";
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
  return {
    text,
    blocks: [
      section(`:sparkles: ${text}`),
      context('You get this at most once per quiet spell. Leads can turn these nudges off in settings.'),
    ],
  };
}
