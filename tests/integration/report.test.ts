import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { testDatabaseUrl, useTestDatabase } from '../support/db';
import { computeLiveReport, refreshSiloReport } from '../../src/services/report';
import { activePeopleWithDepartments, readIntTriples, tiesAsPersonNumbers } from '../../src/store/reportData';
import { tiesInCanonicalOrder } from '../../src/domain/silos/orgData';
import '../../src/jobs/kinds';
import { tick } from '../../src/jobs/scheduler';
import { latestSnapshots } from '../../src/store/snapshots';
import { saveSettings } from '../../src/store/settings';
import { defaultSettings } from '../../src/domain/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import { homeFeatures } from '../../src/services/home/features';
import { useFakeSlack } from '../support/fakeSlack';
import { markWorkspaceSynced } from '../support/workspaceState';
import { TestClock, testServices } from '../support/testApp';

const TEAM = 'T0TEST';
const db = useTestDatabase();
const at = (iso: string) => () => new Date(iso);

async function seed(): Promise<void> {
  const people = [
    ...Array.from({ length: 5 }, (_, i) => ({ user_id: `UA${i}`, department: 'Alpha' })),
    ...Array.from({ length: 5 }, (_, i) => ({ user_id: `UB${i}`, department: 'Beta' })),
    { user_id: 'UBOT', department: null, is_bot: true },
    { user_id: 'UGONE', department: 'Alpha', is_deleted: true },
  ];
  await db()('members').insert(people.map((p) => ({ team_id: TEAM, ...p })));
  await db()('channels').insert([
    { team_id: TEAM, channel_id: 'C1', name: 'cop-data', created: '2026-01-01T00:00:00Z' },
    { team_id: TEAM, channel_id: 'C2', name: 'old', is_archived: true },
  ]);
  await db()('memberships').insert([
    ...['UA0', 'UA1', 'UB0', 'UB1'].map((u) => ({ team_id: TEAM, channel_id: 'C1', user_id: u })),
    { team_id: TEAM, channel_id: 'C1', user_id: 'UB2', left_at: '2026-03-01T00:00:00Z' },
  ]);
  const row = (day: string, actor: string, target: string, kind = 'mention', count = 1) => ({
    team_id: TEAM,
    day,
    channel_id: 'C1',
    actor_id: actor,
    target_id: target,
    kind,
    count,
  });
  await db()('interactions').insert([
    row('2026-05-20', 'UA0', 'UA1'),
    row('2026-05-21', 'UA1', 'UA0', 'reply', 3), // same tie, other direction
    row('2026-05-22', 'UA0', 'UA1', 'reaction'), // same tie again
    row('2026-05-20', 'UA1', 'UA2'),
    row('2026-05-20', 'UB0', 'UB1'),
    row('2026-05-25', 'UA0', 'UB0', 'reply', 2),
    row('2026-05-20', 'UA0', 'UBOT'), // bots are not people
    row('2026-05-20', 'UA0', 'UGONE'), // nor deleted accounts
    row('2026-05-20', 'UA3', 'UA3'), // self-ties are not ties
    row('2025-12-01', 'UB2', 'UB3'), // outside the 90-day window
  ]);
}

describe('live silo report from PostgreSQL', () => {
  it('counts distinct unordered pairs of people who interacted in the window as ties', async () => {
    await seed();
    const report = await computeLiveReport({ db: db(), now: at('2026-06-01T12:00:00Z') }, TEAM);
    expect(report.org.members).toBe(10);
    expect(report.org.ties).toBe(4);
    expect(report.org.crossShare).toBe(0.25);
    expect(report.departments.find((d) => d.name === 'Alpha')).toMatchObject({
      size: 5,
      internalTies: 2,
      externalTies: 1,
    });
    const channel = report.channels.find((c) => c.name === 'cop-data')!;
    expect(channel).toMatchObject({ kind: 'purpose', members: 4, departments: 2, blau: 0.5, activity30d: 10 });
    // activity: interactions by people in the channel; those with bots and with oneself are not activity
    expect(report.channels.map((c) => c.name)).toEqual(['cop-data']);
  });

  it('reads the ties as numbered pairs weighted by their interactions, both directions and all kinds together', async () => {
    await seed();
    const people = await activePeopleWithDepartments(db(), TEAM);
    const ties = await tiesAsPersonNumbers(db(), TEAM, { since: '2026-03-03', until: '2026-06-02' });
    const read = Array.from({ length: ties.count }, (_, t) => {
      const [a, b] = [people.ids[ties.a[t]], people.ids[ties.b[t]]].sort();
      return `${a}-${b}:${ties.weight[t]}`;
    }).sort();
    expect(read).toEqual(['UA0-UA1:5', 'UA0-UB0:2', 'UA1-UA2:1', 'UB0-UB1:1']);
    expect(ties.a).toBeInstanceOf(Int32Array);
    expect(ties.weight).toBeInstanceOf(Float64Array);
    // in the canonical order, whatever order the database's plan gave the rows in
    const again = Int32Array.from({ length: 3 * ties.count }, (_, k) =>
      k % 3 === 0 ? ties.b[k / 3] : k % 3 === 1 ? ties.a[(k - 1) / 3] : ties.weight[(k - 2) / 3],
    );
    expect(tiesInCanonicalOrder(again)).toEqual(ties);
  });

  it('widens the window with --since', async () => {
    await seed();
    const report = await computeLiveReport({ db: db(), now: at('2026-06-01T12:00:00Z') }, TEAM, {
      since: '2025-11-01',
    });
    expect(report.org.ties).toBe(5);
  });

  it('stores one snapshot per day and reports the change since the previous one', async () => {
    await seed();
    const first = await refreshSiloReport({ db: db(), now: at('2026-05-31T09:00:00Z') }, TEAM);
    expect(first.report.trend).toBeNull();
    await db()('interactions').insert({
      team_id: TEAM,
      day: '2026-06-01',
      channel_id: 'C1',
      actor_id: 'UB3',
      target_id: 'UA4',
      kind: 'mention',
      count: 1,
    });
    const second = await refreshSiloReport({ db: db(), now: at('2026-06-01T09:00:00Z') }, TEAM);
    expect(second.report.trend?.deltas.find((d) => d.metric === 'ties')).toEqual({
      metric: 'ties',
      previous: 4,
      current: 5,
      change: 1,
    });
    const again = await refreshSiloReport({ db: db(), now: at('2026-06-01T18:00:00Z') }, TEAM);
    expect(again.id).toBe(second.id);
    expect((await latestSnapshots(db(), TEAM, 1))[0]?.day).toBe('2026-06-01');
    expect(await db()('report_snapshots').count('* as n').first()).toEqual({ n: 2 });
  });
});

describe('reading the interaction rows from PostgreSQL', () => {
  it('reads big-endian int4 triples, and refuses a list cut short', () => {
    const values = [0, 17, 3, 2147483647, 1, 40000];
    const bigEndian = (at: number) => {
      const bytes = Buffer.alloc(at + 24).subarray(at);
      for (const [k, v] of values.entries()) bytes.writeInt32BE(v, 4 * k);
      return bytes;
    };
    expect(Array.from(readIntTriples(bigEndian(0), 2))).toEqual(values);
    // at an offset that is not a multiple of 4 (a small buffer from Node's shared pool)
    expect(Array.from(readIntTriples(bigEndian(1), 2))).toEqual(values);
    expect(readIntTriples(Buffer.alloc(0), 0)).toHaveLength(0);
    expect(() => readIntTriples(bigEndian(0).subarray(0, 20), 2)).toThrow(/20 bytes for 2 rows, expected 24/);
  });
});

describe('change over time in the live report', () => {
  it('draws 12 weeks of snapshots with the introductions accepted each week, and compares findings with a month before', async () => {
    await seed();
    // the seeded workspace has a handful of ties: let findings and trend points rest on as few
    const settings = defaultSettings();
    await saveSettings(db(), TEAM, { ...settings, findings: { ...settings.findings, minTies: 1 } });
    const old = await refreshSiloReport({ db: db(), now: at('2026-04-28T09:00:00Z') }, TEAM);
    // a snapshot stored before findings existed (SiloReport version 1) is upgraded when read
    const { version: _v, findings: _f, history: _h, ...v1 } = old.report;
    await db()('report_snapshots')
      .where({ id: old.id })
      .update({ report: JSON.stringify({ ...v1, org: { ...v1.org, eiIndex: -0.9 } }) });
    await refreshSiloReport({ db: db(), now: at('2026-05-20T09:00:00Z') }, TEAM);
    const [round] = await db()('intro_rounds')
      .insert({ team_id: TEAM, period_key: '2026-W22', status: 'done' })
      .returning('id');
    await db()('intros').insert([
      { team_id: TEAM, round_id: round.id, status: 'accepted', accepted_at: '2026-05-27T10:00:00Z' },
      { team_id: TEAM, round_id: round.id, status: 'accepted', accepted_at: '2026-05-28T10:00:00Z' },
      { team_id: TEAM, round_id: round.id, status: 'declined' },
    ]);
    const now = await refreshSiloReport({ db: db(), now: at('2026-05-31T09:00:00Z') }, TEAM);
    const history = now.report.history!;
    expect(history.unit).toBe('week');
    expect(history.points.map((p) => [p.day, p.introsAccepted])).toEqual([
      ['2026-04-28', 0],
      ['2026-05-20', 0],
      ['2026-05-31', 2],
    ]);
    // the first snapshot had no ties in its window: its point says so instead of drawing 0 or −0.9
    expect(history.points[0]).toMatchObject({ ties: 0, eiIndex: null, withheld: 'too few ties' });
    expect(history.points[2].withheld).toBeNull();
    expect(now.report.version).toBe(3);
    expect(now.report.window).toEqual({ since: '2026-03-02', until: '2026-05-31T09:00:00.000Z' });
    // the report of a month before (2026-04-28) had no ties in its window: no finding claims a change since it
    expect(now.report.findings.length).toBeGreaterThan(0);
    expect(now.report.findings.filter((x) => x.change)).toEqual([]);
  });
});

describe('daily snapshot job', () => {
  const fake = useFakeSlack();
  it('stores one snapshot a day at the snapshot hour, however often the scheduler ticks', async () => {
    await seed();
    await recordWorkspace(db(), { teamId: TEAM });
    await markWorkspaceSynced(db(), TEAM);
    const clock = new TestClock(new Date('2026-06-01T04:00:00Z'));
    const services = { ...testServices(db(), fake, clock), home: homeFeatures() };
    await tick(services);
    expect(await latestSnapshots(db(), TEAM, 1)).toEqual([]);
    clock.advance(2 * 3600_000);
    await tick(services);
    await tick(services);
    const [snapshot] = await latestSnapshots(db(), TEAM, 1);
    expect(snapshot?.day).toBe('2026-06-01');
    expect((snapshot?.report as { org: { ties: number } } | undefined)?.org.ties).toBe(4);
    expect(await db()('report_snapshots').count('* as n').first()).toEqual({ n: 1 });
  });
});

describe('weaver report', () => {
  it('writes the live report in the chosen format and stores the snapshot', async () => {
    await seed();
    const dir = await mkdtemp(join(tmpdir(), 'weaver-report-'));
    const saved = { url: process.env.DATABASE_URL, level: process.env.LOG_LEVEL };
    process.env.DATABASE_URL = testDatabaseUrl();
    process.env.LOG_LEVEL = 'silent';
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const out = join(dir, 'report.json');
      expect(await main(['report', '--format', 'json', '--out', out, '--since', '2025-11-01'])).toBe(0);
      const report = JSON.parse(await readFile(out, 'utf8'));
      expect(report.org.ties).toBe(5);
      expect(await db()('report_snapshots').where({ team_id: TEAM }).count('* as n').first()).toEqual({ n: 1 });
      expect(await main(['report', '--team', 'nope'])).toBe(2);
    } finally {
      errors.mockRestore();
      process.env.DATABASE_URL = saved.url;
      process.env.LOG_LEVEL = saved.level;
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      if (saved.level === undefined) delete process.env.LOG_LEVEL;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("adds the introduction funnel (the Home tab's numbers) to the JSON and HTML reports", async () => {
    await seed();
    const created = new Date(Date.now() - 10 * 86_400_000);
    const [round] = await db()('intro_rounds')
      .insert({ team_id: TEAM, period_key: '2026-W45+46', created_at: created })
      .returning('id');
    const addIntro = async (status: string, members: string[], extra: Record<string, unknown> = {}) => {
      const [i] = await db()('intros')
        .insert({ team_id: TEAM, round_id: round.id, status, created_at: created, ...extra })
        .returning('id');
      await db()('intro_members').insert(members.map((u) => ({ intro_id: i.id, team_id: TEAM, user_id: u })));
    };
    // hand count: a trio accepted and met, a pair declined: 5 people, 2 proposed, 3 introduced pairs, none talked since
    await addIntro('accepted', ['UA0', 'UB0', 'UB3'], { outcome: 'met', accepted_at: created, bridges_missing: true });
    await addIntro('declined', ['UA1', 'UB1']);
    const dir = await mkdtemp(join(tmpdir(), 'weaver-report-'));
    const saved = { url: process.env.DATABASE_URL, level: process.env.LOG_LEVEL };
    process.env.DATABASE_URL = testDatabaseUrl();
    process.env.LOG_LEVEL = 'silent';
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const json = join(dir, 'report.json');
      expect(await main(['report', '--format', 'json', '--out', json, '--no-snapshot'])).toBe(0);
      const { introductions } = JSON.parse(await readFile(json, 'utf8'));
      const expected = {
        hidden: false,
        people: 5,
        proposed: 2,
        acceptedByAll: 1,
        met: 1,
        declined: 1,
        expired: 0,
        withdrawn: 0,
      };
      expect(introductions.rounds).toEqual([
        {
          period: '2026-W45+46',
          createdAt: created.toISOString(),
          ...expected,
          bridgingShare: 0.5,
          newTieRate: 0,
          comparisonTieRate: null,
        },
      ]);
      expect(introductions.quarter).toMatchObject({ rounds: 1, ...expected });
      const html = join(dir, 'report.html');
      expect(await main(['report', '--format', 'html', '--out', html, '--no-snapshot'])).toBe(0);
      expect(await readFile(html, 'utf8')).toContain(
        '<tr><td>2026-W45+46</td><td>5</td><td>2</td><td>1</td><td>1</td><td>1</td>',
      );
    } finally {
      errors.mockRestore();
      process.env.DATABASE_URL = saved.url;
      process.env.LOG_LEVEL = saved.level;
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      if (saved.level === undefined) delete process.env.LOG_LEVEL;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
