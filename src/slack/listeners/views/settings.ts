/**
 * The settings modal's submission: its state is read here into a typed `SettingsForm`, the service
 * validates and saves it, and what it refuses goes back into the modal as field errors.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { refreshHome } from '../../../services/home/page';
import { saveSettingsForm, type SettingsForm, type SettingsProblem } from '../../../services/home/settings';
import { ACTIONS, CALLBACKS } from '../../../views/actionIds';
import { LEAD_NOTICES, ONLY_LEADS } from '../../../views/home/notices';
import {
  FIELD_ACTION,
  OVERRIDE_CHANNEL_BLOCK,
  OVERRIDE_KIND_BLOCK,
  SETTINGS_ERRORS,
  SETTINGS_FIELDS,
  firstFieldOf,
  settingsFieldError,
  type SettingsField,
  type SettingsPage,
} from '../../../views/settingsModal';

/** What a settings submission carries, per block id; shaped like Slack's view.state.values. */
export type ModalState = Record<
  string,
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: Array<{ value: string }>;
      selected_users?: string[];
    }
  >
>;

type ModalInput = ModalState[string][string];

const submission = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string() }).nullable().optional(),
  view: z.object({ state: z.object({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }) }),
});

/** One input's value; a number that does not parse becomes NaN so the schema reports it on its field. */
function inputValue(f: SettingsField, input: ModalInput): { value: unknown } | null {
  switch (f.kind) {
    case 'int':
    case 'decimal': {
      const raw = (input.value ?? '').trim();
      return { value: raw === '' ? undefined : Number(raw) };
    }
    case 'bool':
      // radio buttons (on / off); checkboxes in forms opened before the change
      return {
        value: input.selected_option?.value === 'on' || (input.selected_options ?? []).some((o) => o.value === 'on'),
      };
    case 'select':
      return input.selected_option ? { value: input.selected_option.value } : null;
    case 'patterns':
      return {
        value: (input.value ?? '')
          .split(/[,\n]/)
          .map((p) => p.trim())
          .filter(Boolean),
      };
    case 'text':
      return { value: input.value ?? '' };
    case 'users':
      return { value: input.selected_users ?? [] };
  }
  return null;
}

/** Reads the submitted state: the values of the fields it has, and the per-channel override. */
export function settingsForm(state: ModalState): SettingsForm {
  const fields: Record<string, unknown> = {};
  for (const f of SETTINGS_FIELDS) {
    const input = state[f.path]?.[FIELD_ACTION];
    const read = input ? inputValue(f, input) : null;
    if (read) fields[f.path] = read.value;
  }
  const override = {
    channelId: state[OVERRIDE_CHANNEL_BLOCK]?.[ACTIONS.settingsChannelOverride]?.selected_option?.value ?? null,
    kind: state[OVERRIDE_KIND_BLOCK]?.[FIELD_ACTION]?.selected_option?.value ?? null,
  };
  return { fields, override };
}

/** The modal field a schema issue belongs to: the longest field path that contains it. */
function fieldFor(issuePath: PropertyKey[], page: SettingsPage): string {
  const path = issuePath.map(String).join('.');
  const fields = SETTINGS_FIELDS.filter((f) => path === f.path || path.startsWith(`${f.path}.`));
  return fields.sort((a, b) => b.path.length - a.path.length)[0]?.path ?? firstFieldOf(page);
}

/** What the modal shows for a refused submission, by block id (on the page that was submitted). */
export function modalErrors(problem: SettingsProblem, page: SettingsPage = 'main'): Record<string, string> {
  switch (problem.kind) {
    case 'notLead':
      return { [firstFieldOf(page)]: ONLY_LEADS };
    case 'overrideKindMissing':
      return { [OVERRIDE_KIND_BLOCK]: SETTINGS_ERRORS.overrideKindMissing };
    case 'unknownChannel':
      return { [OVERRIDE_CHANNEL_BLOCK]: SETTINGS_ERRORS.unknownChannel };
    case 'invalid': {
      const errors: Record<string, string> = {};
      for (const issue of problem.issues) {
        const field = fieldFor(issue.path, page);
        errors[field] ??= settingsFieldError(field, issue.message, issue.code);
      }
      return errors;
    }
  }
}

export function register(app: App, services: Services): void {
  const pages: Array<[string, SettingsPage]> = [
    [CALLBACKS.settingsModal, 'main'],
    [CALLBACKS.settingsAdvancedModal, 'advanced'],
  ];
  for (const [callbackId, page] of pages) {
    app.view(callbackId, async ({ ack, body, context }) => {
      const fallback = firstFieldOf(page);
      const parsed = submission.safeParse(body);
      if (!parsed.success) {
        await ack({ response_action: 'errors', errors: { [fallback]: SETTINGS_ERRORS.unreadable } });
        return;
      }
      const teamId = context.teamId ?? parsed.data.team?.id ?? '';
      const userId = parsed.data.user.id;
      try {
        const form = settingsForm(parsed.data.view.state.values as ModalState);
        const result = await saveSettingsForm(services, teamId, userId, form);
        if (!result.saved) {
          await ack({ response_action: 'errors', errors: modalErrors(result.problem, page) });
          return;
        }
        await ack();
      } catch (err) {
        services.logger.error({ err: (err as Error).message }, 'saving settings failed');
        await ack({ response_action: 'errors', errors: { [fallback]: SETTINGS_ERRORS.saveFailed } });
        return;
      }
      await refreshHome(services, teamId, userId, { mode: 'lead', notice: LEAD_NOTICES.settingsSaved }).catch((err) =>
        services.logger.warn({ err: (err as Error).message }, 'home refresh after settings failed'),
      );
    });
  }
}
