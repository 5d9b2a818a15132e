import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { withTrend } from '../../../src/domain/silos/trend';
import { SMALL_TEAMS } from '../../../src/domain/silos/types';
import { runDemo } from '../../../src/services/offlineReport';

const rules = defaultSettings().channelKinds;
const NOW = '2026-06-01T00:00:00.000Z';

/** Two departments of 6 (A, B), a team of 2 (Tiny) and one of 3 (Mini); ties listed by hand. */
function smallOrg() {
  const people = [
    ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id) => ({ id, department: 'A' })),
    ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((id) => ({ id, department: 'B' })),
    { id: 't1', department: 'Tiny' },
    { id: 't2', department: 'Tiny' },
    { id: 'm1', department: 'Mini' },
    { id: 'm2', department: 'Mini' },
    { id: 'm3', department: 'Mini' },
  ];
  const ties = [
    ['a1', 'a2'],
    ['a2', 'a3'],
    ['a3', 'a4'],
    ['a4', 'a5'],
    ['a5', 'a6'],
    ['a6', 'a1'],
    ['a1', 'b1'],
    ['b1', 'b2'],
    ['b2', 'b3'],
    ['b3', 'b4'],
    ['t1', 't2'],
    ['t1', 'm1'],
    ['m1', 'm2'],
    ['m2', 'a2'],
    ['a2', 'a1'], // the reverse of a1–a2: the same tie
  ].map(([source, target]) => ({ source, target }));
  return assembleOrgData({ people, ties, channels: [], activity: [], rules });
}

describe('silo report', () => {
  it('computes org numbers on the true departments', () => {
    const report = buildSiloReport(smallOrg(), { generatedAt: NOW, since: null, minGroupSize: 5 });
    expect(report.org.members).toBe(17);
    expect(report.org.ties).toBe(14);
    // cross-department ties: a1–b1, t1–m1, m2–a2
    expect(report.org.crossShare).toBeCloseTo(3 / 14, 4);
    expect(report.org.eiIndex).toBeCloseTo((3 - 11) / 14, 4);
  });

  it('never lists a department smaller than the privacy threshold: they become "Small teams"', () => {
    const report = buildSiloReport(smallOrg(), { generatedAt: NOW, since: null, minGroupSize: 5 });
    expect(report.departments.map((d) => d.name).sort()).toEqual(['A', 'B', SMALL_TEAMS]);
    const small = report.departments.find((d) => d.name === SMALL_TEAMS)!;
    expect(small.size).toBe(5);
    // t1–t2, t1–m1 and m1–m2 are all inside "Small teams"; m2–a2 leaves it
    expect(small.internalTies).toBe(3);
    expect(small.externalTies).toBe(1);
    const names = new Set([
      ...report.pairs.flatMap((p) => [p.a, p.b]),
      ...report.missingBridges.flatMap((p) => [p.a, p.b]),
    ]);
    expect(names.has('Tiny')).toBe(false);
    expect(names.has('Mini')).toBe(false);
    expect(JSON.stringify(report)).not.toMatch(/"(Tiny|Mini)"/);
  });

  it('leaves out, and never names as dominant, a merged group still below the threshold', () => {
    const data = smallOrg();
    data.channels.push({
      id: 'C1',
      name: 'cop-x',
      kind: 'purpose',
      kindReason: 'name matches purpose pattern "cop-*"',
      kindInferred: false,
      createdAt: null,
      creator: -1,
      members: Int32Array.from([12, 13, 14]),
      memberActivity30d: new Float64Array(3),
      activity30d: 0,
      activityPrevious30d: 0,
    });
    const report = buildSiloReport(data, { generatedAt: NOW, since: null, minGroupSize: 6 });
    expect(report.departments.map((d) => d.name).sort()).toEqual(['A', 'B']); // Small teams (5) hidden
    expect(report.channels[0].dominantDepartment).toBeNull();
    expect(report.org.members).toBe(17);
  });

  it('shows the change of headline numbers since the previous snapshot', () => {
    const before = buildSiloReport(smallOrg(), {
      generatedAt: '2026-05-01T00:00:00.000Z',
      since: null,
      minGroupSize: 5,
    });
    const now = withTrend(buildSiloReport(smallOrg(), { generatedAt: NOW, since: null, minGroupSize: 3 }), {
      ...before,
      org: { ...before.org, ties: 10 },
    });
    expect(now.trend?.previousAt).toBe('2026-05-01T00:00:00.000Z');
    expect(now.trend?.deltas.find((d) => d.metric === 'ties')).toEqual({
      metric: 'ties',
      previous: 10,
      current: 14,
      change: 4,
    });
  });
});

describe('channels as the report reads them', () => {
  it('counts each member once, ignores unknown ids and credits activity only to members', () => {
    const data = assembleOrgData({
      people: [
        { id: 'a', department: 'A' },
        { id: 'b', department: 'B' },
        { id: 'c', department: null },
        { id: 'd', department: 'A' },
      ],
      ties: [{ source: 'a', target: 'b' }],
      channels: [
        { id: 'C1', name: 'one', createdAt: null, creator: 'b', members: ['b', 'a', 'b', 'ghost', 'c'] },
        { id: 'C2', name: 'two', createdAt: null, creator: null, members: ['d'] },
      ],
      activity: [
        { channelId: 'C1', actor: 'a', last30: 3, previous30: 1 },
        { channelId: 'C1', actor: 'd', last30: 5, previous30: 0 }, // not a member of C1
        { channelId: 'C2', actor: 'd', last30: 2, previous30: 2 },
      ],
      rules,
    });
    const [one, two] = data.channels;
    expect(Array.from(one.members, (m) => data.people[m])).toEqual(['b', 'a', 'c']);
    expect(one.creator).toBe(data.people.indexOf('b'));
    expect(Array.from(one.memberActivity30d)).toEqual([0, 3, 0]);
    expect([one.activity30d, one.activityPrevious30d]).toEqual([8, 1]);
    expect(Array.from(two.memberActivity30d)).toEqual([2]);
  });
});

describe('weaver demo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the two planted silos, the planted community and the captured channel in its own export', async () => {
    const { demo, report, files } = await runDemo(dir, 300, {
      minGroupSize: 5,
      since: null,
      includePeople: true,
      now: new Date(NOW),
    });
    expect(
      report.departments
        .filter((d) => d.silo)
        .map((d) => d.name)
        .sort(),
    ).toEqual(demo.planted.silos.map((s) => s.toLowerCase()).sort());
    expect(report.org.siloDepartments).toBe(2);
    const planted = new Set(demo.planted.community);
    const best = Math.max(
      0,
      ...report.communities.map((c) => c.people!.filter((p) => planted.has(p)).length / Math.max(c.size, planted.size)),
    );
    expect(best).toBeGreaterThanOrEqual(0.8);
    expect(report.channels.filter((c) => c.captured).map((c) => c.name)).toEqual([demo.planted.capturedChannel]);
    const siloNames = new Set(demo.planted.silos.map((s) => s.toLowerCase()));
    expect(report.missingBridges.length).toBeGreaterThan(0);
    expect(report.missingBridges.every((b) => siloNames.has(b.a) || siloNames.has(b.b))).toBe(true);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'report.txt',
      'report.json',
      'report.csv',
      'report.html',
      'heatmap.png',
    ]);
    // the planted silos are the first findings; the export's messages give a monthly trend and both window ends
    expect(
      report.findings
        .slice(0, 2)
        .map((f) => [f.kind, String(f.evidence.department)])
        .sort(),
    ).toEqual([...siloNames].sort().map((d) => ['closed_department', d]));
    expect(report.findings.find((f) => f.kind === 'captured_channel')?.evidence.channel).toBe(
      demo.planted.capturedChannel,
    );
    expect(report.findings.filter((f) => f.change).length).toBeGreaterThan(0);
    expect(report.history?.unit).toBe('month');
    expect(report.history!.points.length).toBeGreaterThanOrEqual(2);
    expect(report.history!.points.every((p) => p.introsAccepted === null && p.day < '2026-06-01')).toBe(true);
    expect(report.window.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
