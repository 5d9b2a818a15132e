/**
 * Composes every silo metric into one SiloReport. Pure: data and time come in as arguments.
 * The department data is judged first (./departmentData.ts): department metrics are computed over
 * the people who have a department and the ties between two such people, and withheld (null, no
 * listings, no department finding) when the data cannot support them. Org-level numbers use the
 * true departments; every listing uses the privacy-merged groups.
 */
import { blau, blauNormalised, isCaptured } from './diversity';
import { eiIndex, groupTieCounts } from './eiIndex';
import { colemanHomophily, isSilo } from './insularity';
import { modularity } from './modularity';
import { emergingCommunities, louvainCommunities } from './communities';
import { judgeDepartments, labelledSubgraph, type DepartmentSource } from './departmentData';
import { adjacencyOf, type Adjacency, type OrgData } from './orgData';
import { expectedTies, missingBridges } from './pairs';
import { activityTrend, communityStage, participationLevels } from './participation';
import { mergeSmallGroups } from './privacy';
import { otherDepartmentsReached, purposeReach, reachAndBreadth } from './reach';
import { FINDING_DEFAULTS, findingsOf, type FindingRules } from './findings';
import {
  REPORT_VERSION,
  type ChannelKindCounts,
  type ChannelRow,
  type DepartmentData,
  type DepartmentPair,
  type DepartmentRow,
  type EmergingCommunity,
  type MissingBridge,
  type OrgSummary,
  type SiloReport,
} from './types';
import { DAY_MS } from '../time';

export interface ReportOptions {
  /** ISO time the report describes ("now" for the caller) */
  generatedAt: string;
  since: string | null;
  minGroupSize: number;
  /** list community members' ids (CLI --people only) */
  includePeople?: boolean;
  /** thresholds of the findings; default: settings.findings' defaults */
  findingRules?: FindingRules;
  /** where the departments came from; default: a file when anyone has a department, else none */
  departmentSource?: DepartmentSource;
  /** each person's passion tags (by person number; live reports), to name communities by what they share */
  passionsOf?: ReadonlyArray<readonly string[] | undefined>;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

interface DepartmentMetrics {
  org: Pick<OrgSummary, 'labelledTies' | 'modularity' | 'eiIndex' | 'crossShare' | 'siloDepartments'>;
  departments: DepartmentRow[];
  pairs: DepartmentPair[];
  missingBridges: MissingBridge[];
}

/**
 * The department metrics on the labelled subgraph (people with a department, ties between two of
 * them): org modularity, E-I, cross share, silos, the department rows, pairs and missing bridges.
 */
function departmentMetrics(data: OrgData, minGroupSize: number, adjacency?: Adjacency): DepartmentMetrics {
  const n = data.people.length;
  const K = data.departments.length;
  const { ties, departmentOf } = data;

  // Organisation: true partition.
  const trueCounts = groupTieCounts(ties, departmentOf, K);
  const deptSize = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++) deptSize[departmentOf[i]]++;
  const trueSilo = data.departments.map((_, d) =>
    isSilo(
      colemanHomophily(trueCounts.internal[d], trueCounts.external[d], deptSize[d], n),
      trueCounts.internal[d],
      trueCounts.external[d],
    ),
  );
  const internalTotal = ties.count - trueCounts.crossTotal;

  // Listings: privacy-merged partition.
  const groups = mergeSmallGroups(data.departments, departmentOf, minGroupSize);
  const G = groups.names.length;
  const counts = groupTieCounts(ties, groups.groupOf, G);
  const adj = adjacency ?? adjacencyOf(n, ties);
  const reached = otherDepartmentsReached(adj, departmentOf, K);
  const { reach, breadth } = reachAndBreadth(reached, groups.groupOf, G);
  const pReach = purposeReach(data.channels, departmentOf, groups.groupOf, G);

  const departments: DepartmentRow[] = [];
  for (let g = 0; g < G; g++) {
    if (groups.hidden[g]) continue;
    const insularity = colemanHomophily(counts.internal[g], counts.external[g], groups.size[g], n);
    departments.push({
      name: groups.names[g],
      size: groups.size[g],
      internalTies: counts.internal[g],
      externalTies: counts.external[g],
      eiIndex: round(eiIndex(counts.external[g], counts.internal[g])),
      insularity: round(insularity),
      reach: round(reach[g]),
      breadth: breadth[g],
      purposeReach: round(pReach[g]),
      silo: isSilo(insularity, counts.internal[g], counts.external[g]),
    });
  }
  departments.sort((x, y) => y.insularity - x.insularity || x.name.localeCompare(y.name));

  const pairs = departmentPairs(data, groups);
  let expectedCross = 0;
  for (let a = 0; a < K; a++)
    for (let b = a + 1; b < K; b++) expectedCross += expectedTies(ties.count, deptSize[a], deptSize[b], n);
  const orgCrossRatio = expectedCross ? trueCounts.crossTotal / expectedCross : 0;
  return {
    org: {
      labelledTies: ties.count,
      modularity: round(modularity(ties, departmentOf, K)),
      eiIndex: round(eiIndex(trueCounts.crossTotal, internalTotal)),
      crossShare: round(ties.count ? trueCounts.crossTotal / ties.count : 0),
      siloDepartments: trueSilo.filter(Boolean).length,
    },
    departments,
    pairs,
    missingBridges: missingBridges(pairs, orgCrossRatio),
  };
}

/** Channels by kind, and how many kinds were inferred from data. */
export function channelKindCounts(data: OrgData): ChannelKindCounts {
  const out: ChannelKindCounts = { purpose: 0, department: 0, broadcast: 0, other: 0, inferred: 0 };
  for (const c of data.channels) {
    out[c.kind]++;
    if (c.kindInferred) out.inferred++;
  }
  return out;
}

export function buildSiloReport(data: OrgData, options: ReportOptions): SiloReport {
  const n = data.people.length;
  const { ties } = data;
  const adj = adjacencyOf(n, ties);
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) active[i] = adj.start[i + 1] > adj.start[i] ? 1 : 0;
  const anyKnown = data.unknownDepartment < 0 ? n > 0 : data.departments.length > 1;
  const source = options.departmentSource ?? (anyKnown ? { source: 'file', label: 'a people file' } : NO_SOURCE);
  const judged: DepartmentData = judgeDepartments(data, active, options.minGroupSize, source);
  const labelled = labelledSubgraph(data);

  const withheld: DepartmentMetrics = {
    org: {
      labelledTies: labelled.data.ties.count,
      modularity: null,
      eiIndex: null,
      crossShare: null,
      siloDepartments: null,
    },
    departments: [],
    pairs: [],
    missingBridges: [],
  };
  // when everyone has a department the labelled subgraph is the whole graph, and so is its adjacency
  const labelledAdjacency = labelled.data === data ? adj : undefined;
  const metrics = judged.usable ? departmentMetrics(labelled.data, options.minGroupSize, labelledAdjacency) : withheld;
  // the listing group of each person (privacy-merged), -1 without a department or usable data
  const groups = judged.usable
    ? mergeSmallGroups(labelled.data.departments, labelled.data.departmentOf, options.minGroupSize)
    : null;
  const departmentOf = new Int32Array(n).fill(-1);
  const groupOf = new Int32Array(n).fill(-1);
  if (groups)
    for (let i = 0; i < n; i++) {
      const j = labelled.indexOf[i];
      if (j < 0) continue;
      departmentOf[i] = labelled.data.departmentOf[j];
      groupOf[i] = groups.groupOf[j];
    }

  const louvain = louvainCommunities(n, ties, undefined, adj);
  const channels = channelRows(
    data,
    groups && { ...groups, departmentOf, groupOf, K: labelled.data.departments.length },
    options.generatedAt,
  );
  const communities = communityRows(data, groups && { ...groups, departmentOf }, louvain, options);

  const report: SiloReport = {
    version: REPORT_VERSION,
    generatedAt: options.generatedAt,
    window: { since: options.since, until: options.generatedAt },
    minGroupSize: options.minGroupSize,
    data: { departments: judged, channels: channelKindCounts(data) },
    org: {
      members: n,
      ties: ties.count,
      ...metrics.org,
      louvain: { count: louvain.groups, modularity: round(louvain.modularity) },
    },
    departments: metrics.departments,
    channels,
    pairs: metrics.pairs,
    missingBridges: metrics.missingBridges,
    communities,
    trend: null,
    findings: [],
    history: null,
  };
  report.findings = findingsOf(report, options.findingRules ?? FINDING_DEFAULTS);
  return report;
}

const NO_SOURCE: DepartmentSource = { source: 'none', label: 'none' };

type Groups = ReturnType<typeof mergeSmallGroups>;
type Louvain = ReturnType<typeof louvainCommunities>;
/** The listing groups with each person of the whole graph placed: -1 without a department. */
type PersonGroups = Groups & { departmentOf: Int32Array; groupOf: Int32Array };

/**
 * One row per channel: departments present (Blau, over members who have a department), the
 * dominant listing group, activity and stage. `groups` null: departments not usable, so the
 * department columns are null.
 */
function channelRows(data: OrgData, groups: (PersonGroups & { K: number }) | null, generatedAt: string): ChannelRow[] {
  const nowMs = Date.parse(generatedAt);
  const channels: ChannelRow[] = data.channels.map((c) => {
    const members = c.members.length;
    const trend = activityTrend(c.activity30d, c.activityPrevious30d);
    const ageDays = c.createdAt ? (nowMs - Date.parse(c.createdAt)) / DAY_MS : null;
    const common = {
      name: c.name,
      kind: c.kind,
      kindReason: c.kindReason,
      members,
      activity30d: c.activity30d,
      trend: round(trend),
      participation: participationLevels(c.memberActivity30d, c.members.indexOf(c.creator)),
      stage: communityStage(ageDays, members, c.activity30d, trend),
    };
    if (!groups)
      return {
        ...common,
        departments: 0,
        blau: null,
        blauNormalised: null,
        dominantDepartment: null,
        dominantShare: null,
        captured: false,
      };
    const G = groups.names.length;
    const byDept = new Float64Array(groups.K);
    const byGroup = new Float64Array(G);
    let known = 0;
    for (const m of c.members) {
      if (groups.departmentOf[m] < 0) continue;
      known++;
      byDept[groups.departmentOf[m]]++;
      byGroup[groups.groupOf[m]]++;
    }
    let dominant = -1;
    // a hidden group (even "Small teams" below the threshold) is never named as dominant
    for (let g = 0; g < G; g++)
      if (!groups.hidden[g] && byGroup[g] > 0 && (dominant < 0 || byGroup[g] > byGroup[dominant])) dominant = g;
    const b = blau(byDept);
    const dominantShare = known && dominant >= 0 ? byGroup[dominant] / known : 0;
    return {
      ...common,
      departments: byGroup.filter((x) => x > 0).length,
      blau: round(b),
      blauNormalised: round(blauNormalised(b, groups.K, known)),
      dominantDepartment: dominant >= 0 ? groups.names[dominant] : null,
      dominantShare: round(dominantShare),
      captured: isCaptured(c.kind, dominantShare, known),
    };
  });
  const kindOrder = { purpose: 0, department: 1, other: 2, broadcast: 3 } as Record<string, number>;
  channels.sort(
    (x, y) => kindOrder[x.kind] - kindOrder[y.kind] || y.members - x.members || x.name.localeCompare(y.name),
  );
  return channels;
}

/** Ties between each two visible listing groups against what their sizes would predict. */
function departmentPairs(data: OrgData, groups: Groups): DepartmentPair[] {
  const n = data.people.length;
  const G = groups.names.length;
  const { ties } = data;
  const pairTies = new Float64Array(G * G);
  for (let t = 0; t < ties.count; t++) {
    const ga = groups.groupOf[ties.a[t]];
    const gb = groups.groupOf[ties.b[t]];
    if (ga !== gb) pairTies[Math.min(ga, gb) * G + Math.max(ga, gb)]++;
  }
  const sharedPurpose = new Float64Array(G * G);
  for (const c of data.channels) {
    if (c.kind !== 'purpose') continue;
    const present = [...new Set(Array.from(c.members, (m) => groups.groupOf[m]))].sort((x, y) => x - y);
    for (let i = 0; i < present.length; i++)
      for (let j = i + 1; j < present.length; j++) sharedPurpose[present[i] * G + present[j]]++;
  }
  const pairs: DepartmentPair[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = a + 1; b < G; b++) {
      if (groups.hidden[a] || groups.hidden[b]) continue;
      const expected = expectedTies(ties.count, groups.size[a], groups.size[b], n);
      const observed = pairTies[a * G + b];
      pairs.push({
        a: groups.names[a],
        b: groups.names[b],
        ties: observed,
        expectedTies: round(expected, 2),
        ratio: round(expected ? observed / expected : 0),
        sharedPurposeChannels: sharedPurpose[a * G + b],
      });
    }
  }
  return pairs;
}

/**
 * Emerging communities (Louvain groups without a channel of their own), their departments named by
 * listing group (none without usable departments), where their ties happen, and a channel name.
 */
function communityRows(
  data: OrgData,
  groups: (Groups & { departmentOf: Int32Array }) | null,
  louvain: Louvain,
  options: ReportOptions,
): EmergingCommunity[] {
  // a community on fewer ties than a finding needs is no community to report
  const minTies = (options.findingRules ?? FINDING_DEFAULTS).minTies;
  const found = emergingCommunities(
    louvain,
    groups?.departmentOf ?? null,
    data.ties,
    data.channels,
    options.minGroupSize,
  ).filter((c) => c.internalTies >= minTies);
  const names = new Set<string>();
  const departmentWords = new Set(data.departments.flatMap((d) => d.toLowerCase().split(/[^a-z0-9]+/)));
  return found.map((cand, index) => {
    const byGroup = new Map<string, number>();
    if (groups)
      for (const [d, count] of cand.departmentCounts) {
        const name = groups.names[groups.groupOfDepartment[d]];
        byGroup.set(name, (byGroup.get(name) ?? 0) + count);
      }
    const departmentsPresent = [...byGroup.entries()]
      .map(([name, members]) => ({ name, members }))
      .sort((x, y) => y.members - x.members || x.name.localeCompare(y.name));
    const shared = options.passionsOf ? sharedPassions(cand.members, options.passionsOf, options.minGroupSize) : [];
    const topChannels = cand.topChannels.map((t) => ({
      name: data.channels[t.channel].name,
      members: t.members,
      ties: t.ties,
    }));
    const row: EmergingCommunity = {
      id: index + 1,
      size: cand.members.length,
      departments: departmentsPresent,
      internalTies: cand.internalTies,
      uncoveredShare: round(cand.uncoveredShare),
      topChannels,
      // the passions its members share, then the words of the channels they meet in, but never
      // of a department's own channel or name
      suggestedChannel: suggestChannelName(
        [
          ...shared.map((p) => p.tag),
          ...cand.topChannels
            .filter((t) => data.channels[t.channel].kind !== 'department')
            .map((t) => data.channels[t.channel].name),
        ],
        index + 1,
        names,
        departmentWords,
      ),
    };
    if (shared.length) row.sharedPassions = shared;
    if (options.includePeople) row.people = cand.members.map((i) => data.people[i]).sort();
    return row;
  });
}

/** A passion names a community when at least this share of its members (and the privacy threshold) hold it. */
export const SHARED_PASSION_SHARE = 0.2;

/**
 * The passion tags held by at least SHARED_PASSION_SHARE of a community's members and by at least
 * the privacy threshold of them (a rarer tag could point at a person), most held first, at most 3.
 */
export function sharedPassions(
  members: ArrayLike<number>,
  passionsOf: ReadonlyArray<readonly string[] | undefined>,
  minGroupSize: number,
): { tag: string; people: number }[] {
  const counts = new Map<string, number>();
  for (let k = 0; k < members.length; k++)
    for (const tag of new Set(passionsOf[members[k]] ?? [])) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const least = Math.max(minGroupSize, Math.ceil(SHARED_PASSION_SHARE * members.length));
  return [...counts]
    .filter(([, people]) => people >= least)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, 3)
    .map(([tag, people]) => ({ tag, people }));
}

/** Words of channel names that say nothing about a topic. */
const NOT_A_TOPIC = new Set([
  'general',
  'random',
  'chat',
  'team',
  'dept',
  'all',
  'the',
  'and',
  'of',
  'misc',
  'off',
  'topic',
  'talk',
  'channel',
  'announcements',
  'announce',
  'cop',
  'guild',
  'interest',
  'learn',
]);

/**
 * A channel name that reads like a topic: the passions the community shares, then the words of the
 * channels where its ties happen (`#data-viz` and `#d3` → `cop-data-viz-d3`), never department
 * names; `cop-community` when there is neither.
 */
export function suggestChannelName(
  channelNames: string[],
  _id: number,
  taken = new Set<string>(),
  departmentWords = new Set<string>(),
): string {
  const words: string[] = [];
  for (const name of channelNames)
    for (const w of name.toLowerCase().split(/[^a-z0-9]+/))
      if (w.length > 1 && !NOT_A_TOPIC.has(w) && !departmentWords.has(w) && !words.includes(w)) words.push(w);
  const base = `cop-${words.slice(0, 3).join('-') || 'community'}`.slice(0, 76);
  // two communities meeting in the same channels get distinct names
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  taken.add(name);
  return name;
}
