/**
 * Real SiloReports for tests: buildSiloReport on a small organisation sketched by department
 * sizes, cross-department ties and purpose channels. Each department's people are tied in a ring.
 */
import { assembleOrgData, type RawChannel } from '../../src/domain/silos/assemble';
import { buildSiloReport } from '../../src/domain/silos/buildReport';
import type {
  ChannelRow,
  DepartmentRow,
  EmergingCommunity,
  MissingBridge,
  SiloReport,
} from '../../src/domain/silos/types';
import { defaultSettings } from '../../src/domain/settings';

export interface OrgSketch {
  departments: Array<[name: string, size: number]>;
  /** ties between departments: [a, b, how many] */
  cross?: Array<[a: string, b: string, ties: number]>;
  /** purpose channels: their members, as [department, how many of its people] */
  channels?: Array<{ name: string; members: Array<[department: string, count: number]> }>;
  minGroupSize?: number;
  generatedAt?: string;
  /** list community members' ids, as the CLI's --people does */
  includePeople?: boolean;
  /**
   * fewest ties behind a finding (settings.findings.minTies); default 1: the sketches are tiny and
   * test what outputs show, the minimum itself is tested in tests/unit/silos/findings.test.ts
   */
  minTies?: number;
}

const idOf = (department: string, k: number) => `${department.replace(/\W+/g, '')}${k}`;

export function siloReportOf(o: OrgSketch): SiloReport {
  const people = o.departments.flatMap(([d, n]) =>
    Array.from({ length: n }, (_, k) => ({ id: idOf(d, k), department: d })),
  );
  const size = new Map(o.departments);
  const ties: Array<{ source: string; target: string }> = [];
  for (const [d, n] of o.departments) {
    for (let k = 0; k < n && n > 1; k++) ties.push({ source: idOf(d, k), target: idOf(d, (k + 1) % n) });
  }
  for (const [a, b, count] of o.cross ?? []) {
    for (let k = 0; k < count; k++) {
      ties.push({ source: idOf(a, k % size.get(a)!), target: idOf(b, (k + 1) % size.get(b)!) });
    }
  }
  const channels: RawChannel[] = (o.channels ?? []).map((c, i) => ({
    id: `C${i}`,
    name: c.name,
    createdAt: null,
    creator: null,
    members: c.members.flatMap(([d, n]) => Array.from({ length: n }, (_, k) => idOf(d, k))),
    kindOverride: 'purpose',
  }));
  const data = assembleOrgData({ people, ties, channels, activity: [], rules: defaultSettings().channelKinds });
  const generatedAt = o.generatedAt ?? '2026-11-16T05:00:00.000Z';
  return buildSiloReport(data, {
    generatedAt,
    since: '2026-08-18',
    minGroupSize: o.minGroupSize ?? 5,
    includePeople: o.includePeople,
    findingRules: { ...defaultSettings().findings, minTies: o.minTies ?? 1 },
  });
}

export interface Scale {
  departments: number;
  /** people per department (give or take 3) */
  size: number;
  channels: number;
  bridges: number;
  communities: number;
  /** departments in each community (default 3) */
  communityDepartments?: number;
  /** added to the org's modularity and E-I and each department's E-I (two snapshots that differ) */
  shift?: number;
}

/**
 * A SiloReport of a large workspace for limits and timing: a real report of a small organisation
 * whose listings are replaced by typed rows at the given scale ("Department i", "channel-i").
 */
export function scaledSiloReport(o: Scale): SiloReport {
  const base = siloReportOf({
    departments: [
      ['A', 6],
      ['B', 6],
    ],
    cross: [['A', 'B', 3]],
    channels: [{ name: 'cop-a', members: [['A', 6]] }],
  });
  const shift = o.shift ?? 0;
  const dept = (i: number) => `Department ${i % o.departments}`;
  const departments: DepartmentRow[] = Array.from({ length: o.departments }, (_, i) => ({
    name: dept(i),
    size: o.size + (i % 7) - 3,
    internalTies: 5000 + i,
    externalTies: 3000 + i,
    eiIndex: -0.25 + shift,
    insularity: 0.2,
    reach: 0.4,
    breadth: 2,
    purposeReach: 0.3,
    silo: i % 3 === 0,
  }));
  const channel = (i: number): ChannelRow => ({
    ...base.channels[0],
    name: `channel-${i}`,
    members: 20 + (i % 300),
    dominantDepartment: dept(i),
    dominantShare: 0.85,
    captured: i % 20 === 0,
    stage: 'coalescing',
  });
  const bridge = (i: number): MissingBridge => ({
    a: dept(i),
    b: dept(i * 7 + 1),
    ties: 0,
    expectedTies: 12,
    ratio: 0,
    sharedPurposeChannels: 0,
    reason: 'no ties',
  });
  const community = (i: number): EmergingCommunity => ({
    id: i + 1,
    size: 10 + i,
    departments: Array.from({ length: o.communityDepartments ?? 3 }, (_, k) => ({ name: dept(i + k), members: 1 })),
    internalTies: 100,
    uncoveredShare: 1,
    topChannels: [],
    suggestedChannel: `cop-community-${i + 1}`,
  });
  const people = departments.reduce((acc, d) => acc + d.size, 0);
  return {
    ...base,
    org: { ...base.org, members: people, ties: people * 20, modularity: 0.55 + shift, eiIndex: -0.3 + shift },
    departments,
    channels: Array.from({ length: o.channels }, (_, i) => channel(i)),
    missingBridges: Array.from({ length: o.bridges }, (_, i) => bridge(i)),
    communities: Array.from({ length: o.communities }, (_, i) => community(i)),
  };
}
