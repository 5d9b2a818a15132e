/**
 * App Home: builds each person's view model and publishes it, and carries out the lead view's
 * actions (refresh, export, dry run, settings, suggest a channel).
 *
 * Opening the Home tab only reads: the latest stored report snapshot and the person's own rows;
 * it never computes a report. Every lead action checks access here, not only by hiding buttons.
 *
 * Other features plug in through HomeHooks (registered at start-up): the report module renders the
 * heat map PNG and the CSV and recomputes the report; the introductions module runs a dry round.
 * Without a hook the Home tab still works and says what is unavailable.
 */
import type { WebClient } from '@slack/web-api';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { draftChannel, leadDashboard, type LeadDashboard } from '../domain/dashboard';
import { settingsSchema, type Settings } from '../domain/settings';
import { homeView, type HomeMode, type LeadPageModel, type MemberPageModel } from '../views/home';
import { settingsCandidate, settingsModal, overrideChoice, SETTINGS_FIELDS, type ModalState } from '../views/settingsModal';
import {
  CONTACT_FREQUENCIES,
  channelKindOverrides,
  channelsNamed,
  channelsToDiscover,
  introTotals,
  memberFlags,
  passionAnswerCounts,
  pendingSuggestionFor,
  recentIntrosFor,
  setChannelKindOverride,
  type ContactFrequency,
  type MemberFlags,
} from '../store/home';
import { passionLabelsOf } from '../store/passions';
import { setContactFrequency, setNotifyNoMatch } from '../store/members';
import { latestSnapshots, setSnapshotChart, setSnapshotTrend, snapshotsForDashboard, type StoredSnapshot } from '../store/snapshots';
import { saveSettings, settingsFor } from '../store/settings';
import { whatReaderIsTold } from '../domain/introductions/whatEachIsTold';
import { passionWording } from '../store/introData';
import { loadIntroFunnel } from './introFunnel';
import type { Services } from './context';
import { projectionLines, type DryRunProjection } from '../views/dryRunProjection';
import { uploadFile } from './slackFiles';

export interface DryRunSummary {
  /** people who could be introduced this round */
  eligible: number;
  /** pairs (or groups) the round would propose */
  proposed: number;
  /** people left without a match */
  unmatched: number;
  /** why people were left out or unmatched, as counts: no names */
  reasons: Array<{ reason: string; count: number }>;
  /** a quarter of rounds simulated on this workspace, Weaver next to random pairing (weaver simulate) */
  projection?: DryRunProjection;
}

export interface HomeHooks {
  renderHeatmapPng?(report: unknown): Buffer | Promise<Buffer>;
  /** the 12-week trend chart; null when the report has too little history to draw */
  renderTrendPng?(report: unknown): Buffer | null | Promise<Buffer | null>;
  exportCsv?(report: unknown): string | Promise<string>;
  dryRun?(services: Services, teamId: string): Promise<DryRunSummary>;
  refreshReport?(services: Services, teamId: string): Promise<void>;
}

let hooks: HomeHooks = {};

/** Plugs other features into the Home tab; later registrations replace the hooks they name. */
export function registerHomeHooks(more: HomeHooks): void {
  hooks = { ...hooks, ...more };
}

/** Forgets every hook (tests). */
export function clearHomeHooks(): void {
  hooks = {};
}

export const ONLY_LEADS = 'Only leads can do that. Ask a Weaver lead or a workspace admin if you need the report.';
const RECENT_INTROS = 5;
const DISCOVER_CHANNELS = 5;
/** "Several" people sharing your passions: the fewest that make a channel worth suggesting. */
const MIN_KINDRED = 2;

function leadFrom(services: Services, settings: Settings, flags: MemberFlags | null, userId: string): boolean {
  return services.config.leads.includes(userId) || settings.leads.includes(userId) || Boolean(flags && (flags.isAdmin || flags.isOwner));
}

/** Leads: WEAVER_LEADS, the settings' lead list, workspace admins and owners. */
export async function isLead(services: Services, teamId: string, userId: string): Promise<boolean> {
  const [settings, flags] = await Promise.all([settingsFor(services.db, teamId), memberFlags(services.db, teamId, userId)]);
  return leadFrom(services, settings, flags, userId);
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

async function memberPage(services: Services, teamId: string, userId: string, flags: MemberFlags | null): Promise<MemberPageModel> {
  const { db } = services;
  const [passions, pending, recent] = await Promise.all([
    passionLabelsOf(db, teamId, userId),
    pendingSuggestionFor(db, teamId, userId),
    recentIntrosFor(db, teamId, userId, RECENT_INTROS),
  ]);
  const discover = passions && !flags?.optedOut ? await channelsToDiscover(db, teamId, userId, passions.canonicalTags, MIN_KINDRED, DISCOVER_CHANNELS) : [];
  const paused = flags?.pausedUntil && flags.pausedUntil > services.now() ? day(flags.pausedUntil) : null;
  return {
    userId,
    frequency: flags?.contactFrequency ?? 'normal',
    notifyNoMatch: flags?.notifyNoMatch ?? false,
    optedOut: flags?.optedOut ?? false,
    pausedUntil: paused,
    passions: passions ? { tags: passions.tags, teach: passions.teach, learn: passions.learn } : null,
    pending: pending
      ? {
          introId: pending.introId,
          others: pending.others,
          told: whatReaderIsTold(userId, pending.members, pending.shared, await passionWording(db, teamId, [userId])),
        }
      : null,
    recent: recent.map((r) => ({ introId: r.introId, others: r.others, status: r.status, myResponse: r.myResponse, outcome: r.outcome, day: day(r.createdAt) })),
    discover,
  };
}

/** The lead dashboard of the latest snapshot, with the privacy threshold applied. */
export async function dashboardFor(services: Services, teamId: string, settings?: Settings): Promise<{ dashboard: LeadDashboard; latest: StoredSnapshot | null }> {
  const { db } = services;
  const s = settings ?? (await settingsFor(db, teamId));
  const [snapshots, answers, totals, funnel] = await Promise.all([
    snapshotsForDashboard(db, teamId),
    passionAnswerCounts(db, teamId),
    introTotals(db, teamId),
    loadIntroFunnel(db, teamId, services.now(), s.privacyThreshold),
  ]);
  const [latest, previous] = snapshots;
  const dashboard = leadDashboard(latest ?? null, previous ?? null, s.privacyThreshold, {
    ...answers,
    introsAccepted: totals.accepted,
    introsMet: totals.met,
    funnel,
  });
  return { dashboard, latest: latest ?? null };
}

/**
 * The heat map of a snapshot as a Slack file: uploaded once per snapshot (the file id is stored on
 * it, and forgotten by the database when the snapshot's report changes), null without a renderer.
 */
async function chartFor(services: Services, client: WebClient, snapshot: StoredSnapshot | null): Promise<string | null> {
  if (!snapshot) return null;
  if (snapshot.chartFileId) return snapshot.chartFileId;
  if (!hooks.renderHeatmapPng) return null;
  try {
    const png = await hooks.renderHeatmapPng(snapshot.report);
    const fileId = await uploadFile(client, { bytes: png, filename: `weaver-heatmap-${snapshot.day}.png`, title: `Ties between departments, ${snapshot.day}` });
    return await setSnapshotChart(services.db, snapshot.id, fileId);
  } catch (err) {
    services.logger.warn({ err: (err as Error).message, snapshot: snapshot.id }, 'heat map upload failed');
    return null;
  }
}

export interface HomeState {
  mode?: HomeMode;
  page?: number;
  notice?: string | null;
}

/** The trend chart of a snapshot as a Slack file, uploaded once per snapshot like the heat map. */
async function trendFor(services: Services, client: WebClient, snapshot: StoredSnapshot | null): Promise<string | null> {
  if (!snapshot) return null;
  if (snapshot.trendFileId) return snapshot.trendFileId;
  if (!hooks.renderTrendPng) return null;
  try {
    const png = await hooks.renderTrendPng(snapshot.report);
    if (!png) return null;
    const fileId = await uploadFile(client, { bytes: png, filename: `weaver-trend-${snapshot.day}.png`, title: `Change over the last 12 weeks, ${snapshot.day}` });
    return await setSnapshotTrend(services.db, snapshot.id, fileId);
  } catch (err) {
    services.logger.warn({ err: (err as Error).message, snapshot: snapshot.id }, 'trend chart upload failed');
    return null;
  }
}

/** Publishes the Home tab for one person. Signature kept for every caller: (services, client, team, user). */
export async function publishHome(services: Services, client: WebClient, teamId: string, userId: string, state: HomeState = {}): Promise<void> {
  const [settings, flags] = await Promise.all([settingsFor(services.db, teamId), memberFlags(services.db, teamId, userId)]);
  const lead = leadFrom(services, settings, flags, userId);
  const mode: HomeMode = lead && state.mode === 'lead' ? 'lead' : 'member';
  const leadPage = async (): Promise<LeadPageModel> => {
    const { dashboard, latest } = await dashboardFor(services, teamId, settings);
    const [chartFileId, trendFileId] = await Promise.all([chartFor(services, client, latest), trendFor(services, client, latest)]);
    return { dashboard, page: state.page ?? 0, chartFileId, trendFileId, notice: state.notice ?? null };
  };
  const [member, leadModel] = mode === 'lead' ? [null, await leadPage()] : [await memberPage(services, teamId, userId, flags), null];
  await client.views.publish({ user_id: userId, view: homeView({ userId, isLead: lead, mode, member, lead: leadModel }) });
}

/** Re-publishes a person's Home tab after their data changed (passions saved, intro accepted, …). */
export async function refreshHome(services: Services, teamId: string, userId: string, state: HomeState = {}): Promise<void> {
  const client = await services.slackFor(teamId);
  if (!client) return;
  await publishHome(services, client, teamId, userId, state);
}

async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const opened = (await client.conversations.open({ users: userId })) as { channel?: { id?: string } };
  if (!opened.channel?.id) throw new Error('could not open a DM');
  return opened.channel.id;
}

/** True for a lead; otherwise tells the person, ephemerally, and returns false. */
async function allowLead(services: Services, client: WebClient, teamId: string, userId: string, what: string): Promise<boolean> {
  if (await isLead(services, teamId, userId)) return true;
  services.logger.warn({ teamId, userId, action: what }, 'lead action refused: not a lead');
  await client.chat.postEphemeral({ channel: await dmChannel(client, userId), user: userId, text: ONLY_LEADS });
  return false;
}

/** Lead view toggle and department pages. A non-lead asking for the lead view is refused. */
export async function showHomeMode(services: Services, client: WebClient, teamId: string, userId: string, mode: HomeMode, page = 0): Promise<void> {
  if (mode === 'lead' && !(await allowLead(services, client, teamId, userId, 'lead view'))) return;
  await publishHome(services, client, teamId, userId, { mode, page });
}

/** Refresh report: shows progress, recomputes through the report hook, then shows the new report. */
export async function refreshReportNow(services: Services, client: WebClient, teamId: string, userId: string): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'refresh report'))) return;
  if (!hooks.refreshReport) {
    await publishHome(services, client, teamId, userId, { mode: 'lead', notice: ':warning: Report computation is not available on this server yet.' });
    return;
  }
  await publishHome(services, client, teamId, userId, { mode: 'lead', notice: ':hourglass_flowing_sand: Refreshing the report… this page updates when it is done.' });
  try {
    await recomputeReport(services, teamId);
    await publishHome(services, client, teamId, userId, { mode: 'lead', notice: `:white_check_mark: Report refreshed at ${services.now().toISOString().slice(11, 16)} UTC.` });
  } catch (err) {
    services.logger.error({ teamId, err: (err as Error).message }, 'report refresh failed');
    await publishHome(services, client, teamId, userId, { mode: 'lead', notice: ':x: The report could not be refreshed. The previous report is shown; try again later.' });
  }
}

/** The dashboard as one long CSV (privacy applied), used when the report module's export is not plugged in. */
export function dashboardCsv(d: LeadDashboard): string {
  const rows: Array<Array<string | number | null>> = [['table', 'name', 'size', 'eiIndex', 'reach', 'breadth', 'silo', 'dominantDepartment', 'dominantShare', 'ties', 'expected']];
  for (const x of d.departments) rows.push(['department', x.name, x.size, x.eiIndex, x.reach, x.breadth, x.silo ? 'yes' : 'no', null, null, null, null]);
  for (const c of d.capturedChannels) rows.push(['captured_channel', c.name, c.members, null, null, null, null, c.dominantDepartment, c.dominantShare, null, null]);
  for (const b of d.missingBridges) rows.push(['missing_bridge', `${b.a} / ${b.b}`, null, null, null, null, null, null, null, b.ties, b.expected]);
  for (const c of d.communities) rows.push(['community', c.departments.join(' / '), c.size, null, null, null, null, null, null, null, null]);
  return stringify(rows);
}

/** Export CSV: the report uploaded into the lead's DM. */
export async function exportCsvToLead(services: Services, client: WebClient, teamId: string, userId: string): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'export csv'))) return;
  const channel = await dmChannel(client, userId);
  const { dashboard, latest } = await dashboardFor(services, teamId);
  if (!latest) {
    await client.chat.postMessage({ channel, text: 'There is no report to export yet. Press *Refresh report* in the Home tab first.' });
    return;
  }
  const csv = hooks.exportCsv ? await hooks.exportCsv(latest.report) : dashboardCsv(dashboard);
  await uploadFile(client, {
    bytes: Buffer.from(csv, 'utf8'),
    filename: `weaver-report-${latest.day}.csv`,
    title: `Weaver silo report ${latest.day}`,
    channelId: channel,
    initialComment: `The silo report of ${latest.day} as CSV. Groups smaller than ${dashboard.threshold} are merged or left out.`,
  });
}

export function dryRunText(s: DryRunSummary, threshold: number): string {
  const small = (n: number): string => (n > 0 && n < threshold ? `fewer than ${threshold}` : String(n));
  const reasons = s.reasons
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 15)
    .map((r) => `• ${r.reason}: ${small(r.count)}`);
  return [
    '*Dry-run introduction round* (nothing was sent)',
    `• people who could be introduced: ${s.eligible}`,
    `• introductions it would propose: ${s.proposed}`,
    `• people left without a match: ${small(s.unmatched)}`,
    ...(reasons.length ? ['*Why people were left out or unmatched*', ...reasons] : []),
    ...(s.projection ? projectionLines(s.projection, threshold) : []),
  ].join('\n');
}

/** Run a dry-run round: a DM with counts and reasons, never names. */
export async function dryRunToLead(services: Services, client: WebClient, teamId: string, userId: string): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'dry run'))) return;
  const channel = await dmChannel(client, userId);
  if (!hooks.dryRun) {
    await client.chat.postMessage({ channel, text: 'Dry-run rounds are not available on this server yet.' });
    return;
  }
  const [summary, settings] = await Promise.all([hooks.dryRun(services, teamId), settingsFor(services.db, teamId)]);
  await client.chat.postMessage({ channel, text: dryRunText(summary, settings.privacyThreshold) });
}

/** Suggest a channel: DMs the lead a draft name and purpose for an emerging community. */
export async function suggestChannelToLead(services: Services, client: WebClient, teamId: string, userId: string, communityIndex: number): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'suggest channel'))) return;
  const channel = await dmChannel(client, userId);
  const { dashboard } = await dashboardFor(services, teamId);
  const community = dashboard.communities.find((c) => c.index === communityIndex);
  if (!community) {
    await client.chat.postMessage({ channel, text: 'That community is no longer in the latest report. Open the Home tab again to see the current ones.' });
    return;
  }
  const draft = draftChannel(community);
  await client.chat.postMessage({
    channel,
    text: [
      '*A channel for an emerging community* (a draft: change anything you like)',
      `*Name:* #${draft.name}`,
      `*Purpose:* ${draft.purpose}`,
      'Create it from *Add channels → Create a new channel*, then share it where these teams already talk. Weaver does not add anyone: people join if they want to.',
    ].join('\n'),
  });
}

/** Settings: opens the modal (leads only). */
export async function openSettings(services: Services, client: WebClient, teamId: string, userId: string, triggerId: string): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'open settings'))) return;
  const [settings, overrides] = await Promise.all([settingsFor(services.db, teamId), channelKindOverrides(services.db, teamId, 21)]);
  await client.views.open({
    trigger_id: triggerId,
    view: settingsModal(settings, overrides.slice(0, 20).map((o) => ({ name: o.name, kind: o.override ?? o.kind })), overrides.length),
  });
}

export type SettingsSaveResult = { saved: true } | { saved: false; errors: Record<string, string> };

const fieldFor = (issuePath: PropertyKey[]): string => {
  const path = issuePath.map(String).join('.');
  const field = SETTINGS_FIELDS.filter((f) => path === f.path || path.startsWith(`${f.path}.`)).sort((a, b) => b.path.length - a.path.length)[0];
  return field?.path ?? SETTINGS_FIELDS[0].path;
};

function friendly(field: string, message: string, code: string): string {
  const f = SETTINGS_FIELDS.find((x) => x.path === field);
  if (f && (f.kind === 'int' || f.kind === 'decimal') && f.min !== undefined && f.max !== undefined) {
    return `Enter ${f.kind === 'int' ? 'a whole number' : 'a number'} from ${f.min} to ${f.max}.`;
  }
  if (f?.kind === 'patterns') return 'Each pattern is 1 to 80 characters, at most 30 patterns, separated by commas.';
  if (f?.kind === 'text' && code === 'too_small') return 'This cannot be empty.';
  return message;
}

/**
 * Saves the settings modal: validated with the settings schema (field errors returned for the
 * modal), then written with the per-channel override in one transaction. Jobs read settings fresh,
 * so the change applies on the next job without a restart.
 */
export async function saveSettingsFromModal(services: Services, teamId: string, userId: string, state: ModalState): Promise<SettingsSaveResult> {
  if (!(await isLead(services, teamId, userId))) return { saved: false, errors: { [SETTINGS_FIELDS[0].path]: ONLY_LEADS } };
  const current = await settingsFor(services.db, teamId);
  const parsed = settingsSchema.safeParse(settingsCandidate(state, current));
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = fieldFor(issue.path);
      errors[field] ??= friendly(field, issue.message, issue.code);
    }
    return { saved: false, errors };
  }
  const override = overrideChoice(state);
  if (override.channelId && !override.kind) return { saved: false, errors: { 'override.kind': 'Pick the kind for the channel you chose.' } };
  let unknownChannel = false;
  await services.db.transaction(async (trx) => {
    await saveSettings(trx, teamId, parsed.data, userId);
    if (override.channelId && override.kind) {
      const ok = await setChannelKindOverride(trx, teamId, override.channelId, override.kind === 'auto' ? null : override.kind);
      if (!ok) {
        unknownChannel = true;
        throw new Error('unknown channel');
      }
    }
  }).catch((err) => {
    if (!unknownChannel) throw err;
  });
  if (unknownChannel) return { saved: false, errors: { 'override.channel': 'Weaver does not know this channel yet; it appears after the next sync.' } };
  services.logger.info({ teamId, userId }, 'settings saved');
  return { saved: true };
}

/** Options for the settings modal's channel select; empty for a non-lead. */
export async function channelOptionsFor(services: Services, teamId: string, userId: string, query: string): Promise<Array<{ text: string; value: string }>> {
  if (!(await isLead(services, teamId, userId))) return [];
  const channels = await channelsNamed(services.db, teamId, query.trim().replace(/^#/, ''), 100);
  return channels.map((c) => ({ text: `#${c.name} (${c.override ?? c.kind}${c.override ? ', set by hand' : ''})`, value: c.channelId }));
}

/** A member's own choice: be told (or not) when a round finds nobody for them. */
export async function chooseNotifyNoMatch(services: Services, client: WebClient, teamId: string, userId: string, on: boolean): Promise<void> {
  await setNotifyNoMatch(services.db, teamId, userId, on);
  await publishHome(services, client, teamId, userId);
}

export const frequencySchema = z.enum(CONTACT_FREQUENCIES);

/** A member's own choice of how often prompts and introductions come. */
export async function chooseFrequency(services: Services, client: WebClient, teamId: string, userId: string, frequency: ContactFrequency): Promise<void> {
  await setContactFrequency(services.db, teamId, userId, frequency);
  await publishHome(services, client, teamId, userId);
}

/**
 * The daily snapshot: recomputes the report through the report module's hook, then uploads the
 * new heat map right away so the next Home opening does not wait for it. False when no report
 * module is plugged in.
 */
export async function recomputeReport(services: Services, teamId: string): Promise<boolean> {
  if (!hooks.refreshReport) return false;
  await hooks.refreshReport(services, teamId);
  const client = await services.slackFor(teamId);
  if (client) {
    const latest = (await latestSnapshots(services.db, teamId, 1))[0] ?? null;
    await Promise.all([chartFor(services, client, latest), trendFor(services, client, latest)]);
  }
  return true;
}
