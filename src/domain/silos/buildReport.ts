/**
 * Composes every silo metric into one SiloReport. Pure: data and time come in as arguments.
 * Org-level numbers use the true departments; every listing uses the privacy-merged groups.
 */
import { blau, blauNormalised, isCaptured } from './diversity';
import { eiIndex, groupTieCounts } from './eiIndex';
import { colemanHomophily, isSilo } from './insularity';
import { modularity } from './modularity';
import { emergingCommunities, louvainCommunities } from './communities';
import { adjacencyOf, type OrgData } from './orgData';
import { expectedTies, missingBridges } from './pairs';
import { activityTrend, communityStage, participationLevels } from './participation';
import { mergeSmallGroups } from './privacy';
import { otherDepartmentsReached, purposeReach, reachAndBreadth } from './reach';
import { FINDING_DEFAULTS, findingsOf, type FindingRules } from './findings';
import {
  REPORT_VERSION,
  type ChannelRow,
  type DepartmentPair,
  type DepartmentRow,
  type EmergingCommunity,
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
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function buildSiloReport(data: OrgData, options: ReportOptions): SiloReport {
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
  const groups = mergeSmallGroups(data.departments, departmentOf, options.minGroupSize);
  const G = groups.names.length;
  const counts = groupTieCounts(ties, groups.groupOf, G);
  const adj = adjacencyOf(n, ties);
  const louvain = louvainCommunities(n, ties, undefined, adj);
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

  const channels = channelRows(data, groups, options.generatedAt);
  const pairs = departmentPairs(data, groups);
  let expectedCross = 0;
  for (let a = 0; a < K; a++)
    for (let b = a + 1; b < K; b++) expectedCross += expectedTies(ties.count, deptSize[a], deptSize[b], n);
  const orgCrossRatio = expectedCross ? trueCounts.crossTotal / expectedCross : 0;

  const communities = communityRows(data, groups, louvain, options);

  const report: SiloReport = {
    version: REPORT_VERSION,
    generatedAt: options.generatedAt,
    window: { since: options.since, until: options.generatedAt },
    minGroupSize: options.minGroupSize,
    org: {
      members: n,
      ties: ties.count,
      modularity: round(modularity(ties, departmentOf, K)),
      eiIndex: round(eiIndex(trueCounts.crossTotal, internalTotal)),
      crossShare: round(ties.count ? trueCounts.crossTotal / ties.count : 0),
      siloDepartments: trueSilo.filter(Boolean).length,
      louvain: { count: louvain.groups, modularity: round(louvain.modularity) },
    },
    departments,
    channels,
    pairs,
    missingBridges: missingBridges(pairs, orgCrossRatio),
    communities,
    trend: null,
    findings: [],
    history: null,
  };
  report.findings = findingsOf(report, options.findingRules ?? FINDING_DEFAULTS);
  return report;
}

type Groups = ReturnType<typeof mergeSmallGroups>;
type Louvain = ReturnType<typeof louvainCommunities>;

/** One row per channel: departments present (Blau), the dominant listing group, activity and stage. */
function channelRows(data: OrgData, groups: Groups, generatedAt: string): ChannelRow[] {
  const K = data.departments.length;
  const G = groups.names.length;
  const { departmentOf } = data;
  const nowMs = Date.parse(generatedAt);
  const channels: ChannelRow[] = data.channels.map((c) => {
    const byDept = new Float64Array(K);
    const byGroup = new Float64Array(G);
    for (const m of c.members) {
      byDept[departmentOf[m]]++;
      byGroup[groups.groupOf[m]]++;
    }
    let dominant = -1;
    // a hidden group (even "Small teams" below the threshold) is never named as dominant
    for (let g = 0; g < G; g++)
      if (!groups.hidden[g] && byGroup[g] > 0 && (dominant < 0 || byGroup[g] > byGroup[dominant])) dominant = g;
    const members = c.members.length;
    const b = blau(byDept);
    const dominantShare = members ? byGroup[dominant] / members : 0;
    const trend = activityTrend(c.activity30d, c.activityPrevious30d);
    const ageDays = c.createdAt ? (nowMs - Date.parse(c.createdAt)) / DAY_MS : null;
    return {
      name: c.name,
      kind: c.kind,
      members,
      departments: byGroup.filter((x) => x > 0).length,
      blau: round(b),
      blauNormalised: round(blauNormalised(b, K, members)),
      dominantDepartment: dominant >= 0 ? groups.names[dominant] : null,
      dominantShare: round(dominantShare),
      captured: isCaptured(c.kind, dominantShare, members),
      activity30d: c.activity30d,
      trend: round(trend),
      participation: participationLevels(c.memberActivity30d, c.members.indexOf(c.creator)),
      stage: communityStage(ageDays, members, c.activity30d, trend),
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

/** Emerging communities (Louvain groups no channel covers), their departments named by listing group. */
function communityRows(data: OrgData, groups: Groups, louvain: Louvain, options: ReportOptions): EmergingCommunity[] {
  const { ties, departmentOf } = data;
  return emergingCommunities(louvain, departmentOf, ties, data.channels, options.minGroupSize).map((cand, index) => {
    const byGroup = new Map<string, number>();
    for (const [d, count] of cand.departmentCounts) {
      const name = groups.names[groups.groupOfDepartment[d]];
      byGroup.set(name, (byGroup.get(name) ?? 0) + count);
    }
    const departmentsPresent = [...byGroup.entries()]
      .map(([name, members]) => ({ name, members }))
      .sort((x, y) => y.members - x.members || x.name.localeCompare(y.name));
    const row: EmergingCommunity = {
      id: index + 1,
      size: cand.members.length,
      departments: departmentsPresent,
      internalTies: cand.internalTies,
      uncoveredShare: round(cand.uncoveredShare),
      suggestedChannel: suggestChannelName(
        departmentsPresent.map((d) => d.name),
        index + 1,
      ),
    };
    if (options.includePeople) row.people = cand.members.map((i) => data.people[i]).sort();
    return row;
  });
}

function suggestChannelName(departmentNames: string[], id: number): string {
  const slug = departmentNames
    .slice(0, 3)
    .map((d) =>
      d
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .filter(Boolean)
    .join('-');
  return `cop-${slug || 'community'}-${id}`.slice(0, 80);
}
