/**
 * The settings a lead changes, on two pages. The main page holds the choices a lead makes
 * (introduction rounds, how often, the send hour, passion questions, leads, where departments come
 * from, the privacy threshold, rhythm nudges), in plain words; the *Advanced* page holds the tuning
 * (channel rules, scoring weights, timings, report thresholds), one line each on what it changes.
 * One table of fields drives both pages and the reading of a submitted page, so every setting of
 * src/domain/settings.ts appears exactly once; an input's block id is the setting's path (e.g.
 * `rounds.coolDownDays`), which is also where a zod issue is reported back. Number bounds come from
 * the schema (`settingBounds`). No repository path or environment variable is named here. Pure.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { type Settings, settingBounds } from '../domain/settings';
import { ACTIONS, CALLBACKS } from './actionIds';
import { actions, button, context, divider, header, section } from './blocks';
import { LIMITS, clamp, escapeMrkdwn } from './limits';

type FieldKind = 'int' | 'decimal' | 'bool' | 'select' | 'patterns' | 'text' | 'users';

export type SettingsPage = 'main' | 'advanced';

export interface SettingsField {
  path: string;
  label: string;
  kind: FieldKind;
  /** one line on what the setting changes */
  hint?: string;
  options?: Array<{ value: string; label: string }>;
}

interface FieldGroup {
  page: SettingsPage;
  title: string;
  note?: string;
  fields: SettingsField[];
}

/** The action id of every settings input; the block id carries the path. */
export const FIELD_ACTION = 'value';
export const OVERRIDE_CHANNEL_BLOCK = 'override.channel';
export const OVERRIDE_KIND_BLOCK = 'override.kind';
export const OVERRIDE_KINDS = ['purpose', 'department', 'broadcast', 'other', 'auto'] as const;

export const SETTINGS_GROUPS: FieldGroup[] = [
  {
    page: 'main',
    title: 'Introductions',
    fields: [
      {
        path: 'rounds.enabled',
        label: 'Introduction rounds',
        kind: 'bool',
        hint: 'Suggest people from different teams to meet, a round at a time',
      },
      {
        path: 'rounds.cadence',
        label: 'How often',
        kind: 'select',
        options: [
          { value: 'weekly', label: 'Every week' },
          { value: 'biweekly', label: 'Every two weeks' },
          { value: 'monthly', label: 'Every month' },
        ],
      },
      {
        path: 'prompts.sendHour',
        label: 'Send messages at (hour)',
        kind: 'int',
        hint: 'In each person’s own time zone, so nobody is messaged at night.',
      },
      {
        path: 'prompts.enabled',
        label: 'Passion questions',
        kind: 'bool',
        hint: 'Ask people what they are passionate about (how introductions are found)',
      },
    ],
  },
  {
    page: 'main',
    title: 'Leads',
    fields: [
      {
        path: 'leads',
        label: 'Who else is a lead',
        kind: 'users',
        hint: 'They see the team-level report and these settings. Workspace admins and owners always can.',
      },
    ],
  },
  {
    page: 'main',
    title: 'Departments',
    note: 'Where each person’s department comes from. The report and the introductions depend on it.',
    fields: [
      {
        path: 'departmentSource.kind',
        label: 'Departments come from',
        kind: 'select',
        options: [
          { value: 'profile_field', label: 'A field of people’s Slack profiles' },
          { value: 'csv', label: 'A file from HR (upload it below)' },
          { value: 'channels', label: 'Department channels' },
          { value: 'scim', label: 'Slack’s company directory (Business+ or Enterprise Grid)' },
        ],
      },
      {
        path: 'departmentSource.profileFieldLabel',
        label: 'Profile field name',
        kind: 'text',
        hint: 'When departments come from profiles: the field’s name, such as Department.',
      },
      {
        path: 'departmentSource.channelPattern',
        label: 'Department channel names',
        kind: 'text',
        hint: 'When departments come from channels: team-* puts members of #team-design in Design.',
      },
    ],
  },
  {
    page: 'main',
    title: 'Privacy',
    fields: [
      {
        path: 'privacyThreshold',
        label: 'Smallest group shown on its own',
        kind: 'int',
        hint: 'Teams, channels and rounds with fewer people are merged or left out of everything leads see.',
      },
    ],
  },
  {
    page: 'main',
    title: 'Asking for introductions',
    note: '“Who could help me with X?”: Weaver privately asks one person at a time, at most three. Nobody learns who was asked or who said no.',
    fields: [
      {
        path: 'asks.enabled',
        label: 'Asks',
        kind: 'bool',
        hint: 'People can ask for an introduction to someone who could help with a topic',
      },
      {
        path: 'asks.newcomerIntroductions',
        label: 'Newcomers',
        kind: 'bool',
        hint: 'One introduction outside their department in their first two weeks, once they share passions',
      },
    ],
  },
  {
    page: 'main',
    title: 'Rhythm nudges',
    fields: [
      {
        path: 'nudges.enabled',
        label: 'Nudges',
        kind: 'bool',
        hint: 'Suggest a question or a meetup to a community channel that has gone quiet',
      },
      {
        path: 'nudges.quietWeeks',
        label: 'Quiet for (weeks)',
        kind: 'int',
        hint: 'How long a channel is quiet first.',
      },
    ],
  },
  {
    page: 'advanced',
    title: 'Channel kinds',
    note: 'Name patterns, separated by commas (`*` matches anything). A channel chosen by hand below wins over every pattern.',
    fields: [
      {
        path: 'channelKinds.purpose',
        label: 'Community channels',
        kind: 'patterns',
        hint: 'Channels about a topic: they count as bridges, and are suggested to people who share it.',
      },
      {
        path: 'channelKinds.department',
        label: 'Department channels',
        kind: 'patterns',
        hint: 'Channels of one team: talk there is not counted as crossing teams.',
      },
      {
        path: 'channelKinds.broadcast',
        label: 'Announcement channels',
        kind: 'patterns',
        hint: 'Channels for everyone: left out of the report.',
      },
      {
        path: 'channelKinds.project',
        label: 'Project channels',
        kind: 'patterns',
        hint: 'Channels of one piece of work: never taken for a community channel.',
      },
      {
        path: 'channelKinds.incident',
        label: 'Incident channels',
        kind: 'patterns',
        hint: 'Channels opened for an incident: never taken for a community channel.',
      },
      {
        path: 'channelKinds.alert',
        label: 'Alert channels',
        kind: 'patterns',
        hint: 'Channels where tools post alerts: never taken for a community channel.',
      },
      {
        path: 'channelKinds.social',
        label: 'Social channels',
        kind: 'patterns',
        hint: 'Chat for fun (#random): never taken for a community channel.',
      },
      {
        path: 'channelKinds.departmentShare',
        label: 'Department channel from this share of one team',
        kind: 'decimal',
        hint: 'A channel this much of one department is treated as theirs (0.5 to 1).',
      },
      {
        path: 'channelKinds.broadcastShare',
        label: 'Announcement channel from this share of everyone',
        kind: 'decimal',
        hint: 'A channel holding this share of all people is treated as an announcement channel.',
      },
    ],
  },
  {
    page: 'advanced',
    title: 'How introductions are chosen',
    fields: [
      {
        path: 'rounds.weights.passion',
        label: 'Weight of shared passions',
        kind: 'decimal',
        hint: 'Higher: people who share more passions are matched first.',
      },
      {
        path: 'rounds.weights.complement',
        label: 'Weight of teach and learn',
        kind: 'decimal',
        hint: 'Higher: someone who wants to learn what another teaches is matched first.',
      },
      {
        path: 'rounds.weights.bridging',
        label: 'Weight of joining separate teams',
        kind: 'decimal',
        hint: 'Higher: people from teams that rarely talk are matched first.',
      },
      {
        path: 'rounds.coolDownDays',
        label: 'Days before the same two people again',
        kind: 'int',
        hint: 'Two people already introduced are not suggested again for this long.',
      },
      {
        path: 'rounds.minOverlapHours',
        label: 'Shared working hours at least',
        kind: 'decimal',
        hint: 'People in far-apart time zones with less overlap are not matched.',
      },
      {
        path: 'rounds.candidatesPerPerson',
        label: 'People considered for each person',
        kind: 'int',
        hint: 'More finds slightly better matches; a round takes longer.',
      },
    ],
  },
  {
    page: 'advanced',
    title: 'Introduction timing',
    fields: [
      {
        path: 'rounds.reminderAfterDays',
        label: 'Remind after (days)',
        kind: 'int',
        hint: 'One reminder when someone has not answered a suggestion.',
      },
      {
        path: 'rounds.expireAfterDays',
        label: 'A suggestion expires after (days)',
        kind: 'int',
        hint: 'After this, the others read that it did not work out this time.',
      },
      {
        path: 'rounds.followUpAfterDays',
        label: 'Ask “did you meet?” after (days)',
        kind: 'int',
        hint: 'Asked in the group conversation, once.',
      },
    ],
  },
  {
    page: 'advanced',
    title: 'Passion question timing',
    fields: [
      {
        path: 'prompts.welcomeDelayDays',
        label: 'Days after joining',
        kind: 'int',
        hint: 'A newcomer is asked this long after joining the workspace.',
      },
      {
        path: 'prompts.firstPromptSpreadDays',
        label: 'Spread first questions over (days)',
        kind: 'int',
        hint: 'When Weaver starts, existing people are asked over this many days, not all at once.',
      },
      {
        path: 'prompts.refreshAfterDays',
        label: 'Ask again after (days)',
        kind: 'int',
        hint: 'People are asked to update their passions this long after they last did.',
      },
      {
        path: 'prompts.maxReminders',
        label: 'Reminders at most',
        kind: 'int',
        hint: 'Reminders to someone who has not answered; 0 for none.',
      },
      {
        path: 'prompts.reminderIntervalDays',
        label: 'Days between reminders',
        kind: 'int',
        hint: 'How long Weaver waits before asking again.',
      },
    ],
  },
  {
    page: 'advanced',
    title: 'Asks and away',
    note: 'A Slack status with one of these emojis or words means away: no suggestion, ask or nudge until it ends. Comma separated.',
    fields: [
      {
        path: 'asks.perHelperPerMonth',
        label: 'Asks per person, at most',
        kind: 'int',
        hint: 'How often one person may be asked to help, in any 30 days.',
      },
      {
        path: 'asks.answerWithinHours',
        label: 'Ask the next person after (hours)',
        kind: 'int',
        hint: 'A request not answered in this time goes to the next person.',
      },
      { path: 'away.emojis', label: 'Away status emojis', kind: 'patterns', hint: 'For example :palm_tree:' },
      { path: 'away.words', label: 'Away status words', kind: 'patterns', hint: 'Whole words, case ignored' },
    ],
  },
  {
    page: 'advanced',
    title: 'Reports and data',
    fields: [
      {
        path: 'historyDays',
        label: 'Report covers (days)',
        kind: 'int',
        hint: 'How many days of conversations the report looks back on.',
      },
      {
        path: 'retentionDays',
        label: 'Keep conversation counts for (days)',
        kind: 'int',
        hint: 'Older counts are deleted. Weaver never stores what people write.',
      },
      {
        path: 'snapshotHourUtc',
        label: 'Daily report at (hour, UTC)',
        kind: 'int',
        hint: 'When the report is recomputed each day.',
      },
      {
        path: 'readPrivateChannels',
        label: 'Private channels',
        kind: 'bool',
        hint: 'Count private channels Weaver is invited to',
      },
      {
        path: 'distributedOutsideMarketplace',
        label: 'Installed from outside the Slack Marketplace',
        kind: 'bool',
        hint: 'Read past messages slowly, as Slack requires of such apps',
      },
    ],
  },
  {
    page: 'advanced',
    title: 'Report findings',
    note: 'When the report calls something out. Lower thresholds find more; higher find only the clearest.',
    fields: [
      { path: 'findings.max', label: 'Findings shown at most', kind: 'int', hint: 'The most important come first.' },
      {
        path: 'findings.closedDepartmentEi',
        label: 'A team is closed at or below (E-I)',
        kind: 'decimal',
        hint: 'E-I runs from −1 (talks only inside) to +1 (only outside).',
      },
      {
        path: 'findings.dividedModularity',
        label: 'The company is divided from (modularity)',
        kind: 'decimal',
        hint: 'Modularity runs from 0 (teams mix freely) to 1 (teams never mix).',
      },
      {
        path: 'findings.bridgeMinExpected',
        label: 'Missing bridge: ties expected at least',
        kind: 'decimal',
        hint: 'Two teams that do not talk are called out only when chance alone predicts this many ties.',
      },
      {
        path: 'findings.communityMinDepartments',
        label: 'Community without a channel: teams at least',
        kind: 'int',
        hint: 'A group that talks across this many teams is suggested a channel.',
      },
      {
        path: 'findings.communityMinUncovered',
        label: 'Community without a channel: share outside channels',
        kind: 'decimal',
        hint: '…when at least this share of its talk happens outside any shared channel.',
      },
      {
        path: 'findings.unchangedWithin',
        label: 'Changes smaller than this read “about the same”',
        kind: 'decimal',
        hint: 'In the measure’s own unit, when comparing with the previous report.',
      },
      {
        path: 'findings.minTies',
        label: 'Fewest ties behind a finding or a trend point',
        kind: 'int',
        hint: 'A finding, a change since last month or a point of the trend resting on fewer is not shown: too little to tell.',
      },
    ],
  },
];

/** Every field, on either page. */
export const SETTINGS_FIELDS: SettingsField[] = SETTINGS_GROUPS.flatMap((g) => g.fields);

export function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

const option = (value: string, label: string): PlainTextOption => ({
  text: { type: 'plain_text', text: clamp(label, LIMITS.optionText) },
  value,
});

function inputBlock(f: SettingsField, current: unknown): KnownBlock {
  const label = { type: 'plain_text' as const, text: clamp(f.label, 2000) };
  const hint = f.hint ? { hint: { type: 'plain_text' as const, text: clamp(f.hint, 2000) } } : {};
  const base = { type: 'input' as const, block_id: f.path, label, ...hint };
  switch (f.kind) {
    case 'int':
    case 'decimal': {
      const { min, max } = settingBounds(f.path);
      return {
        ...base,
        element: {
          type: 'number_input',
          action_id: FIELD_ACTION,
          is_decimal_allowed: f.kind === 'decimal',
          initial_value: String(current),
          ...(min !== undefined ? { min_value: String(min) } : {}),
          ...(max !== undefined ? { max_value: String(max) } : {}),
        },
      };
    }
    case 'bool': {
      // Two choices, not an optional checkbox: Slack would add "(optional)" to the label of a setting
      // that is simply on or off.
      const on = option('on', f.hint ?? 'On');
      const off = option('off', 'Off');
      return {
        ...base,
        hint: undefined,
        element: {
          type: 'radio_buttons',
          action_id: FIELD_ACTION,
          options: [on, off],
          initial_option: current ? on : off,
        },
      } as KnownBlock;
    }
    case 'select': {
      const opts = (f.options ?? []).map((o) => option(o.value, o.label));
      return {
        ...base,
        element: {
          type: 'static_select',
          action_id: FIELD_ACTION,
          options: opts,
          initial_option: opts.find((o) => o.value === current) ?? opts[0],
        },
      };
    }
    case 'patterns':
      return {
        ...base,
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: FIELD_ACTION,
          initial_value: ((current as string[]) ?? []).join(', '),
          max_length: 3000,
        },
      };
    case 'text':
      return {
        ...base,
        element: {
          type: 'plain_text_input',
          action_id: FIELD_ACTION,
          initial_value: String(current ?? ''),
          max_length: 80,
        },
      };
    case 'users':
      return {
        ...base,
        optional: true,
        element: {
          type: 'multi_users_select',
          action_id: FIELD_ACTION,
          initial_users: ((current as string[]) ?? []).slice(0, 100),
        },
      };
  }
}

/** A channel in the per-channel kind picker: "#design-guild (purpose, set by hand)". */
export function channelKindOptionLabel(c: { name: string; kind: string; override: string | null }): string {
  return `#${c.name} (${c.override ?? c.kind}${c.override ? ', set by hand' : ''})`;
}

export interface OverrideRow {
  name: string;
  kind: string;
}

/** The first field of a page: where a problem that concerns no one field is shown. */
export const firstFieldOf = (page: SettingsPage): string =>
  SETTINGS_GROUPS.find((g) => g.page === page)?.fields[0]?.path ?? SETTINGS_FIELDS[0].path;

/** The fields a page holds. */
export const fieldsOf = (page: SettingsPage): SettingsField[] =>
  SETTINGS_GROUPS.filter((g) => g.page === page).flatMap((g) => g.fields);

function modal(callbackId: string, title: string, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: clamp(title, LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

function groupBlocks(page: SettingsPage, settings: Settings, extra: (title: string) => KnownBlock[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const group of SETTINGS_GROUPS.filter((g) => g.page === page)) {
    if (blocks.length) blocks.push(divider());
    blocks.push(header(group.title));
    if (group.note) blocks.push(context(group.note));
    for (const f of group.fields) blocks.push(inputBlock(f, valueAt(settings, f.path)));
    blocks.push(...extra(group.title));
  }
  return blocks;
}

/** The main settings page: the choices a lead makes, with the departments upload and the way to Advanced. */
export function settingsModal(settings: Settings): ModalView {
  const blocks = groupBlocks('main', settings, (title) =>
    title === 'Departments'
      ? [
          actions(
            'settings_departments',
            button('Upload a departments file', ACTIONS.settingsUploadDepartments, 'upload'),
          ),
        ]
      : [],
  );
  blocks.push(
    divider(),
    section(
      '*Advanced:* channel rules, how introductions are scored and timed, report thresholds.',
      button('Advanced settings', ACTIONS.settingsOpenAdvanced, 'advanced'),
    ),
  );
  return modal(CALLBACKS.settingsModal, 'Weaver settings', blocks);
}

/** The Advanced page: tuning, one line each on what a value changes, and the per-channel kinds. */
export function advancedSettingsModal(settings: Settings, overrides: OverrideRow[], overrideCount: number): ModalView {
  const blocks = groupBlocks('advanced', settings, (title) => {
    if (title === 'Reports and data')
      return [
        section(
          '*Past conversations:* load a Slack export so the report has the past at once (a small export here; a larger one with `weaver import` on the server).',
          button('Upload a Slack export', ACTIONS.settingsUploadExport, 'upload'),
        ),
      ];
    if (title !== 'Channel kinds') return [];
    const shown = overrides.map((o) => `#${escapeMrkdwn(o.name)} → ${o.kind}`).join(', ');
    return [
      section(
        `*Channels chosen by hand* (${overrideCount})${shown ? `: ${shown}${overrideCount > overrides.length ? ', …' : ''}` : ''}`,
      ),
      {
        type: 'input',
        block_id: OVERRIDE_CHANNEL_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Choose the kind of one channel' },
        element: {
          type: 'external_select',
          action_id: ACTIONS.settingsChannelOverride,
          min_query_length: 1,
          placeholder: { type: 'plain_text', text: 'Type a channel name' },
        },
      },
      {
        type: 'input',
        block_id: OVERRIDE_KIND_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Its kind' },
        element: {
          type: 'static_select',
          action_id: FIELD_ACTION,
          options: OVERRIDE_KINDS.map((k) =>
            option(k, k === 'auto' ? 'automatic (undo my choice)' : k === 'purpose' ? 'community' : k),
          ),
        },
      },
    ];
  });
  return modal(CALLBACKS.settingsAdvancedModal, 'Advanced settings', blocks);
}

/** What the settings modal says about a value it refused (the field's own rule where there is one). */
export function settingsFieldError(field: string, message: string, code: string): string {
  const f = SETTINGS_FIELDS.find((x) => x.path === field);
  const { min, max } = settingBounds(field);
  if (f && (f.kind === 'int' || f.kind === 'decimal') && min !== undefined && max !== undefined) {
    return `Enter ${f.kind === 'int' ? 'a whole number' : 'a number'} from ${min} to ${max}.`;
  }
  if (f?.kind === 'patterns') return 'Each pattern is 1 to 80 characters, at most 30 patterns, separated by commas.';
  if (f?.kind === 'text' && code === 'too_small') return 'This cannot be empty.';
  return message;
}

/** The settings modal's other errors, shown on the field they concern. */
export const SETTINGS_ERRORS = {
  overrideKindMissing: 'Pick the kind for the channel you chose.',
  unknownChannel: 'Weaver does not know this channel yet; it appears after the next sync.',
  unreadable: 'This form could not be read. Close it and open Settings again.',
  saveFailed: 'Settings could not be saved right now. Please try again.',
};
