/**
 * The App Home page: builds each person's page model (their own page, or for a lead the lead view
 * of the latest stored report) and publishes it; and the member's own choices on it.
 *
 * Opening the Home tab only reads: the latest stored report snapshot and the person's own rows;
 * it never computes a report (the heat map and trend images are uploaded once per snapshot, charts.ts).
 */
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { leadDashboard, type LeadDashboard } from '../../domain/dashboard';
import type { Settings } from '../../domain/settings';
import { whatReaderIsTold } from '../../domain/introductions/whatEachIsTold';
import {
  CONTACT_FREQUENCIES,
  channelsToDiscover,
  introTotals,
  memberFlags,
  passionAnswerCounts,
  pendingSuggestionFor,
  recentIntrosFor,
  type ContactFrequency,
  type MemberFlags,
} from '../../store/home';
import { introBlocksOf } from '../../store/intros';
import { notForQuestions, openAskOf, setNotForQuestions } from '../../store/asks';
import { setContactFrequency, setNotifyNoMatch } from '../../store/members';
import { passionLabelsOf } from '../../store/passions';
import { snapshotsForDashboard, type StoredSnapshot } from '../../store/snapshots';
import { settingsFor } from '../../store/settings';
import { departmentStatus } from './departmentStatus';
import { homeView, type HomeMode, type LeadPageModel, type MemberPageModel } from '../../views/home';
import type { Services } from '../context';
import { loadIntroFunnel } from '../introFunnel';
import { allowAgain, blockPerson, introWording } from '../intros';
import { allowLead, leadFrom } from './access';
import { chartFor } from './charts';
import { isoDay } from '../../domain/format';

const RECENT_INTROS = 5;
const DISCOVER_CHANNELS = 5;
/** "Several" people sharing your passions: the fewest that make a channel worth suggesting. */
const MIN_KINDRED = 2;

async function pendingFor(services: Services, teamId: string, userId: string) {
  const pending = await pendingSuggestionFor(services.db, teamId, userId);
  if (!pending) return null;
  const { wording, display } = await introWording(services.db, teamId, pending.members);
  return {
    introId: pending.introId,
    others: pending.others.map((u) => ({ userId: u, department: pending.departments[u] ?? null })),
    told: whatReaderIsTold(userId, pending.members, pending.shared, wording, display),
  };
}

async function memberPage(
  services: Services,
  teamId: string,
  userId: string,
  flags: MemberFlags | null,
): Promise<MemberPageModel> {
  const { db } = services;
  const [passions, pending, recent, blocked, openAsk, noQuestions] = await Promise.all([
    passionLabelsOf(db, teamId, userId),
    pendingFor(services, teamId, userId),
    recentIntrosFor(db, teamId, userId, RECENT_INTROS),
    introBlocksOf(db, teamId, userId),
    openAskOf(db, teamId, userId),
    notForQuestions(db, teamId, userId),
  ]);
  const discover =
    passions && !flags?.optedOut
      ? await channelsToDiscover(db, teamId, userId, passions.canonicalTags, MIN_KINDRED, DISCOVER_CHANNELS)
      : [];
  const paused = flags?.pausedUntil && flags.pausedUntil > services.now() ? isoDay(flags.pausedUntil) : null;
  return {
    userId,
    frequency: flags?.contactFrequency ?? 'normal',
    notifyNoMatch: flags?.notifyNoMatch ?? false,
    optedOut: flags?.optedOut ?? false,
    pausedUntil: paused,
    passions: passions ? { tags: passions.tags, teach: passions.teach, learn: passions.learn } : null,
    pending,
    recent: recent.map((r) => ({
      introId: r.introId,
      others: r.others,
      status: r.status,
      myResponse: r.myResponse,
      outcome: r.outcome,
      day: isoDay(r.createdAt),
    })),
    discover,
    blocked,
    notForQuestions: noQuestions,
    openAsk: openAsk?.kind === 'ask' ? openAsk.topic : null,
  };
}

/** The lead dashboard of the latest snapshot, with the privacy threshold applied. */
export async function dashboardFor(
  services: Services,
  teamId: string,
  settings?: Settings,
): Promise<{ dashboard: LeadDashboard; latest: StoredSnapshot | null }> {
  const { db } = services;
  const s = settings ?? (await settingsFor(db, teamId));
  const [snapshots, answers, totals, funnel] = await Promise.all([
    snapshotsForDashboard(db, teamId),
    passionAnswerCounts(db, teamId),
    introTotals(db, teamId),
    loadIntroFunnel(db, teamId, services.now(), s.privacyThreshold),
  ]);
  const [latest, previous] = snapshots;
  const live = { ...answers, introsAccepted: totals.accepted, introsMet: totals.met, funnel };
  const dashboard = leadDashboard(latest ?? null, previous ?? null, s.privacyThreshold, live);
  return { dashboard, latest: latest ?? null };
}

export interface HomeState {
  mode?: HomeMode;
  page?: number;
  notice?: string | null;
}

async function leadPage(
  services: Services,
  client: WebClient,
  teamId: string,
  settings: Settings,
  state: HomeState,
): Promise<LeadPageModel> {
  const { dashboard, latest } = await dashboardFor(services, teamId, settings);
  const [chartFileId, trendFileId, departments] = await Promise.all([
    chartFor(services, client, latest, 'heatmap'),
    chartFor(services, client, latest, 'trend'),
    departmentStatus(services, teamId, settings),
  ]);
  return { dashboard, page: state.page ?? 0, chartFileId, trendFileId, notice: state.notice ?? null, departments };
}

/** Publishes the Home tab for one person. Signature kept for every caller: (services, client, team, user). */
export async function publishHome(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  state: HomeState = {},
): Promise<void> {
  const [settings, flags] = await Promise.all([
    settingsFor(services.db, teamId),
    memberFlags(services.db, teamId, userId),
  ]);
  const lead = leadFrom(services, settings, flags, userId);
  const mode: HomeMode = lead && state.mode === 'lead' ? 'lead' : 'member';
  const [member, leadModel] =
    mode === 'lead'
      ? [null, await leadPage(services, client, teamId, settings, state)]
      : [await memberPage(services, teamId, userId, flags), null];
  await client.views.publish({
    user_id: userId,
    view: homeView({ userId, isLead: lead, mode, member, lead: leadModel }),
  });
}

/** Re-publishes a person's Home tab after their data changed (passions saved, intro accepted, …). */
export async function refreshHome(
  services: Services,
  teamId: string,
  userId: string,
  state: HomeState = {},
): Promise<void> {
  const client = await services.slackFor(teamId);
  if (!client) return;
  await publishHome(services, client, teamId, userId, state);
}

/** Lead view toggle and department pages. A non-lead asking for the lead view is refused. */
export async function showHomeMode(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  mode: HomeMode,
  page = 0,
): Promise<void> {
  if (mode === 'lead' && !(await allowLead(services, client, teamId, userId, 'lead view'))) return;
  await publishHome(services, client, teamId, userId, { mode, page });
}

/**
 * "Never suggest…" (block: true) and "Allow again" (false) on the member's Home page: blocks or
 * lets again the person chosen, then shows the page again.
 */
export async function setBlockFromHome(
  services: Services,
  client: WebClient,
  a: { teamId: string; userId: string; blockedUserId: string },
  block: boolean,
): Promise<void> {
  await chooseOnHome(services, client, a, () => (block ? blockPerson(services, a) : allowAgain(services, a)));
}

/** A member's own choice on their Home: stored, then their Home shown again with it. */
async function chooseOnHome(
  services: Services,
  client: WebClient,
  who: { teamId: string; userId: string },
  save: (db: Services['db']) => Promise<unknown>,
): Promise<void> {
  await save(services.db);
  await publishHome(services, client, who.teamId, who.userId);
}

/** Be told (or not) when a round finds nobody for them. */
export const chooseNotifyNoMatch = (s: Services, c: WebClient, teamId: string, userId: string, on: boolean) =>
  chooseOnHome(s, c, { teamId, userId }, (db) => setNotifyNoMatch(db, teamId, userId, on));

/** Never (or again) be asked to help with someone's question. */
export const chooseNotForQuestions = (s: Services, c: WebClient, teamId: string, userId: string, on: boolean) =>
  chooseOnHome(s, c, { teamId, userId }, (db) => setNotForQuestions(db, teamId, userId, on));

export const frequencySchema = z.enum(CONTACT_FREQUENCIES);

/** How often prompts and introductions come. */
export const chooseFrequency = (
  s: Services,
  c: WebClient,
  teamId: string,
  userId: string,
  frequency: ContactFrequency,
) => chooseOnHome(s, c, { teamId, userId }, (db) => setContactFrequency(db, teamId, userId, frequency));
