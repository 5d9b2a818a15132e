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
 * Version of the SiloReport shape. 1: no `version`, `findings` or `history` fields; 2: adds them. Stored snapshots of an older version are upgraded by readStoredReport().
 */
export const REPORT_VERSION = 2;

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
  /** Newman's Q of the department partition, γ = 1 */
  modularity: number;
  /** Krackhardt–Stern E-I over all ties, in [-1, 1] */
  eiIndex: number;
  /** share of ties that join two different departments, in [0, 1] */
  crossShare: number;
  /** number of departments flagged `silo` (true partition) */
  siloDepartments: number;
  louvain: LouvainSummary;
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
  /** Blau diversity 1 − Σ p_k² over department shares */
  blau: number;
  /** blau / (1 − 1/K), K = number of departments in the org; 0 when K ≤ 1 */
  blauNormalised: number;
  dominantDepartment: string | null;
  dominantShare: number;
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

export interface EmergingCommunity {
  id: number;
  size: number;
  /** departments present, largest first (privacy-merged) */
  departments: { name: string; members: number }[];
  internalTies: number;
  /** share of the community's internal ties not covered by any shared purpose channel */
  uncoveredShare: number;
  /** suggested channel name */
  suggestedChannel: string;
  /** member ids — only with the CLI's explicit --people flag */
  people?: string[];
}

export interface TrendDelta {
  metric: string;
  previous: number;
  current: number;
  change: number;
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
  /** null when there is no report from about a month before, or the finding cannot be matched to it */
  change: FindingChange | null;
}

/** One point of the headline trend (a week of stored snapshots, or a month of an export's messages). */
export interface HistoryPoint {
  /** last day the point describes (YYYY-MM-DD) */
  day: string;
  eiIndex: number;
  modularity: number;
  crossShare: number;
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
