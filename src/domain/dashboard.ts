/**
 * The lead dashboard: a stored SiloReport snapshot (issue 4's JSON) turned into what the lead view
 * may show. Pure: no I/O, no clock.
 *
 * The snapshot is parsed leniently (every field optional, unknown fields kept out), so a report
 * that gains or renames a field never breaks the Home tab; what cannot be read is simply not shown.
 *
 * Privacy (docs/app-home.md, "Privacy"): no group smaller than `threshold` appears by itself.
 * - departments smaller than the threshold are merged into one "Small teams" row, and that row is
 *   left out too when it is itself smaller than the threshold;
 * - channels, communities and rounds with fewer people than the threshold are left out;
 * - a small department named as a channel's dominant department, or in a missing bridge or a
 *   community, is shown as "Small teams";
 * - no person's id or name is ever copied from the snapshot into the model.
 */
import { z } from 'zod';
import { defaultSettings } from './settings';
import { readStoredReport } from './silos/storedReport';
import type { Finding, ReportHistory } from './silos/types';
import type { IntroFunnel } from './introductions/funnel';

export const SMALL_TEAMS = 'Small teams';

const num = z.number().finite();
const optNum = num.optional().catch(undefined);
const optStr = z.string().optional().catch(undefined);
const optBool = z.boolean().optional().catch(undefined);

/** Keeps the items of an array that parse, drops the rest. */
const lenientArray = <T extends z.ZodType>(item: T) =>
  z
    .array(z.unknown())
    .catch([])
    .transform((items) => items.flatMap((i) => {
      const r = item.safeParse(i);
      return r.success ? [r.data as z.output<T>] : [];
    }));

const departmentSchema = z.object({
  name: z.string(),
  size: num,
  internalTies: optNum,
  externalTies: optNum,
  eiIndex: optNum,
  reach: optNum,
  breadth: optNum,
  silo: optBool,
});

const channelSchema = z.object({
  name: z.string(),
  kind: optStr,
  members: num,
  blau: optNum,
  dominantDepartment: z.string().nullable().optional().catch(undefined),
  dominantShare: optNum,
  captured: optBool,
  stage: optStr,
});

const nameOf = z.union([z.string(), z.object({ name: z.string() }).transform((o) => o.name)]);

const bridgeSchema = z
  .object({
    a: nameOf.optional(),
    b: nameOf.optional(),
    source: nameOf.optional(),
    target: nameOf.optional(),
    departments: z.array(nameOf).optional(),
    ties: optNum,
    expected: optNum,
    expectedTies: optNum,
  })
  .transform((b) => {
    const pair = b.departments ?? [b.a ?? b.source, b.b ?? b.target];
    return { a: pair[0], b: pair[1], ties: b.ties, expected: b.expected ?? b.expectedTies };
  })
  .refine((b): b is { a: string; b: string; ties: number | undefined; expected: number | undefined } => typeof b.a === 'string' && typeof b.b === 'string');

const communitySchema = z
  .object({
    id: z.union([z.string(), num]).optional(),
    size: optNum,
    members: z.union([num, z.array(z.unknown()).transform((m) => m.length)]).optional().catch(undefined),
    departments: z.array(nameOf).optional().catch(undefined),
    tags: z.array(z.string()).optional().catch(undefined),
    topTags: z.array(z.string()).optional().catch(undefined),
    label: optStr,
    suggestedChannel: optStr,
  })
  .transform((c) => ({
    suggestedChannel: c.suggestedChannel,
    size: c.size ?? (typeof c.members === 'number' ? c.members : 0),
    departments: c.departments ?? [],
    tags: c.tags ?? c.topTags ?? [],
    label: c.label,
  }));

export const snapshotSchema = z.object({
  org: z
    .object({
      members: optNum,
      ties: optNum,
      modularity: optNum,
      eiIndex: optNum,
      crossDepartmentShare: optNum,
      crossShare: optNum,
      siloDepartments: optNum,
    })
    .catch({}),
  departments: lenientArray(departmentSchema),
  channels: lenientArray(channelSchema),
  missingBridges: lenientArray(bridgeSchema),
  communities: lenientArray(communitySchema),
});

export type Snapshot = z.output<typeof snapshotSchema>;

export function parseSnapshot(report: unknown): Snapshot {
  const parsed = snapshotSchema.safeParse(report ?? {});
  return parsed.success ? parsed.data : snapshotSchema.parse({});
}

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
  ties: number | null;
  expected: number | null;
}

export interface CommunityRow {
  /** position in the snapshot's communities list, so "Suggest a channel" can find it again */
  index: number;
  size: number;
  departments: string[];
  tags: string[];
  label: string | null;
  /** the report's own suggested channel name (the same the CLI and HTML report show) */
  suggestedChannel: string | null;
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
}

/** Live numbers that are not in the snapshot (passions and introductions change daily). */
export interface LiveCounts {
  activeMembers: number;
  membersWithPassions: number;
  introsAccepted: number;
  introsMet: number;
  funnel: IntroFunnel;
}

const finite = (n: number | undefined | null): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/** Krackhardt & Stern (1988): E-I = (external − internal) / (external + internal). */
const eiOf = (external: number, internal: number): number | null => (external + internal > 0 ? (external - internal) / (external + internal) : null);

/**
 * Share of ties that cross departments: the report's own figure when it has one, otherwise
 * Σ externalTies / 2 (each cross tie is counted once on each side) over all ties.
 */
export function crossShare(s: Snapshot): number | null {
  const given = finite(s.org.crossDepartmentShare ?? s.org.crossShare);
  if (given !== null) return given;
  const ties = finite(s.org.ties);
  if (!ties || !s.departments.length) return null;
  const external = s.departments.reduce((acc, d) => acc + (d.externalTies ?? 0), 0) / 2;
  return Math.min(1, external / ties);
}

function siloCount(s: Snapshot): number | null {
  const given = finite(s.org.siloDepartments);
  if (given !== null) return given;
  return s.departments.length ? s.departments.filter((d) => d.silo).length : null;
}

/** Departments with small ones merged into "Small teams" (dropped when that is still too small). */
export function privateDepartments(s: Snapshot, threshold: number): DepartmentRow[] {
  const rows: DepartmentRow[] = [];
  // the report's own "Small teams" row joins the merged row: one "Small teams" row, whatever the threshold
  const isSmall = (d: (typeof s.departments)[number]) => d.size < threshold || d.name === SMALL_TEAMS;
  const small = s.departments.filter(isSmall);
  for (const d of s.departments) {
    if (isSmall(d)) continue;
    rows.push({ name: d.name, size: d.size, eiIndex: finite(d.eiIndex), reach: finite(d.reach), breadth: finite(d.breadth), silo: Boolean(d.silo) });
  }
  rows.sort((x, y) => y.size - x.size || x.name.localeCompare(y.name));
  const smallSize = small.reduce((acc, d) => acc + d.size, 0);
  if (small.length && smallSize >= threshold) {
    const external = small.reduce((acc, d) => acc + (d.externalTies ?? 0), 0);
    const internal = small.reduce((acc, d) => acc + (d.internalTies ?? 0), 0);
    const weighted = (pick: (d: (typeof small)[number]) => number | undefined): number | null => {
      const known = small.filter((d) => finite(pick(d)) !== null);
      const size = known.reduce((acc, d) => acc + d.size, 0);
      return size ? known.reduce((acc, d) => acc + (pick(d) as number) * d.size, 0) / size : null;
    };
    rows.push({ name: SMALL_TEAMS, size: smallSize, eiIndex: eiOf(external, internal), reach: weighted((d) => d.reach), breadth: weighted((d) => d.breadth), silo: false });
  }
  return rows;
}

export function leadDashboard(latest: { day: string; report: unknown } | null, previous: { day: string; report: unknown } | null, threshold: number, live: LiveCounts): LeadDashboard {
  const now = parseSnapshot(latest?.report);
  const before = previous ? parseSnapshot(previous.report) : null;
  const sizeOf = new Map(now.departments.map((d) => [d.name, d.size]));
  const shownName = (name: string): string => ((sizeOf.get(name) ?? threshold) < threshold ? SMALL_TEAMS : name);
  const change = (a: number | null, b: number | null | undefined): number | null => (a !== null && b !== null && b !== undefined ? a - b : null);
  const answerRate = live.activeMembers ? live.membersWithPassions / live.activeMembers : null;

  const headlines: Headline[] = [
    { key: 'modularity', label: 'Modularity (Q)', value: finite(now.org.modularity), change: change(finite(now.org.modularity), before && finite(before.org.modularity)), format: 'ratio' },
    { key: 'eiIndex', label: 'E-I index', value: finite(now.org.eiIndex), change: change(finite(now.org.eiIndex), before && finite(before.org.eiIndex)), format: 'ratio' },
    { key: 'crossShare', label: 'Cross-department ties', value: crossShare(now), change: change(crossShare(now), before && crossShare(before)), format: 'percent' },
    { key: 'siloDepartments', label: 'Silo departments', value: siloCount(now), change: change(siloCount(now), before && siloCount(before)), format: 'count' },
    { key: 'answerRate', label: 'Passion answer rate', value: answerRate, change: null, format: 'percent' },
    { key: 'introsAccepted', label: 'Introductions accepted', value: live.introsAccepted, change: null, format: 'count' },
    { key: 'introsMet', label: 'Introductions met', value: live.introsMet, change: null, format: 'count' },
  ];

  const capturedChannels = now.channels
    .filter((c) => c.captured && c.members >= threshold)
    .sort((x, y) => y.members - x.members || x.name.localeCompare(y.name))
    .map((c) => ({
      name: c.name,
      members: c.members,
      dominantDepartment: c.dominantDepartment ? shownName(c.dominantDepartment) : 'unknown',
      dominantShare: finite(c.dominantShare),
      blau: finite(c.blau),
      stage: c.stage ?? null,
    }));

  const seenPairs = new Set<string>();
  const missingBridges: BridgeRow[] = [];
  for (const b of now.missingBridges) {
    const a = shownName(b.a);
    const c = shownName(b.b);
    // A bridge to or from a small team is not shown: it would point at a group below the threshold.
    if (a === SMALL_TEAMS || c === SMALL_TEAMS) continue;
    const key = [a, c].sort().join('\u0000');
    if (seenPairs.has(key)) continue;
    seenPairs.add(key);
    missingBridges.push({ a, b: c, ties: finite(b.ties), expected: finite(b.expected) });
  }

  const communities: CommunityRow[] = now.communities
    .map((c, index) => ({
      index,
      size: c.size,
      departments: [...new Set(c.departments.map(shownName))],
      tags: c.tags.slice(0, 5),
      label: c.label ?? null,
      suggestedChannel: c.suggestedChannel ?? null,
    }))
    .filter((c) => c.size >= threshold)
    .sort((x, y) => y.size - x.size || x.index - y.index);

  // findings and history come from the typed SiloReport (src/domain/silos/storedReport.ts)
  const typed = latest ? readStoredReport(latest.report, defaultSettings().findings) : null;
  const thresholdRaised = typed !== null && typed.minGroupSize < threshold;

  return {
    threshold,
    snapshotDay: latest?.day ?? null,
    previousDay: previous?.day ?? null,
    members: finite(now.org.members),
    headlines,
    departments: privateDepartments(now, threshold),
    capturedChannels,
    missingBridges,
    communities,
    funnel: live.funnel,
    findings: typed && !thresholdRaised ? typed.findings : [],
    thresholdRaised,
    history: typed?.history ?? null,
  };
}

/** A draft channel name and purpose for an emerging community ("Suggest a channel"). */
export function draftChannel(c: CommunityRow): { name: string; purpose: string } {
  const words = (c.tags.length ? c.tags : c.label ? [c.label] : c.departments).slice(0, 2);
  const slug = words
    .join('-')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const name = c.suggestedChannel ?? `cop-${slug || 'community'}`.slice(0, 80);
  const where = c.departments.length ? ` across ${c.departments.slice(0, 5).join(', ')}` : '';
  const about = c.tags.length ? ` about ${c.tags.slice(0, 3).join(', ')}` : '';
  return {
    name,
    purpose: `A home for the ${c.size} people${where} who already talk with each other${about}. Everyone is welcome.`.slice(0, 250),
  };
}
