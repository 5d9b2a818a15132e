import { defaultSettings } from '../../src/domain/settings';
import { run as roundCommand } from '../../src/cli/commands/round';
import { CliError } from '../../src/cli/errors';
import { tick } from '../../src/jobs/scheduler';
import { departmentTies, tiedPairs } from '../../src/store/introData';
import { departmentPairKey } from '../../src/domain/matching/bridging';
import { saveSettings } from '../../src/store/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import { testDatabaseUrl, useTestDatabase } from '../support/db';
import { previewRound } from '../../src/services/intros';
import { useFakeSlack } from '../support/fakeSlack';
import { markWorkspaceSynced } from '../support/workspaceState';
import { TestClock, testServices } from '../support/testApp';

const TEAM = 'T0TEST';
const tags = (list: string[]) => JSON.stringify(list.map((t) => ({ tag: t, label: t })));

describe('round inputs, dry run and nudges', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();

  async function seed(): Promise<void> {
    await recordWorkspace(db(), { teamId: TEAM });
    const people = [
      ['U0ANA', 'Engineering', ['bouldering'], 'Ana'],
      ['U0BEN', 'Finance', ['bouldering'], 'Ben'],
      ['U0CAT', 'Engineering', ['chess'], 'Cat'],
      ['U0DAN', 'Sales', ['chess'], 'Dan'],
      ['U0EVE', 'Sales', [], 'Eve'],
    ] as const;
    for (const [id, department, t, name] of people) {
      await db()('members').insert({ team_id: TEAM, user_id: id, department, tz_offset: 0, display_name: name });
      if (t.length) await db()('passions').insert({ team_id: TEAM, user_id: id, tags: tags([...t]) });
    }
  }

  it('counts department ties in one aggregation, each pair of people once', async () => {
    await seed();
    const row = (day: string, actor: string, target: string, kind = 'reply') => ({
      team_id: TEAM,
      day,
      channel_id: 'C1',
      actor_id: actor,
      target_id: target,
      kind,
      count: 2,
    });
    await db()('interactions').insert([
      row('2026-11-10', 'U0ANA', 'U0CAT'),
      row('2026-11-10', 'U0CAT', 'U0ANA', 'mention'),
      row('2026-11-11', 'U0ANA', 'U0DAN'),
      row('2026-11-11', 'U0EVE', 'U0DAN'),
      row('2026-01-01', 'U0ANA', 'U0BEN'), // before the window
    ]);
    const ties = await departmentTies(db(), TEAM, new Date('2026-08-01'));
    expect(ties.totalTies).toBe(3);
    expect(ties.ties.get(departmentPairKey('Engineering', 'Sales'))).toBe(1);
    expect(ties.ties.get(departmentPairKey('Engineering', 'Finance'))).toBeUndefined();
    expect(Object.fromEntries(ties.sizes)).toEqual({ Engineering: 2, Finance: 1, Sales: 2 });
    expect((await tiedPairs(db(), TEAM, new Date('2026-08-01'))).sort()).toEqual([
      ['U0ANA', 'U0CAT'],
      ['U0ANA', 'U0DAN'],
      ['U0DAN', 'U0EVE'],
    ]);
  });

  it('leaves out, for a while, people who asked for fewer introductions on their Home tab', async () => {
    await seed();
    const clock = new TestClock(new Date('2026-11-16T09:30:00Z'));
    const services = testServices(db(), fake, clock);
    const [round] = await db()('intro_rounds').insert({ team_id: TEAM, period_key: '2026-W45' }).returning('id');
    // a past suggestion, closed (an open one would keep ANA out anyway: one open suggestion per person)
    const [intro] = await db()('intros')
      .insert({ team_id: TEAM, round_id: round.id, status: 'expired', created_at: new Date('2026-11-02T10:00:00Z') })
      .returning('id');
    await db()('intro_members').insert({ intro_id: intro.id, team_id: TEAM, user_id: 'U0ANA' });
    expect((await previewRound(services, TEAM)).eligible).toBe(4);
    await db()('members').where({ team_id: TEAM, user_id: 'U0ANA' }).update({ contact_frequency: 'less' });
    expect((await previewRound(services, TEAM)).eligible).toBe(3); // suggested 14 days ago: rests one more period
    clock.advance(14 * 86_400_000);
    expect((await previewRound(services, TEAM)).eligible).toBe(4);
    await db()('members').where({ team_id: TEAM, user_id: 'U0ANA' }).update({ contact_frequency: 'rarely' });
    expect((await previewRound(services, TEAM)).eligible).toBe(3); // about once a quarter
  });

  it('prints the dry run with scores and reasons, by id or by name, and stores nothing', async () => {
    await seed();
    const out: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = testDatabaseUrl();
    try {
      await roundCommand(['--dry-run']);
      await roundCommand(['--dry-run', '--people']);
      await expect(roundCommand([])).rejects.toBeInstanceOf(CliError);
    } finally {
      process.env.DATABASE_URL = saved;
      log.mockRestore();
    }
    expect(out[0]).toMatch(/4 eligible, 2 introductions, 0 unmatched/);
    expect(out[0]).toMatch(/U0ANA \(Engineering\) \+ U0BEN \(Finance\)|U0BEN \(Finance\) \+ U0ANA \(Engineering\)/);
    expect(out[0]).toContain('share bouldering');
    expect(out[0]).toMatch(/Total score: \d+\.\d{3}/);
    expect(out[1]).toMatch(/Ana \(Engineering\) \+ Ben \(Finance\)|Ben \(Finance\) \+ Ana \(Engineering\)/);
    expect(Number((await db()('intros').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('nudges the creator of a quiet purpose channel once per quiet spell, only when enabled', async () => {
    await seed();
    await markWorkspaceSynced(db(), TEAM);
    await db()('channels').insert({
      team_id: TEAM,
      channel_id: 'C0GUILD',
      name: 'guild-climbing',
      kind: 'purpose',
      creator: 'U0ANA',
      created: new Date('2026-01-01'),
    });
    // its members: a channel nobody is in is no purpose channel (the daily recompute of kinds says so)
    await db()('memberships').insert(
      ['U0ANA', 'U0BEN'].map((user_id) => ({ team_id: TEAM, channel_id: 'C0GUILD', user_id })),
    );
    await db()('interactions').insert({
      team_id: TEAM,
      day: '2026-10-01',
      channel_id: 'C0GUILD',
      actor_id: 'U0BEN',
      target_id: 'U0ANA',
      kind: 'reply',
      count: 3,
    });
    const clock = new TestClock(new Date('2026-11-16T09:30:00Z'));
    const services = testServices(db(), fake, clock);
    await tick(services);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    const settings = defaultSettings();
    settings.nudges.enabled = true;
    await saveSettings(db(), TEAM, settings);
    for (let i = 0; i < 3; i += 1) {
      clock.advance(24 * 3_600_000);
      await tick(services);
    }
    const nudges = fake.callsTo('chat.postMessage');
    expect(nudges).toHaveLength(1);
    expect(nudges[0].args.channel).toBe('U0ANA');
    expect(nudges[0].args.text).toContain('<#C0GUILD>');
    // new activity, then a new quiet spell: one more nudge
    await db()('interactions').insert({
      team_id: TEAM,
      day: '2026-11-19',
      channel_id: 'C0GUILD',
      actor_id: 'U0BEN',
      target_id: 'U0ANA',
      kind: 'reply',
      count: 1,
    });
    clock.advance(32 * 24 * 3_600_000); // a Monday
    await tick(services);
    clock.advance(3_600_000); // the nudge waits for 10:00 local
    await tick(services);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});
