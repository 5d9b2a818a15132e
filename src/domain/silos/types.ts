/**
 * The SiloReport: the one shape every output (text, JSON, CSV, HTML, PNG, App Home) is built from.
 * Field names are part of the public JSON contract (docs/silo-metrics.md): do not rename.
 *
 * Privacy: every listing (departments, channels[].departments, pairs, missingBridges,
 * communities[].departments) shows groups smaller than `minGroupSize` merged into
 * SMALL_TEAMS; `org` numbers are computed on the true partition.
 */
import type { IntroFunnel } from '../introductions/funnel';

export const SMALL_TEAMS = 'Small teams';

/**
 * Version of the SiloReport shape. 1: no `version`, `findings` or `history` fields; 2: adds them;
 * 3: `data` (how complete the departments are, how channels were classified), department metrics
 * `null` when the department data cannot support them, `ties` on findings and history points,
 * communities' top channels. Stored snapshots of an older version are upgraded by readStoredReport().
 */
export const REPORT_VERSION = 3;

import type { ChannelKind } from '../channelKinds';

export type ChannelKindName = ChannelKind;

export type CommunityStage = 'potential' | 'coalescing' | 'maturing' | 'stewardship' | 'transformation';

export interface LouvainSummary {
  /** number of Louvain communities of two or more people (people without ties are not counted) */
  count: number;
  /** Newman modularity of the Louvain partition (γ = 1) */
  modularity: number;
}

export interface OrgSummary {
  members: number;
  ties: number;
  /**
   * The department metrics below are computed over the ties whose two people both have a
   * department (`labelledTies`), and are null when the department data is not usable
   * (`data.departments.usable`).
   */
  labelledTies: number;
  /** Newman's Q of the department partition, γ = 1 */
  modularity: number | null;
  /** Krackhardt–Stern E-I over all ties, in [-1, 1] */
  eiIndex: number | null;
  /** share of ties that join two different departments, in [0, 1] */
  crossShare: number | null;
  /** number of departments flagged `silo` (true partition) */
  siloDepartments: number | null;
  louvain: LouvainSummary;
}

/**
 * Where departments came from and whether they can carry department metrics. People are the
 * active people (at least one tie in the window); a department is usable when at least two
 * departments have `minGroupSize` people, at least half of the active people have one, and the
 * values do not look like free text (nearly as many distinct values as people who have one).
 */
export interface DepartmentData {
  /** 'file' (a people CSV or the HR import), 'channels' (department channels), 'profile_field', 'none' */
  source: 'file' | 'channels' | 'profile_field' | 'manual' | 'none';
  /** a few words naming the source for people ("people.csv", "channels team-*") */
  sourceLabel: string;
  /** active people: at least one tie in the window */
  people: number;
  /** active people with a department */
  known: number;
  /** active people without one */
  missing: number;
  /** distinct department values among the active people who have one */
  distinct: number;
  usable: boolean;
  /** why the department metrics are withheld and what to do; null when usable */
  reason: string | null;
}

/** How the channels were classified: kinds counted, and how many were decided from data. */
export interface ChannelKindCounts {
  purpose: number;
  department: number;
  broadcast: number;
  other: number;
  /** channels whose kind was inferred from who is in them and talks there (no name rule, no lead's choice) */
  inferred: number;
}

/**
 * How much of the workspace's channel membership a live report saw: a sync reads the member lists
 * covering the most memberships first, and publishes a first report before the small channels are
 * read. Weighted by Slack's member count of each channel (`num_members`).
 */
export interface MembershipCoverage {
  /** open channels the report reads (public ones, private ones too when enabled) */
  channels: number;
  /** channels whose members are known (read by a sync, from an export, or kept by events) */
  channelsRead: number;
  /** memberships of all those channels, by Slack's member counts */
  memberships: number;
  /** memberships of the channels read */
  membershipsRead: number;
  /** when the rest should be read at Slack's pace (ISO time); null when all are read or no sync is running */
  restBy: string | null;
}

export interface ReportData {
  departments: DepartmentData;
  channels: ChannelKindCounts;
  /** live reports only (an export's report has every member list) */
  memberships?: MembershipCoverage;
}

export interface DepartmentRow {
  name: string;
  size: number;
  /** ties with both ends in the department */
  internalTies: number;
  /** ties with exactly one end in the department */
  externalTies: number;
  /** (external − internal) / (external + internal); 0 when no ties */
  eiIndex: number;
  /** size-adjusted insularity (Coleman homophily), in [-1, 1]; > SILO_THRESHOLD ⇒ silo */
  insularity: number;
  /** share of members with ≥ 1 cross-department tie */
  reach: number;
  /** median number of other departments a member has ties with */
  breadth: number;
  /** share of members in ≥ 1 purpose channel that has a member from another department */
  purposeReach: number;
  silo: boolean;
}

export interface ParticipationLevels {
  /** channel creator / most active poster (at most 2) */
  coordinators: number;
  /** most active ≈ 10–15 % of posters */
  core: number;
  /** posted in the last 30 days, not core */
  active: number;
  /** members with no message in the last 30 days */
  periphery: number;
}

export interface ChannelRow {
  name: string;
  kind: ChannelKindName;
  members: number;
  /** number of distinct departments present (after privacy merging) */
  departments: number;
  /** Blau diversity 1 − Σ p_k² over department shares (members with a department); null without usable departments */
  blau: number | null;
  /** blau / (1 − 1/K), K = number of departments in the org; 0 when K ≤ 1 */
  blauNormalised: number | null;
  dominantDepartment: string | null;
  dominantShare: number | null;
  /** how the kind was decided ("name matches purpose pattern "cop-*"", "set by a lead", an inference) */
  kindReason: string;
  /** purpose channel where one department holds ≥ CAPTURE_SHARE of members */
  captured: boolean;
  /** messages in the 30 days before `generatedAt` */
  activity30d: number;
  /** (last 30 d − previous 30 d) / max(previous 30 d, 1) */
  trend: number;
  participation: ParticipationLevels;
  stage: CommunityStage;
}

export interface DepartmentPair {
  a: string;
  b: string;
  ties: number;
  /** ties expected if ties were placed at random among all person pairs: T · n_a·n_b / C(N,2) */
  expectedTies: number;
  /** ties / expectedTies (0 when expected is 0) */
  ratio: number;
  /** purpose channels with members of both departments */
  sharedPurposeChannels: number;
}

export interface MissingBridge extends DepartmentPair {
  reason: 'no ties' | 'far fewer than expected';
}

/** A channel where a community's members meet: its members among them and their ties it holds. */
export interface CommunityChannel {
  name: string;
  /** community members in the channel */
  members: number;
  /** the community's internal ties whose two people are both in the channel */
  ties: number;
}

export interface EmergingCommunity {
  id: number;
  size: number;
  /** departments present, largest first (privacy-merged); empty without usable departments */
  departments: { name: string; members: number }[];
  internalTies: number;
  /** share of the community's internal ties not covered by any shared purpose channel */
  uncoveredShare: number;
  /**
   * where its ties happen: the non-broadcast channels holding most of its internal ties, at most
   * 3; none of them holds both most of its members and most of its ties (it has no channel of its own)
   */
  topChannels: CommunityChannel[];
  /** suggested channel name */
  suggestedChannel: string;
  /**
   * passion tags held by at least a fifth of its members and by at least the privacy threshold of
   * them, most held first (live reports, where people share passions; absent when none)
   */
  sharedPassions?: { tag: string; people: number }[];
  /** member ids — only with the CLI's explicit --people flag */
  people?: string[];
}

export interface TrendDelta {
  metric: string;
  /** null when the metric was withheld in that report (departments not usable) */
  previous: number | null;
  current: number | null;
  change: number | null;
}

export type FindingKind =
  | 'closed_department'
  | 'missing_bridge'
  | 'captured_channel'
  | 'uncovered_community'
  | 'divided_organisation';

export type FindingSeverity = 'high' | 'medium' | 'low';

/** How a finding's main number moved since the report about a month before. */
export interface FindingChange {
  /** day of the earlier report (YYYY-MM-DD) */
  since: string;
  metric: string;
  previous: number;
  current: number;
  direction: 'better' | 'worse' | 'unchanged';
}

/** A plain-language insight with one suggested action (src/domain/silos/findings.ts names each rule). */
export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  /** one sentence with the numbers behind it */
  text: string;
  /** one thing to do that Weaver can help with */
  action: string;
  /** the numbers the sentence is built from */
  evidence: Record<string, string | number>;
  /**
   * the ties the finding rests on (a finding is not made on fewer than settings.findings.minTies);
   * null for a finding on channel membership (a captured channel), whose sample is its members
   */
  ties: number | null;
  /** null when there is no report from about a month before, or the finding cannot be matched to it */
  change: FindingChange | null;
}

/** One point of the headline trend (a week of stored snapshots, or a month of an export's messages). */
export interface HistoryPoint {
  /** last day the point describes (YYYY-MM-DD) */
  day: string;
  /** ties in the period (null for a stored snapshot that did not record them) */
  ties: number | null;
  /** null when the point is withheld (see `withheld`) or departments are not usable */
  eiIndex: number | null;
  modularity: number | null;
  crossShare: number | null;
  /** why the numbers are withheld: 'too few ties' (fewer than the minimum) or 'partial period'; null when shown */
  withheld: 'too few ties' | 'partial period' | null;
  /** introductions accepted in the period; null when unknown (an export has no introductions) */
  introsAccepted: number | null;
}

export interface ReportHistory {
  unit: 'week' | 'month';
  /** oldest first */
  points: HistoryPoint[];
}

export interface SiloReport {
  version: number;
  generatedAt: string;
  window: { since: string | null; until: string };
  minGroupSize: number;
  /** how complete the department data is and how channels were classified */
  data: ReportData;
  org: OrgSummary;
  departments: DepartmentRow[];
  channels: ChannelRow[];
  pairs: DepartmentPair[];
  missingBridges: MissingBridge[];
  communities: EmergingCommunity[];
  /** change since the previous stored snapshot; null when there is none */
  trend: { previousAt: string; deltas: TrendDelta[] } | null;
  /** at most 5, most important first */
  findings: Finding[];
  /** the headline numbers over the last 12 weeks (live) or per month (an export); null when unknown */
  history: ReportHistory | null;
  /** the introduction funnel (domain/introductions/funnel.ts); live workspace reports only */
  introductions?: IntroFunnel;
}
