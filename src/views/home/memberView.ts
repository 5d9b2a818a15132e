/** Every member's own page in the Home tab. Pure: view model in, blocks out. */
import type { KnownBlock } from '@slack/types';
import { ACTIONS } from '../actionIds';
import { actions, button, context, divider, header, section } from '../blocks';
import { LIMITS, clamp, escapeMrkdwn } from '../limits';
import type { ToldAboutPerson } from '../../domain/introductions/whatEachIsTold';
import { suggestionLead } from '../introMessages';

export interface MemberIntro {
  introId: number;
  others: string[];
  status: string;
  myResponse: string;
  outcome: string | null;
  /** YYYY-MM-DD */
  day: string;
}

export const FREQUENCIES = [
  { value: 'normal', label: 'As often as Weaver suggests' },
  { value: 'less', label: 'Half as often' },
  { value: 'rarely', label: 'Rarely (about once a quarter)' },
] as const;

export interface MemberPageModel {
  userId: string;
  frequency: (typeof FREQUENCIES)[number]['value'];
  /** told "no match this round" when a round leaves them out */
  notifyNoMatch: boolean;
  optedOut: boolean;
  /** YYYY-MM-DD while paused */
  pausedUntil: string | null;
  passions: { tags: string[]; teach: string[]; learn: string[] } | null;
  /** the open suggestion, with only what the reader shares with each person named */
  pending: {
    introId: number;
    others: Array<{ userId: string; department: string | null }>;
    told: ToldAboutPerson[];
  } | null;
  recent: MemberIntro[];
  discover: Array<{ channelId: string; name: string; purpose: string | null; kindred: number }>;
  /** people the member asked never to be suggested, most recent first */
  blocked: string[];
  /** "not for questions": Weaver never asks them to help with someone's question */
  notForQuestions?: boolean;
  /** the topic of their own question still waiting for a helper */
  openAsk?: string | null;
}

export const MAX_RECENT_INTROS = 5;
export const MAX_DISCOVER = 5;
/** blocked people listed with "Allow again" (the most recent); the rest are counted */
export const MAX_BLOCKED_SHOWN = 10;
const MAX_TAGS_SHOWN = 25;

const mentions = (ids: string[]): string =>
  ids
    .slice(0, 8)
    .map((id) => `<@${id}>`)
    .join(', ') + (ids.length > 8 ? ` and ${ids.length - 8} more` : '');
const list = (items: string[]): string =>
  items.length
    ? items.slice(0, MAX_TAGS_SHOWN).map(escapeMrkdwn).join(', ') +
      (items.length > MAX_TAGS_SHOWN ? ` (+${items.length - MAX_TAGS_SHOWN})` : '')
    : '_nothing yet_';

function introLine(i: MemberIntro): string {
  const who = mentions(i.others);
  const outcome =
    i.outcome === 'met'
      ? 'you met :tada:'
      : i.outcome === 'not_yet'
        ? 'not met yet'
        : i.outcome === 'no'
          ? 'did not meet'
          : i.status === 'accepted'
            ? 'accepted'
            : ['declined', 'withdrawn'].includes(i.status) || i.myResponse === 'declined'
              ? 'not this time'
              : i.status === 'expired'
                ? 'expired'
                : 'waiting for the others';
  return `• ${i.day}: ${who} — ${outcome}`;
}

/** "Never suggest someone" (a person picker) and the people already blocked, each with "Allow again". */
function blockedBlocks(blocked: string[]): KnownBlock[] {
  const picker: KnownBlock = {
    type: 'section',
    block_id: 'home_block_person',
    text: {
      type: 'mrkdwn',
      text: blocked.length
        ? "*People Weaver won't suggest to you.* Nobody is told. Add someone:"
        : "*Someone you'd rather not be introduced to?* Weaver won't suggest them to you, and nobody is told.",
    },
    accessory: {
      type: 'users_select',
      action_id: ACTIONS.homeBlockPerson,
      placeholder: { type: 'plain_text', text: 'Never suggest…' },
    },
  };
  const shown = blocked
    .slice(0, MAX_BLOCKED_SHOWN)
    .map((id) => section(`<@${id}>`, button('Allow again', ACTIONS.homeUnblock, id)));
  const more = blocked.length - shown.length;
  const rest = context(`and ${more} more, blocked earlier: they show here as you allow others again`);
  return [picker, ...shown, ...(more > 0 ? [rest] : [])];
}

/** "Ask for an introduction", or the question already waiting. */
function askBlock(openAsk: string | null): KnownBlock {
  return openAsk
    ? section(
        `*Your question* “${escapeMrkdwn(clamp(openAsk, 80))}” is waiting for someone who could help. I’ll tell you in our DM.`,
      )
    : section(
        '*Who could help you with something?* Ask for an introduction: Weaver privately asks someone who knows about it.',
        button('Ask for an introduction', ACTIONS.askOpen, 'home'),
      );
}

function frequencyBlock(current: MemberPageModel['frequency']): KnownBlock {
  const options = FREQUENCIES.map((f) => ({
    text: { type: 'plain_text' as const, text: clamp(f.label, LIMITS.optionText) },
    value: f.value,
  }));
  return {
    type: 'section',
    block_id: 'home_frequency',
    text: {
      type: 'mrkdwn',
      text: '*Prompts and introductions:* how often Weaver may ask you about your passions and suggest someone to meet',
    },
    accessory: {
      type: 'static_select',
      action_id: ACTIONS.homeFrequency,
      options,
      initial_option: options.find((o) => o.value === current) ?? options[0],
    },
  };
}

/** An opted-out person's page: only what they can still do — opt back in, see or delete their data. */
function optedOutBlocks(): KnownBlock[] {
  return [
    header('Welcome to Weaver'),
    section(
      'You have *opted out*: Weaver sends you no prompts or introductions and never suggests you to anyone. Your past interactions still count, anonymously, in team-level reports.',
    ),
    actions(
      'home_choices',
      button('Opt back in', ACTIONS.optIn, 'home', 'primary'),
      button('See my data', ACTIONS.myData, 'home'),
      button('Forget me', ACTIONS.forgetMe, 'home', 'danger'),
    ),
    context('*Forget me* deletes your passions and your introductions. Only you see this page.'),
  ];
}

export function memberBlocks(m: MemberPageModel): KnownBlock[] {
  if (m.optedOut) return optedOutBlocks();
  const blocks: KnownBlock[] = [
    header('Welcome to Weaver'),
    context('Weaver introduces people across teams who share a passion. This page is yours: only you see it.'),
  ];

  if (m.pausedUntil) {
    blocks.push(section(`Weaver is *paused* for you until ${m.pausedUntil}: no prompts or introductions until then.`));
  }

  blocks.push(
    section(
      m.passions
        ? `*Your passions:* ${list(m.passions.tags)}\n*You can teach:* ${list(m.passions.teach)}\n*You want to learn:* ${list(m.passions.learn)}`
        : '*Your passions:* you have not told Weaver what you care about yet. It takes a minute, and it is how Weaver finds people you would enjoy meeting.',
      button(m.passions ? 'Edit' : 'Add my passions', ACTIONS.openPassions, 'home', 'primary'),
    ),
  );

  if (m.pending) {
    blocks.push(
      divider(),
      section(clamp(`*A suggested introduction.* ${suggestionLead(m.pending)}`, LIMITS.sectionText)),
      actions(
        'home_pending_intro',
        button('Accept', ACTIONS.introAccept, String(m.pending.introId), 'primary'),
        button('Not now', ACTIONS.introNotNow, String(m.pending.introId)),
      ),
    );
  }

  if (!m.optedOut) blocks.push(divider(), askBlock(m.openAsk ?? null));

  if (m.recent.length) {
    blocks.push(
      divider(),
      section(`*Your recent introductions*\n${m.recent.slice(0, MAX_RECENT_INTROS).map(introLine).join('\n')}`),
    );
  }

  if (m.discover.length) {
    blocks.push(
      divider(),
      section('*Communities you might like* — channels where people who share your passions already are'),
    );
    for (const c of m.discover.slice(0, MAX_DISCOVER)) {
      const purpose = c.purpose ? `\n${escapeMrkdwn(c.purpose)}` : '';
      blocks.push(
        section(`*#${escapeMrkdwn(c.name)}* — ${c.kindred} people who share your passions${purpose}`, {
          ...button('Join', ACTIONS.homeJoinChannel, c.channelId),
          url: `https://slack.com/app_redirect?channel=${encodeURIComponent(c.channelId)}`,
        }),
      );
    }
  }

  blocks.push(
    divider(),
    section('*Your choices*'),
    frequencyBlock(m.frequency),
    section(
      m.notifyNoMatch
        ? '*No match this round:* Weaver tells you when a round finds nobody for you.'
        : '*No match this round:* Weaver stays quiet when a round finds nobody for you.',
      button(m.notifyNoMatch ? 'Stay quiet' : 'Tell me', ACTIONS.homeNotifyNoMatch, m.notifyNoMatch ? 'off' : 'on'),
    ),
    section(
      m.notForQuestions
        ? '*Questions:* Weaver never asks you to help with someone’s question.'
        : '*Questions:* Weaver may ask you, now and then, to help someone with a question about what you love or could teach (at most a few times a month; you can always say no).',
      button(
        m.notForQuestions ? 'Open to questions' : 'Not for questions',
        ACTIONS.homeNotForQuestions,
        m.notForQuestions ? 'off' : 'on',
      ),
    ),
    ...blockedBlocks(m.blocked),
    actions(
      'home_choices',
      ...(m.pausedUntil
        ? [button('Resume', ACTIONS.resume, 'home')]
        : [button('Pause 2 weeks', ACTIONS.pause2w, 'home'), button('Pause 4 weeks', ACTIONS.pause4w, 'home')]),
      button('Opt out', ACTIONS.optOut, 'home'),
      button('See my data', ACTIONS.myData, 'home'),
      button('Forget me', ACTIONS.forgetMe, 'home', 'danger'),
    ),
    context(
      'Weaver sees *who talks with whom* in public channels, never what is said. Leads see only team-level numbers, never you.',
    ),
  );
  return blocks;
}
