import { leadDashboard, type LiveCounts } from '../../src/domain/dashboard';
import { introFunnel } from '../../src/domain/introductions/funnel';
import { SMALL_TEAMS } from '../../src/domain/silos/types';
import { channelDraftText } from '../../src/views/home/notices';
import { siloReportOf } from '../support/siloReports';

const noRounds = introFunnel({ rounds: [], now: new Date('2026-11-20T00:00:00Z'), threshold: 5 });
const live: LiveCounts = {
  activeMembers: 200,
  membersWithPassions: 50,
  introsAccepted: 7,
  introsMet: 3,
  funnel: noRounds,
};

/** Stored with a privacy threshold of 3: Legal (3), Board (4) and Interns (3) are listed by name. */
const report = siloReportOf({
  departments: [
    ['Engineering', 60],
    ['Sales', 50],
    ['Product', 30],
    ['Legal', 3],
    ['Board', 4],
    ['Interns', 3],
  ],
  cross: [
    ['Engineering', 'Product', 80],
    ['Sales', 'Product', 80],
    ['Engineering', 'Sales', 1],
    ['Legal', 'Engineering', 4],
    ['Board', 'Sales', 4],
  ],
  channels: [
    {
      name: 'cop-rust',
      members: [
        ['Engineering', 36],
        ['Sales', 4],
      ],
    },
    {
      name: 'cop-law',
      members: [
        ['Legal', 3],
        ['Board', 1],
      ],
    },
    {
      name: 'cop-deals',
      members: [
        ['Board', 4],
        ['Sales', 1],
      ],
    },
    {
      name: 'cop-open',
      members: [
        ['Sales', 10],
        ['Engineering', 10],
        ['Product', 10],
      ],
    },
  ],
  minGroupSize: 3,
  includePeople: true,
});
const previous = { ...report, org: { ...report.org, modularity: (report.org.modularity ?? 0) + 0.08 } };

describe('the lead dashboard of a stored SiloReport', () => {
  const d = leadDashboard({ day: '2026-11-16', report }, { day: '2026-11-15', report: previous }, 5, live);

  it('merges departments smaller than the privacy threshold into "Small teams"', () => {
    expect(d.departments.map((x) => x.name)).toEqual(['Engineering', 'Sales', 'Product', SMALL_TEAMS]);
    const small = d.departments.find((x) => x.name === SMALL_TEAMS)!;
    expect(small.size).toBe(10);
    const merged = report.departments.filter((x) => ['Legal', 'Board', 'Interns'].includes(x.name));
    const external = merged.reduce((acc, x) => acc + x.externalTies, 0);
    const internal = merged.reduce((acc, x) => acc + x.internalTies, 0);
    expect(small.eiIndex).toBeCloseTo((external - internal) / (external + internal), 6);
  });

  it('leaves the "Small teams" row out when even the merged group is below the threshold', () => {
    const few = siloReportOf({
      departments: [
        ['A', 40],
        ['B', 2],
        ['C', 2],
      ],
      cross: [['A', 'B', 2]],
      minGroupSize: 2,
    });
    const tiny = leadDashboard({ day: '2026-11-16', report: few }, null, 5, live);
    expect(tiny.departments.map((x) => x.name)).toEqual(['A']);
  });

  it('lists captured channels at or above the threshold only, naming small dominant departments "Small teams"', () => {
    expect(report.channels.find((c) => c.name === 'cop-deals')?.dominantDepartment).toBe('Board');
    expect(d.capturedChannels.map((c) => [c.name, c.dominantDepartment])).toEqual([
      ['cop-rust', 'Engineering'],
      ['cop-deals', SMALL_TEAMS],
    ]);
  });

  it('drops missing bridges that involve a small department', () => {
    const small = new Set(['Legal', 'Board', 'Interns']);
    expect(report.missingBridges.some((b) => small.has(b.a) || small.has(b.b))).toBe(true);
    expect(d.missingBridges.length).toBeGreaterThan(0);
    for (const b of d.missingBridges)
      expect([b.a, b.b]).not.toContainEqual(expect.stringMatching(/Legal|Board|Interns|Small teams/));
    const engSales = report.missingBridges.find((b) => [b.a, b.b].sort().join() === 'Engineering,Sales')!;
    expect(d.missingBridges).toContainEqual({
      a: engSales.a,
      b: engSales.b,
      ties: engSales.ties,
      expected: engSales.expectedTies,
    });
  });

  it('keeps only communities at or above the threshold and never copies member ids', () => {
    const tiny = {
      ...report.communities[0],
      id: 99,
      size: 3,
      departments: [{ name: 'Board', members: 3 }],
      people: ['Board0'],
    };
    const withTiny = leadDashboard(
      { day: '2026-11-16', report: { ...report, communities: [...report.communities, tiny] } },
      null,
      5,
      live,
    );
    expect(report.communities[0].people?.length).toBeGreaterThan(0);
    expect(withTiny.communities.map((c) => c.size)).toEqual(
      report.communities.map((c) => c.size).sort((x, y) => y - x),
    );
    expect(JSON.stringify(withTiny)).not.toMatch(
      /"(Engineering|Sales|Product|Legal|Board|Interns)\d+"|Legal|Board|Interns/,
    );
  });

  it('shows headline numbers with their change since the previous snapshot', () => {
    const q = d.headlines.find((h) => h.key === 'modularity')!;
    expect(q.value).toBe(report.org.modularity);
    expect(q.change).toBeCloseTo(-0.08);
    expect(d.headlines.find((h) => h.key === 'answerRate')!.value).toBeCloseTo(0.25);
    expect(d.headlines.find((h) => h.key === 'siloDepartments')!.value).toBe(report.org.siloDepartments);
    expect(d.headlines.find((h) => h.key === 'crossShare')!.value).toBe(report.org.crossShare);
  });

  it('shows a snapshot stored before the SiloReport contract as no report, so the lead refreshes it', () => {
    const old = { org: { members: 9, modularity: 0.4 }, departments: [{ name: 'Y', size: 9 }] };
    const none = leadDashboard({ day: '2026-11-16', report: old }, null, 5, live);
    expect(none.snapshotDay).toBeNull();
    expect(none.departments).toEqual([]);
    expect(none.headlines.find((h) => h.key === 'modularity')!.value).toBeNull();
  });

  it('drafts the channel the report suggests for an emerging community', () => {
    const draft = channelDraftText(d.communities[0]);
    const community = report.communities[d.communities[0].index];
    expect(draft).toContain(`#${community.suggestedChannel}`);
    expect(draft).toContain(`${community.size} people`);
  });
});

describe('a report whose own listing already has "Small teams"', () => {
  it('shows one "Small teams" row after the lead raises the privacy threshold', () => {
    // stored with threshold 5 (Small teams: 3 + 4 people); now 6, so Ops and Data (5 each) are small too
    const stored = siloReportOf({
      departments: [
        ['Engineering', 40],
        ['Ops', 5],
        ['Data', 5],
        ['Tiny', 3],
        ['Few', 4],
      ],
      cross: [
        ['Engineering', 'Ops', 4],
        ['Engineering', 'Data', 4],
        ['Tiny', 'Few', 2],
      ],
      minGroupSize: 5,
    });
    expect(stored.departments.map((x) => x.name)).toContain(SMALL_TEAMS);
    const d = leadDashboard({ day: '2026-11-16', report: stored }, null, 6, live);
    expect(d.departments.map((x) => [x.name, x.size])).toEqual([
      ['Engineering', 40],
      [SMALL_TEAMS, 17],
    ]);
  });
});
