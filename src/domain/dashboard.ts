/**
 * The lead dashboard: a stored report snapshot, read as the typed SiloReport (silos/storedReport.ts,
 * the one reader), turned into what the lead view may show. Pure: no I/O, no clock. A snapshot that
 * is not a SiloReport (stored before the contract) is shown as no report: the lead refreshes it.
 *
 * Privacy (docs/app-home.md, "Privacy"): no group smaller than `threshold` appears by itself. The
 * report's listings are already merged at its own `minGroupSize`; when the lead has raised the
 * threshold since, the listings are merged again with the report's own rule (silos/privacy.ts):
 * - departments smaller than the threshold (and the report's own "Small teams" row) become one
 *   "Small teams" row, left out when it is itself smaller than the threshold;
 * - channels and communities with fewer people than the threshold are left out;
 * - a small department named as a channel's dominant department or in a community is shown as
 *   "Small teams"; a missing bridge to one is left out;
 * - no person's id or name is ever copied from the snapshot into the model.
 */
import { describeMembershipCoverage } from './silos/membershipCoverage';
import type { IntroFunnel } from './introductions/funnel';
import { defaultSettings } from './settings';
import type { FindingRules } from './silos/findings';
import { mergeSmallGroups } from './silos/privacy';
import { readStoredReport } from './silos/storedReport';
import {
  SMALL_TEAMS,
  type DepartmentData,
  type Finding,
  type OrgSummary,
  type ReportHistory,
  type SiloReport,
} from './silos/types';

export interface Headline {
  key: 'modularity' | 'eiIndex' | 'crossShare' | 'siloDepartments' | 'answerRate' | 'introsAccepted' | 'introsMet';
  label: string;
  value: number | null;
  /** change since the previous snapshot; null when there is none to compare with */
  change: number | null;
  format: 'ratio' | 'percent' | 'count';
}

export interface DepartmentRow {
  name: string;
  size: number;
  eiIndex: number | null;
  reach: number | null;
  breadth: number | null;
  silo: boolean;
}

export interface ChannelRow {
  name: string;
  members: number;
  dominantDepartment: string;
  dominantShare: number | null;
  blau: number | null;
  stage: string | null;
}

export interface BridgeRow {
  a: string;
  b: string;
  ties: number;
  expected: number;
}

export interface CommunityRow {
  /** position in the snapshot's communities list, so "Suggest a channel" can find it again */
  index: number;
  size: number;
  departments: string[];
  /** the report's own suggested channel name (the same the CLI and HTML report show) */
  suggestedChannel: string;
}

export interface LeadDashboard {
  threshold: number;
  snapshotDay: string | null;
  previousDay: string | null;
  members: number | null;
  headlines: Headline[];
  departments: DepartmentRow[];
  capturedChannels: ChannelRow[];
  missingBridges: BridgeRow[];
  communities: CommunityRow[];
  /** the introduction funnel, privacy threshold already applied (domain/introductions/funnel.ts) */
  funnel: IntroFunnel;
  /** the report's findings, most important first; empty when the report names groups the current threshold hides */
  findings: Finding[];
  /** true when the privacy threshold was raised after the report: its findings are held back until it is refreshed */
  thresholdRaised: boolean;
  history: ReportHistory | null;
  /** where departments came from and whether department metrics could be computed; null without a report */
  departmentData: DepartmentData | null;
  /** while a sync still reads member lists: how much of the membership the report saw (null otherwise) */
  membershipsLine: string | null;
}

/** Live numbers that are not in the snapshot (passions and introductions change daily). */
export interface LiveCounts {
  activeMembers: number;
  membersWithPassions: number;
  introsAccepted: number;
  introsMet: number;
  funnel: IntroFunnel;
}

/** A stored snapshot: its day and the report as stored (JSON). */
export interface StoredReportOf {
  day: string;
  report: unknown;
}

/** Krackhardt & Stern (1988): E-I = (external − internal) / (external + internal). */
const eiOf = (external: number, internal: number): number | null =>
  external + internal > 0 ? (external - internal) / (external + internal) : null;

/** The report's listing groups at `threshold`: each department's shown name, or null when hidden. */
function listingNames(report: SiloReport, threshold: number): Map<string, string | null> {
  const names = report.departments.map((d) => d.name);
  const departmentOf = new Int32Array(report.departments.reduce((acc, d) => acc + d.size, 0));
  let at = 0;
  report.departments.forEach((d, i) => {
    departmentOf.fill(i, at, at + d.size);
    at += d.size;
  });
  const groups = mergeSmallGroups(names, departmentOf, threshold);
  const g = (i: number) => groups.groupOfDepartment[i];
  return new Map(names.map((name, i) => [name, groups.hidden[g(i)] ? null : groups.names[g(i)]]));
}

/** Departments with small ones merged into one "Small teams" row (left out when that is still too small). */
function privateDepartments(report: SiloReport, shown: Map<string, string | null>): DepartmentRow[] {
  const rows: DepartmentRow[] = report.departments
    .filter((d) => shown.get(d.name) === d.name && d.name !== SMALL_TEAMS)
    .map((d) => ({ name: d.name, size: d.size, eiIndex: d.eiIndex, reach: d.reach, breadth: d.breadth, silo: d.silo }))
    .sort((x, y) => y.size - x.size || x.name.localeCompare(y.name));
  const small = report.departments.filter((d) => shown.get(d.name) === SMALL_TEAMS);
  if (!small.length) return rows;
  const sum = (pick: (d: (typeof small)[number]) => number) => small.reduce((acc, d) => acc + pick(d), 0);
  const size = sum((d) => d.size);
  const weighted = (pick: (d: (typeof small)[number]) => number) => (size ? sum((d) => pick(d) * d.size) / size : null);
  const eiIndex = eiOf(
    sum((d) => d.externalTies),
    sum((d) => d.internalTies),
  );
  rows.push({
    name: SMALL_TEAMS,
    size,
    eiIndex,
    reach: weighted((d) => d.reach),
    breadth: weighted((d) => d.breadth),
    silo: false,
  });
  return rows;
}

/**
 * The previous snapshot's organisation numbers: the store reads only `org` of it (the headlines'
 * changes need nothing else), so it is checked here rather than read as a whole SiloReport.
 */
function orgOf(stored: unknown): OrgSummary | null {
  const org = (stored as { org?: unknown } | null)?.org as Partial<OrgSummary> | undefined;
  // a department metric is null when the department data could not support it
  const numbers = [org?.modularity, org?.eiIndex, org?.crossShare, org?.siloDepartments];
  return numbers.every((n) => n === null || (typeof n === 'number' && Number.isFinite(n))) ? (org as OrgSummary) : null;
}

function headlines(now: OrgSummary | null, before: OrgSummary | null, live: LiveCounts): Headline[] {
  const change = (pick: (r: OrgSummary) => number | null) => {
    const [x, y] = [now && pick(now), before && pick(before)];
    return x === null || y === null ? null : x - y;
  };
  const org = (
    key: Headline['key'],
    label: string,
    pick: (r: OrgSummary) => number | null,
    format: Headline['format'],
  ): Headline => ({
    key,
    label,
    value: now ? pick(now) : null,
    change: change(pick),
    format,
  });
  const answerRate = live.activeMembers ? live.membersWithPassions / live.activeMembers : null;
  return [
    org('modularity', 'Modularity (Q)', (r) => r.modularity, 'ratio'),
    org('eiIndex', 'E-I index', (r) => r.eiIndex, 'ratio'),
    org('crossShare', 'Cross-department ties', (r) => r.crossShare, 'percent'),
    org('siloDepartments', 'Silo departments', (r) => r.siloDepartments, 'count'),
    { key: 'answerRate', label: 'Passion answer rate', value: answerRate, change: null, format: 'percent' },
    {
      key: 'introsAccepted',
      label: 'Introductions accepted',
      value: live.introsAccepted,
      change: null,
      format: 'count',
    },
    { key: 'introsMet', label: 'Introductions met', value: live.introsMet, change: null, format: 'count' },
  ];
}

interface Listings {
  departments: DepartmentRow[];
  capturedChannels: ChannelRow[];
  missingBridges: BridgeRow[];
  communities: CommunityRow[];
}

function listings(report: SiloReport, threshold: number): Listings {
  const shown = listingNames(report, threshold);
  // a name the report's departments do not list is kept as it is (the report merged it already)
  const shownName = (name: string): string | null => (shown.has(name) ? (shown.get(name) ?? null) : name);
  const capturedChannels = report.channels
    .filter((c) => c.captured && c.members >= threshold)
    .sort((x, y) => y.members - x.members || x.name.localeCompare(y.name))
    .map((c) => ({
      name: c.name,
      members: c.members,
      dominantDepartment: (c.dominantDepartment && shownName(c.dominantDepartment)) ?? SMALL_TEAMS,
      dominantShare: c.dominantShare,
      blau: c.blau,
      stage: c.stage,
    }));
  const seen = new Set<string>();
  const missingBridges: BridgeRow[] = [];
  for (const b of report.missingBridges) {
    const [a, c] = [shownName(b.a), shownName(b.b)];
    // A bridge to or from a small team is not shown: it would point at a group below the threshold.
    if (!a || !c || a === SMALL_TEAMS || c === SMALL_TEAMS) continue;
    const key = [a, c].sort().join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    missingBridges.push({ a, b: c, ties: b.ties, expected: b.expectedTies });
  }
  const communities = report.communities
    .map((c, index) => ({
      index,
      size: c.size,
      departments: [...new Set(c.departments.map((d) => shownName(d.name) ?? SMALL_TEAMS))],
      suggestedChannel: c.suggestedChannel,
    }))
    .filter((c) => c.size >= threshold)
    .sort((x, y) => y.size - x.size || x.index - y.index);
  return { departments: privateDepartments(report, shown), capturedChannels, missingBridges, communities };
}

const NO_LISTINGS: Listings = { departments: [], capturedChannels: [], missingBridges: [], communities: [] };

export function leadDashboard(
  latest: StoredReportOf | null,
  previous: StoredReportOf | null,
  threshold: number,
  live: LiveCounts,
  rules: FindingRules = defaultSettings().findings,
): LeadDashboard {
  const now = latest ? readStoredReport(latest.report, rules) : null;
  const before = now && previous ? orgOf(previous.report) : null;
  // findings name groups at the report's own threshold: held back when the lead has raised it since
  const thresholdRaised = now !== null && now.minGroupSize < threshold;
  return {
    threshold,
    snapshotDay: now ? (latest?.day ?? null) : null,
    previousDay: before ? (previous?.day ?? null) : null,
    members: now?.org.members ?? null,
    headlines: headlines(now?.org ?? null, before, live),
    ...(now ? listings(now, threshold) : NO_LISTINGS),
    funnel: live.funnel,
    findings: now && !thresholdRaised ? now.findings : [],
    thresholdRaised,
    history: now?.history ?? null,
    departmentData: now?.data.departments ?? null,
    membershipsLine: now ? describeMembershipCoverage(now.data.memberships, now.generatedAt) : null,
  };
}
