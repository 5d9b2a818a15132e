/**
 * The settings modal (leads only). One table of fields drives both the modal and the reading of
 * its submitted state, so every setting of src/domain/settings.ts appears exactly once; the block
 * id of an input is the setting's path (e.g. `rounds.coolDownDays`), which is also where a zod
 * issue is reported back as a field error. Number bounds come from the schema (`settingBounds`). Pure.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { type Settings, settingBounds } from '../domain/settings';
import { ACTIONS, CALLBACKS } from './actionIds';
import { context, divider, header, section } from './blocks';
import { LIMITS, clamp, escapeMrkdwn } from './limits';

type FieldKind = 'int' | 'decimal' | 'bool' | 'select' | 'patterns' | 'text' | 'users';

export interface SettingsField {
  path: string;
  label: string;
  kind: FieldKind;
  hint?: string;
  options?: Array<{ value: string; label: string }>;
}

interface FieldGroup {
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
    title: 'Departments',
    note: 'Where each person’s department comes from. *CSV*: load a file with the header `id,department` (Slack user id or email) using the command line; rows with errors are reported with their line numbers.',
    fields: [
      {
        path: 'departmentSource.kind',
        label: 'Department source',
        kind: 'select',
        options: [
          { value: 'profile_field', label: 'A Slack profile field' },
          { value: 'csv', label: 'A CSV file (id,department)' },
          { value: 'channels', label: 'Department channels' },
          { value: 'scim', label: 'SCIM (Business+ / Enterprise Grid, needs SLACK_SCIM_TOKEN)' },
        ],
      },
      {
        path: 'departmentSource.profileFieldLabel',
        label: 'Profile field label',
        kind: 'text',
        hint: 'The label of the custom profile field, e.g. Department',
      },
      {
        path: 'departmentSource.channelPattern',
        label: 'Department channel pattern',
        kind: 'text',
        hint: 'e.g. team-* : members of #team-design are in "design"',
      },
    ],
  },
  {
    title: 'Channel kinds',
    note: 'Glob patterns, comma separated (`*` matches anything). The per-channel choice below wins over every pattern.',
    fields: [
      { path: 'channelKinds.purpose', label: 'Purpose (community) channels', kind: 'patterns' },
      { path: 'channelKinds.department', label: 'Department channels', kind: 'patterns' },
      { path: 'channelKinds.broadcast', label: 'Broadcast channels', kind: 'patterns' },
      {
        path: 'channelKinds.departmentShare',
        label: 'Departmental when one department has this share',
        kind: 'decimal',
      },
      {
        path: 'channelKinds.broadcastShare',
        label: 'Broadcast when it holds this share of everyone',
        kind: 'decimal',
      },
    ],
  },
  {
    title: 'Introduction rounds',
    fields: [
      { path: 'rounds.enabled', label: 'Rounds', kind: 'bool', hint: 'Send introductions each round' },
      {
        path: 'rounds.cadence',
        label: 'Cadence',
        kind: 'select',
        options: [
          { value: 'weekly', label: 'Every week' },
          { value: 'biweekly', label: 'Every two weeks' },
          { value: 'monthly', label: 'Every month' },
        ],
      },
      {
        path: 'rounds.coolDownDays',
        label: 'Cool-down before the same pair again (days)',
        kind: 'int',
      },
      {
        path: 'rounds.minOverlapHours',
        label: 'Minimum working-hours overlap (hours)',
        kind: 'decimal',
      },
      { path: 'rounds.weights.passion', label: 'Weight: shared passions', kind: 'decimal' },
      { path: 'rounds.weights.complement', label: 'Weight: teach / learn fit', kind: 'decimal' },
      { path: 'rounds.weights.bridging', label: 'Weight: bridging a silo', kind: 'decimal' },
      {
        path: 'rounds.reminderAfterDays',
        label: 'Remind an unanswered suggestion after (days)',
        kind: 'int',
      },
      { path: 'rounds.expireAfterDays', label: 'Suggestion expires after (days)', kind: 'int' },
      { path: 'rounds.followUpAfterDays', label: 'Ask "did you meet?" after (days)', kind: 'int' },
      { path: 'rounds.candidatesPerPerson', label: 'Candidates scored per person', kind: 'int' },
    ],
  },
  {
    title: 'Passion prompts',
    fields: [
      { path: 'prompts.enabled', label: 'Prompts', kind: 'bool', hint: 'Ask people about their passions' },
      { path: 'prompts.sendHour', label: 'Send hour (each person’s local time)', kind: 'int' },
      {
        path: 'prompts.welcomeDelayDays',
        label: 'First prompt this many days after joining',
        kind: 'int',
      },
      {
        path: 'prompts.firstPromptSpreadDays',
        label: 'Spread first prompts over (days)',
        kind: 'int',
      },
      { path: 'prompts.refreshAfterDays', label: 'Ask again after (days)', kind: 'int' },
      { path: 'prompts.maxReminders', label: 'Reminders at most', kind: 'int' },
      { path: 'prompts.reminderIntervalDays', label: 'Days between reminders', kind: 'int' },
    ],
  },
  {
    title: 'Rhythm nudges',
    fields: [
      { path: 'nudges.enabled', label: 'Nudges', kind: 'bool', hint: 'Nudge a community channel that has gone quiet' },
      { path: 'nudges.quietWeeks', label: 'Quiet for (weeks)', kind: 'int' },
    ],
  },
  {
    title: 'Reports, privacy and leads',
    fields: [
      { path: 'privacyThreshold', label: 'Privacy threshold (smallest group shown)', kind: 'int' },
      { path: 'snapshotHourUtc', label: 'Daily report at (hour, UTC)', kind: 'int' },
      { path: 'historyDays', label: 'Interactions window (days)', kind: 'int' },
      { path: 'retentionDays', label: 'Keep interaction data for (days)', kind: 'int' },
      {
        path: 'readPrivateChannels',
        label: 'Private channels',
        kind: 'bool',
        hint: 'Count private channels the bot is invited to',
      },
      { path: 'leads', label: 'Leads', kind: 'users', hint: 'Besides workspace admins and owners and WEAVER_LEADS' },
    ],
  },
  {
    title: 'Report findings (docs/reading-reports.md)',
    fields: [
      { path: 'findings.max', label: 'Findings shown at most', kind: 'int' },
      {
        path: 'findings.closedDepartmentEi',
        label: 'Closed department: E-I at or below',
        kind: 'decimal',
      },
      {
        path: 'findings.dividedModularity',
        label: 'Strongly divided: modularity from',
        kind: 'decimal',
      },
      {
        path: 'findings.bridgeMinExpected',
        label: 'Missing bridge: at least this many ties expected',
        kind: 'decimal',
      },
      {
        path: 'findings.communityMinDepartments',
        label: 'Community without a channel: departments at least',
        kind: 'int',
      },
      {
        path: 'findings.communityMinUncovered',
        label: 'Community without a channel: share of ties outside channels',
        kind: 'decimal',
      },
      {
        path: 'findings.unchangedWithin',
        label: 'Change smaller than this counts as unchanged',
        kind: 'decimal',
      },
      {
        path: 'findings.minTies',
        label: 'Fewest ties behind a finding or a trend point',
        kind: 'int',
      },
    ],
  },
];

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
      const on = option('on', f.hint ?? f.label);
      return {
        ...base,
        optional: true,
        hint: undefined,
        element: {
          type: 'checkboxes',
          action_id: FIELD_ACTION,
          options: [on],
          ...(current ? { initial_options: [on] } : {}),
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

export interface OverrideRow {
  name: string;
  kind: string;
}

export function settingsModal(settings: Settings, overrides: OverrideRow[], overrideCount: number): ModalView {
  const blocks: KnownBlock[] = [];
  for (const group of SETTINGS_GROUPS) {
    blocks.push(header(group.title));
    if (group.note) blocks.push(context(group.note));
    for (const f of group.fields) blocks.push(inputBlock(f, valueAt(settings, f.path)));
    if (group.title === 'Channel kinds') {
      const shown = overrides.map((o) => `#${escapeMrkdwn(o.name)} → ${o.kind}`).join(', ');
      blocks.push(
        section(
          `*Per-channel kinds* (${overrideCount} set by hand)${shown ? `: ${shown}${overrideCount > overrides.length ? ', …' : ''}` : ''}`,
        ),
        {
          type: 'input',
          block_id: OVERRIDE_CHANNEL_BLOCK,
          optional: true,
          label: { type: 'plain_text', text: 'Set the kind of one channel' },
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
            options: OVERRIDE_KINDS.map((k) => option(k, k === 'auto' ? 'automatic (remove my choice)' : k)),
          },
        },
      );
    }
    blocks.push(divider());
  }
  return {
    type: 'modal',
    callback_id: CALLBACKS.settingsModal,
    title: { type: 'plain_text', text: clamp('Weaver settings', LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
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
