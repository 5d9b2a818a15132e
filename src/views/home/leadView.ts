/**
 * The lead view of the Home tab: aggregates only (the LeadDashboard model has already applied the
 * privacy threshold). Pure: view model in, blocks out; every list is bounded or paginated.
 */
import type { KnownBlock } from '@slack/types';
import type { DepartmentRow, Headline, LeadDashboard } from '../../domain/dashboard';
import type { Finding } from '../../domain/silos/types';
import { describeDepartmentData } from '../../domain/silos/departmentData';
import type { IntroFunnel, MaybeHidden } from '../../domain/introductions/funnel';
import { ACTIONS } from '../actionIds';
import { actions, button, context, divider, header, section } from '../blocks';
import { LIMITS, clamp, escapeMrkdwn } from '../limits';
import { count, isoDay, minutesInWords, percentOr } from '../../domain/format';
import { describeChange } from '../../domain/silos/changeSentence';

export interface LeadPageModel {
  dashboard: LeadDashboard;
  /** 0-based page of the departments table */
  page: number;
  /** Slack file id of the heat map PNG of the latest snapshot */
  chartFileId: string | null;
  /** Slack file id of the trend chart PNG of the latest snapshot (12 weeks of headline numbers) */
  trendFileId?: string | null;
  /** a line shown under the title, e.g. "Refreshing the report…" */
  notice: string | null;
  /** where departments come from and how far their reading is (null: nothing to say) */
  departments?: DepartmentStatus | null;
}

export type DepartmentStatus =
  | { kind: 'profile_backfill'; read: number; known: number; people: number; minutesLeft: number }
  | { kind: 'file'; fileName: string | null; fileDate: Date | null; importedAt: Date }
  | { kind: 'scim'; readAt: Date };

/** One line about the department data, beside the report's coverage. */
export function departmentStatusLine(d: DepartmentStatus): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (d.kind === 'profile_backfill')
    return `:hourglass_flowing_sand: Reading departments from the profile field at Slack's pace, newest people first: ${n(d.read)} of ${n(d.people)} profiles read, about ${minutesInWords(d.minutesLeft)} left. Departments known so far for ${n(d.known)}.`;
  if (d.kind === 'scim') return `Departments from SCIM, read ${isoDay(d.readAt)} (again every day).`;
  const file = d.fileName ? `*${escapeMrkdwn(d.fileName)}*` : 'the HR file';
  return `Departments from ${file}${d.fileDate ? ` of ${isoDay(d.fileDate)}` : ''}, imported ${isoDay(d.importedAt)}.`;
}

export const DEPARTMENTS_PER_PAGE = 25;
export const MAX_CAPTURED = 15;
export const MAX_BRIDGES = 15;
export const MAX_COMMUNITIES = 8;
export const MAX_ROUNDS = 8;

const fixed = (n: number | null, digits = 2): string => (n === null ? '–' : n.toFixed(digits));
const signed = (n: number, text: string): string => (n > 0 ? `+${text}` : n < 0 ? `−${text.replace('-', '')}` : '±0');

/** One plain line under each KPI: what the number means (docs/reading-reports.md). */
export const KPI_MEANING: Record<Headline['key'], string> = {
  modularity: 'ties kept inside departments beyond chance; from 0.3 up: strongly divided',
  eiIndex: '−1: every tie inside its department, +1: every tie outside',
  crossShare: 'share of ties that join two departments',
  siloDepartments: 'departments that keep nearly all their ties inside',
  answerRate: 'people who told Weaver what they care about',
  introsAccepted: 'introductions everyone said yes to',
  introsMet: 'introductions that led to a meeting',
};

export function formatHeadline(h: Headline): string {
  const value =
    h.format === 'percent'
      ? percentOr(h.value, '–')
      : h.format === 'ratio'
        ? fixed(h.value)
        : h.value === null
          ? '–'
          : String(h.value);
  const meaning = KPI_MEANING[h.key] ? `\n_${KPI_MEANING[h.key]}_` : '';
  if (h.change === null) return `*${h.label}*\n${value}${meaning}`;
  const change =
    h.format === 'percent'
      ? signed(h.change, `${Math.abs(Math.round(h.change * 100))} pts`)
      : h.format === 'ratio'
        ? signed(h.change, Math.abs(h.change).toFixed(2))
        : signed(h.change, String(Math.abs(h.change)));
  return `*${h.label}*\n${value}  (${change})${meaning}`;
}

/** "_Better than on 2026-10-30 (E-I −0.70 → −0.64)._", or '' without an earlier report. */
export function changeLine(f: Finding): string {
  const sentence = describeChange(f.change);
  return sentence ? `_${sentence}_` : '';
}

export const MAX_FINDINGS = 5;

/** The findings as one section: each sentence, its action and how it moved since a month before. */
function findingsText(findings: Finding[]): string {
  const icon = { high: ':red_circle:', medium: ':large_orange_circle:', low: ':white_circle:' } as const;
  const items = findings.slice(0, MAX_FINDINGS).map((f) => {
    const change = changeLine(f);
    return `${icon[f.severity]} ${escapeMrkdwn(clamp(f.text, 400))}\n→ *${escapeMrkdwn(clamp(f.action, 300))}*${change ? `\n${escapeMrkdwn(change)}` : ''}`;
  });
  return `*What stands out*\n${items.join('\n\n')}`;
}

/** A name for a fixed-width table: no backticks, at most `width` characters, padded. */
const cell = (text: string, width: number): string => clamp(text.replace(/`/g, "'"), width).padEnd(width);

export function pageCount(rows: number): number {
  return Math.max(1, Math.ceil(rows / DEPARTMENTS_PER_PAGE));
}

function departmentsTable(rows: DepartmentRow[], page: number): string {
  const start = page * DEPARTMENTS_PER_PAGE;
  const lines = rows
    .slice(start, start + DEPARTMENTS_PER_PAGE)
    .map(
      (d) =>
        `${cell(d.name, 26)} ${String(d.size).padStart(7)} ${fixed(d.eiIndex).padStart(6)} ${percentOr(d.reach, '–').padStart(6)} ${fixed(d.breadth, 1).padStart(7)} ${d.silo ? 'silo' : ''}`,
    );
  return (
    '```' +
    [
      `${cell('Department', 26)} ${'size'.padStart(7)} ${'E-I'.padStart(6)} ${'reach'.padStart(6)} ${'breadth'.padStart(7)}`,
      ...lines,
    ].join('\n') +
    '```'
  );
}

/** Bullet lines that fit one section: the first `max`, then "and N more". */
function bullets(lines: string[], max: number): string {
  const shown = lines.slice(0, max);
  const more = lines.length - shown.length;
  return shown.join('\n') + (more > 0 ? `\n_and ${more} more (see the CSV export)_` : '');
}

export function leadBlocks(m: LeadPageModel): KnownBlock[] {
  const d = m.dashboard;
  const blocks: KnownBlock[] = [header('Silo report')];
  const about = d.snapshotDay
    ? `Report of ${d.snapshotDay}${d.previousDay ? `, changes since ${d.previousDay}` : ''}${d.members !== null ? ` · ${d.members} people` : ''} · groups smaller than ${d.threshold} are never shown alone`
    : 'No report yet: press *Refresh report* to compute the first one (it is also computed every day).';
  blocks.push(context(about));
  if (d.departmentData) blocks.push(context(escapeMrkdwn(clamp(describeDepartmentData(d.departmentData), 3000))));
  if (d.membershipsLine) blocks.push(context(escapeMrkdwn(clamp(d.membershipsLine, 3000))));
  if (m.notice) blocks.push(section(m.notice));
  if (m.departments) blocks.push(context(departmentStatusLine(m.departments)));
  blocks.push(
    actions(
      'home_lead_buttons',
      button('Refresh report', ACTIONS.homeRefreshReport, 'refresh', 'primary'),
      button('Export CSV', ACTIONS.homeExportCsv, 'csv'),
      button('Run a dry-run round', ACTIONS.homeDryRun, 'dry-run'),
      button('Settings', ACTIONS.homeOpenSettings, 'settings'),
    ),
  );

  if (d.findings.length) blocks.push(section(clamp(findingsText(d.findings), 3000)));
  else if (d.thresholdRaised)
    blocks.push(
      context('The privacy threshold was raised after this report: its findings come back after *Refresh report*.'),
    );

  blocks.push({
    type: 'section',
    fields: d.headlines.slice(0, 10).map((h) => ({ type: 'mrkdwn', text: clamp(formatHeadline(h), 2000) })),
  });

  if (m.trendFileId) {
    blocks.push({
      type: 'image',
      slack_file: { id: m.trendFileId },
      alt_text:
        'Line charts of the E-I index, modularity, cross-department ties and introductions accepted over the last 12 weeks',
      title: { type: 'plain_text', text: 'Change over the last 12 weeks' },
    });
  } else if (d.snapshotDay && (d.history?.points.length ?? 0) < 2) {
    blocks.push(context('The 12-week trend appears here once two weeks of daily reports are stored.'));
  }

  if (m.chartFileId) {
    blocks.push({
      type: 'image',
      slack_file: { id: m.chartFileId },
      alt_text: 'Heat map of ties between departments, observed against expected',
      title: { type: 'plain_text', text: 'Ties between departments' },
    });
  } else if (d.snapshotDay) {
    blocks.push(
      context('The heat map of ties between departments appears here once the report module has rendered it.'),
    );
  }

  if (d.departments.length) {
    const pages = pageCount(d.departments.length);
    const page = Math.min(Math.max(0, m.page), pages - 1);
    blocks.push(
      divider(),
      section(
        `*Departments* (${d.departments.length}${pages > 1 ? `, page ${page + 1} of ${pages}` : ''})\n${departmentsTable(d.departments, page)}`,
      ),
    );
    if (pages > 1) {
      const nav = [];
      if (page > 0) nav.push(button('Previous', `${ACTIONS.homeDepartmentsPage}.prev`, String(page - 1)));
      if (page < pages - 1) nav.push(button('Next', `${ACTIONS.homeDepartmentsPage}.next`, String(page + 1)));
      blocks.push(actions('home_departments_pages', ...nav));
    }
  }

  if (d.capturedChannels.length) {
    const lines = d.capturedChannels.map(
      (c) =>
        `• *#${escapeMrkdwn(clamp(c.name, 80))}* — ${c.members} members, ${percentOr(c.dominantShare, '–')} from ${escapeMrkdwn(clamp(c.dominantDepartment, 60))}${c.stage ? ` · ${escapeMrkdwn(clamp(c.stage, 20))}` : ''}`,
    );
    blocks.push(
      divider(),
      section(`*Captured purpose channels* — one department dominates\n${bullets(lines, MAX_CAPTURED)}`),
    );
  }

  if (d.missingBridges.length) {
    const lines = d.missingBridges.map(
      (b) =>
        `• ${escapeMrkdwn(clamp(b.a, 60))} ↔ ${escapeMrkdwn(clamp(b.b, 60))}${b.ties !== null ? ` — ${b.ties} ties` : ''}${b.expected !== null ? ` (≈${Math.round(b.expected)} expected)` : ''}`,
    );
    blocks.push(divider(), section(`*Missing bridges* — departments that hardly talk\n${bullets(lines, MAX_BRIDGES)}`));
  }

  if (d.communities.length) {
    blocks.push(
      divider(),
      section('*Emerging communities* — people across departments who already talk, with no channel of their own'),
    );
    for (const c of d.communities.slice(0, MAX_COMMUNITIES)) {
      blocks.push(
        section(
          `*${c.size} people* across ${escapeMrkdwn(clamp(c.departments.join(', ') || 'several departments', 400))}`,
          button('Suggest a channel', ACTIONS.homeSuggestChannel, String(c.index)),
        ),
      );
    }
    if (d.communities.length > MAX_COMMUNITIES)
      blocks.push(context(`_and ${d.communities.length - MAX_COMMUNITIES} more in the CSV export_`));
  }

  blocks.push(divider(), ...introductionBlocks(d.funnel));
  return blocks;
}

const FUNNEL_HEADINGS = ['round', 'people', 'proposed', 'all yes', 'met', 'declined', 'expired'];
const RATE_HEADINGS = ['bridging', 'new ties', 'others'];
const width = (h: string) => Math.max(6, h.length);

function funnelLine(label: string, n: MaybeHidden): string {
  if (n.hidden) return `${cell(label, 12)} fewer people than the privacy threshold`;
  const counts = [n.people, n.proposed, n.acceptedByAll, n.met, n.declined, n.expired + n.withdrawn];
  const rates = [n.bridgingShare, n.newTieRate, n.comparisonTieRate];
  return [
    cell(label, 12),
    ...counts.map((x, i) => String(x).padStart(width(FUNNEL_HEADINGS[i + 1]))),
    ...rates.map((x, i) => percentOr(x, '–').padStart(width(RATE_HEADINGS[i]))),
  ].join(' ');
}

/**
 * The introduction funnel: the last quarter, then each round (newest first). "expired" includes
 * introductions withdrawn because someone left; "new ties" against "others" (comparable pairs not
 * introduced) is the share who talked within 60 days.
 */
/** Asks over the last quarter: counts only, and topics only when enough different people asked them. */
export function askBlocks(f: IntroFunnel): KnownBlock[] {
  const a = f.asks;
  if (!a) return [];
  if (a.hidden)
    return [context(`*Asks for an introduction:* fewer than ${f.threshold} people asked this quarter, so no numbers.`)];
  const topics = a.topTopics.length
    ? ` Asked most: ${a.topTopics.map((t) => `${escapeMrkdwn(t.topic)} (${t.askers} people)`).join(', ')}.`
    : '';
  const welcomes = a.welcomes ? ` (including ${count(a.welcomes, "newcomer's welcome", "newcomers' welcomes")})` : '';
  return [
    section(
      clamp(
        `*Asks for an introduction* — last quarter: ${count(a.asks, 'ask')}, ${a.answered} answered, ${count(a.introductions, 'introduction')} made${welcomes}.${topics}`,
        LIMITS.sectionText,
      ),
    ),
    context(
      `Counts only: nobody sees who asked, who was asked or who said no. A topic shows when at least ${f.threshold} people asked it.`,
    ),
  ];
}

export function introductionBlocks(f: IntroFunnel): KnownBlock[] {
  if (!f.rounds.length) return [context('*Introductions:* no rounds yet.'), ...askBlocks(f)];
  const headings = [...FUNNEL_HEADINGS.slice(1), ...RATE_HEADINGS].map((h) => h.padStart(width(h)));
  const head = [cell(FUNNEL_HEADINGS[0], 12), ...headings].join(' ');
  const rounds = f.rounds.slice(0, MAX_ROUNDS).map((r) => funnelLine(r.period, r));
  const table = [head, funnelLine('last quarter', f.quarter), ...rounds].join('\n');
  const title = `*Introductions* — last quarter (since ${f.quarter.since}) and per round`;
  return [
    section(clamp(`${title}\n\`\`\`${table}\`\`\``, LIMITS.sectionText)),
    context(
      'all yes: everyone accepted · bridging: joins departments that hardly talk · new ties: introduced pairs who ' +
        'talked within 60 days, against comparable pairs not introduced (others) · ' +
        `rounds with fewer than ${f.threshold} people show no numbers`,
    ),
    ...askBlocks(f),
  ];
}
