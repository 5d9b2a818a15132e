import { SMALL_TEAMS, draftChannel, leadDashboard, parseSnapshot, type LiveCounts } from '../../src/domain/dashboard';
import { introFunnel } from '../../src/domain/introductions/funnel';

const noRounds = introFunnel({ rounds: [], now: new Date('2026-11-20T00:00:00Z'), threshold: 5 });
const live: LiveCounts = { activeMembers: 200, membersWithPassions: 50, introsAccepted: 7, introsMet: 3, funnel: noRounds };

const report = {
  org: { members: 120, ties: 400, modularity: 0.42, eiIndex: -0.3 },
  departments: [
    { name: 'Engineering', size: 60, internalTies: 200, externalTies: 80, eiIndex: -0.43, reach: 0.5, breadth: 1, silo: true },
    { name: 'Sales', size: 50, internalTies: 90, externalTies: 60, eiIndex: -0.2, reach: 0.6, breadth: 2, silo: false },
    { name: 'Legal', size: 3, internalTies: 2, externalTies: 10, eiIndex: 0.66, reach: 1, breadth: 2, silo: false },
    { name: 'Board', size: 4, internalTies: 3, externalTies: 10, eiIndex: 0.5, reach: 0.5, breadth: 1, silo: false },
    { name: 'Interns', size: 3, internalTies: 1, externalTies: 0, eiIndex: -1, reach: 0, breadth: 0, silo: true },
  ],
  channels: [
    { name: 'cop-rust', kind: 'purpose', members: 40, blau: 0.2, dominantDepartment: 'Engineering', dominantShare: 0.9, captured: true, stage: 'maturing' },
    { name: 'cop-law', kind: 'purpose', members: 4, blau: 0.1, dominantDepartment: 'Legal', dominantShare: 1, captured: true, stage: 'potential' },
    { name: 'cop-deals', kind: 'purpose', members: 12, blau: 0.3, dominantDepartment: 'Board', dominantShare: 0.8, captured: true },
    { name: 'cop-open', kind: 'purpose', members: 30, blau: 0.7, dominantDepartment: 'Sales', dominantShare: 0.4, captured: false },
  ],
  missingBridges: [
    { a: 'Engineering', b: 'Sales', ties: 1, expected: 30 },
    { a: 'Legal', b: 'Sales', ties: 0, expected: 3 },
    { departments: ['Sales', 'Engineering'], ties: 1 },
    'garbage',
  ],
  communities: [
    { size: 12, departments: ['Engineering', 'Sales', 'Legal'], tags: ['climbing', 'bouldering'], members: ['U1', 'U2'] },
    { size: 3, departments: ['Engineering', 'Board'], tags: ['secret'] },
  ],
};

describe('the lead dashboard of a report snapshot', () => {
  const d = leadDashboard({ day: '2026-11-16', report }, { day: '2026-11-15', report: { ...report, org: { ...report.org, modularity: 0.5 } } }, 5, live);

  it('merges departments smaller than the privacy threshold into "Small teams"', () => {
    expect(d.departments.map((x) => x.name)).toEqual(['Engineering', 'Sales', SMALL_TEAMS]);
    const small = d.departments.find((x) => x.name === SMALL_TEAMS)!;
    expect(small.size).toBe(10);
    // (external − internal) / (external + internal) over the merged ties: (20 − 6) / 26
    expect(small.eiIndex).toBeCloseTo(14 / 26, 6);
  });

  it('leaves the "Small teams" row out when even the merged group is below the threshold', () => {
    const tiny = leadDashboard({ day: '2026-11-16', report: { departments: [{ name: 'A', size: 40 }, { name: 'B', size: 2 }, { name: 'C', size: 2 }] } }, null, 5, live);
    expect(tiny.departments.map((x) => x.name)).toEqual(['A']);
  });

  it('lists captured channels at or above the threshold only, naming small dominant departments "Small teams"', () => {
    expect(d.capturedChannels.map((c) => [c.name, c.dominantDepartment])).toEqual([
      ['cop-rust', 'Engineering'],
      ['cop-deals', SMALL_TEAMS],
    ]);
  });

  it('drops missing bridges that involve a small department and duplicates of the same pair', () => {
    expect(d.missingBridges).toEqual([{ a: 'Engineering', b: 'Sales', ties: 1, expected: 30 }]);
  });

  it('keeps only communities at or above the threshold and never copies member ids', () => {
    expect(d.communities).toHaveLength(1);
    expect(d.communities[0].departments).toEqual(['Engineering', 'Sales', SMALL_TEAMS]);
    expect(JSON.stringify(d)).not.toMatch(/"U1"|"U2"|Legal|Board|Interns|secret/);
  });

  it('shows headline numbers with their change since the previous snapshot', () => {
    const q = d.headlines.find((h) => h.key === 'modularity')!;
    expect(q.value).toBeCloseTo(0.42);
    expect(q.change).toBeCloseTo(-0.08);
    expect(d.headlines.find((h) => h.key === 'answerRate')!.value).toBeCloseTo(0.25);
    expect(d.headlines.find((h) => h.key === 'siloDepartments')!.value).toBe(2);
    // Σ externalTies / 2 over all ties: 160 / 2 / 400
    expect(d.headlines.find((h) => h.key === 'crossShare')!.value).toBeCloseTo(0.2);
  });

  it('reads a report with missing or malformed fields without failing', () => {
    expect(parseSnapshot({ org: 'nope', departments: [{ name: 'X', size: 'big' }, { name: 'Y', size: 9 }], channels: null })).toMatchObject({
      org: {},
      departments: [{ name: 'Y', size: 9 }],
      channels: [],
    });
    expect(leadDashboard(null, null, 5, live).headlines.find((h) => h.key === 'modularity')!.value).toBeNull();
  });

  it('drafts a channel name and purpose for an emerging community', () => {
    const draft = draftChannel(d.communities[0]);
    expect(draft.name).toBe('cop-climbing-bouldering');
    expect(draft.purpose).toContain('12 people');
    expect(draft.purpose).toContain('Engineering');
  });
});

describe('a report whose own listing already has "Small teams"', () => {
  it('shows one "Small teams" row after the lead raises the privacy threshold', () => {
    const stored = {
      org: { members: 60, ties: 100 },
      departments: [
        { name: 'Engineering', size: 40, internalTies: 50, externalTies: 10 },
        { name: 'Ops', size: 4, internalTies: 4, externalTies: 4 },
        { name: SMALL_TEAMS, size: 7, internalTies: 2, externalTies: 6 },
        { name: 'Data', size: 4, internalTies: 3, externalTies: 2 },
      ],
    };
    // stored with threshold 5 (Small teams: 7 people); now 6, so Ops and Data (4 each) are small too
    const d = leadDashboard({ day: '2026-11-16', report: stored }, null, 6, live);
    expect(d.departments.map((x) => [x.name, x.size])).toEqual([['Engineering', 40], [SMALL_TEAMS, 15]]);
  });
});
