/**
 * The lead's settings form: opening the modal, saving a submitted form, and the channel picker's
 * options. The listener (slack/listeners/views/settings.ts) reads the modal's state into a
 * `SettingsForm`; here it is applied onto the current settings, validated with the settings schema
 * and written with the per-channel override in one transaction. Jobs read settings fresh, so the
 * change applies on the next job without a restart.
 */
import type { WebClient } from '@slack/web-api';
import { settingsSchema, type Settings } from '../../domain/settings';
import { setChannelKindOverride } from '../../store/channels';
import { channelKindOverrides, channelsNamed } from '../../store/home';
import { saveSettings, settingsFor } from '../../store/settings';
import { departmentsUploadModal } from '../../views/departmentsUpload';
import { exportUploadModal } from '../../views/exportUpload';
import { advancedSettingsModal, channelKindOptionLabel, settingsModal } from '../../views/settingsModal';
import type { Services } from '../context';
import { allowLead, isLead } from './access';
import { MAX_EXPORT_MB } from './exportUpload';
import type { ChannelKind } from '../../domain/channelKinds';

/** A submitted settings form: values by setting path ("findings.max"), and the per-channel override. */
export interface SettingsForm {
  fields: Record<string, unknown>;
  override: { channelId: string | null; kind: string | null };
}

export interface SettingsIssue {
  path: PropertyKey[];
  message: string;
  code: string;
}

export type SettingsProblem =
  | { kind: 'notLead' }
  | { kind: 'invalid'; issues: SettingsIssue[] }
  | { kind: 'overrideKindMissing' }
  | { kind: 'unknownChannel' };

export type SettingsSaveResult = { saved: true } | { saved: false; problem: SettingsProblem };

const OVERRIDES_SHOWN = 20;

/** Settings: opens the main page (leads only). */
export async function openSettings(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  triggerId: string,
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'open settings'))) return;
  const settings = await settingsFor(services.db, teamId);
  await client.views.open({ trigger_id: triggerId, view: settingsModal(settings) });
}

/** "Advanced settings" on the main page: the tuning page, pushed over it (leads only). */
export async function openAdvancedSettings(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  triggerId: string,
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'open settings'))) return;
  const [settings, overrides] = await Promise.all([
    settingsFor(services.db, teamId),
    channelKindOverrides(services.db, teamId, OVERRIDES_SHOWN + 1),
  ]);
  const shown = overrides.slice(0, OVERRIDES_SHOWN).map((o) => ({ name: o.name, kind: o.override ?? o.kind }));
  await client.views.push({ trigger_id: triggerId, view: advancedSettingsModal(settings, shown, overrides.length) });
}

/** "Upload a departments file" (main page) or "Upload a Slack export" (Advanced page): its form, pushed over Settings (leads only). */
export async function openUploadForm(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  triggerId: string,
  what: 'departments file' | 'Slack export',
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, `upload a ${what}`))) return;
  const view = what === 'departments file' ? departmentsUploadModal() : exportUploadModal(MAX_EXPORT_MB);
  await client.views.push({ trigger_id: triggerId, view });
}

/** The current settings with the form's values put in (not validated: the schema does that). */
export function settingsWith(current: Settings, fields: Record<string, unknown>): Record<string, unknown> {
  const candidate = structuredClone(current) as Record<string, unknown>;
  for (const [path, value] of Object.entries(fields)) {
    const keys = path.split('.');
    let o = candidate;
    for (const k of keys.slice(0, -1)) {
      o[k] = (o[k] as Record<string, unknown>) ?? {};
      o = o[k] as Record<string, unknown>;
    }
    o[keys[keys.length - 1]] = value;
  }
  return candidate;
}

/** Writes the settings and the override together; false (nothing written) when the channel is unknown. */
async function writeSettings(
  services: Services,
  teamId: string,
  userId: string,
  settings: Settings,
  form: SettingsForm,
) {
  const { channelId, kind } = form.override;
  let unknownChannel = false;
  await services.db
    .transaction(async (trx) => {
      await saveSettings(trx, teamId, settings, userId);
      if (!channelId || !kind) return;
      // the modal offers exactly the kinds and 'auto' (OVERRIDE_KINDS)
      const chosen = kind === 'auto' ? null : (kind as ChannelKind);
      if (!(await setChannelKindOverride(trx, teamId, channelId, chosen, services.now()))) {
        unknownChannel = true;
        throw new Error('unknown channel');
      }
    })
    .catch((err) => {
      if (!unknownChannel) throw err;
    });
  return !unknownChannel;
}

/** Saves a submitted settings form (leads only); the problem says what to tell the lead. */
export async function saveSettingsForm(
  services: Services,
  teamId: string,
  userId: string,
  form: SettingsForm,
): Promise<SettingsSaveResult> {
  if (!(await isLead(services, teamId, userId))) return { saved: false, problem: { kind: 'notLead' } };
  const current = await settingsFor(services.db, teamId);
  const parsed = settingsSchema.safeParse(settingsWith(current, form.fields));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }));
    return { saved: false, problem: { kind: 'invalid', issues } };
  }
  if (form.override.channelId && !form.override.kind) return { saved: false, problem: { kind: 'overrideKindMissing' } };
  if (!(await writeSettings(services, teamId, userId, parsed.data, form))) {
    return { saved: false, problem: { kind: 'unknownChannel' } };
  }
  services.logger.info({ teamId, userId }, 'settings saved');
  return { saved: true };
}

/** Options for the settings modal's channel select; empty for a non-lead. */
export async function channelOptionsFor(
  services: Services,
  teamId: string,
  userId: string,
  query: string,
): Promise<Array<{ text: string; value: string }>> {
  if (!(await isLead(services, teamId, userId))) return [];
  const channels = await channelsNamed(services.db, teamId, query.trim().replace(/^#/, ''), 100);
  return channels.map((c) => ({
    text: channelKindOptionLabel(c),
    value: c.channelId,
  }));
}
