import pino from 'pino';
import { Writable } from 'node:stream';
import { tick } from '../../src/jobs/scheduler';
import { recordInteractions } from '../../src/store/interactions';
import { setDepartments, upsertMembers } from '../../src/store/members';
import { recordWorkspace } from '../../src/store/workspaces';
import { saveSettings } from '../../src/store/settings';
import { defaultSettings } from '../../src/domain/settings';
import { useTestDatabase } from '../support/db';
import { addChannel, addMessage, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';

const T = 'T0TEST';
const DAY = 86_400_000;

describe('sync and retention jobs', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  /** Each conversations.members call moves the test's clock, as Slack's pace would. */
  const memberListsTakeSlackTime = (clock: TestClock, ms: number) =>
    slack.handle('conversations.members', (args) => {
      clock.advance(ms);
      return {
        ok: true,
        members: slack.channel(String(args.channel))?.members ?? [],
        response_metadata: { next_cursor: '' },
      };
    });

  it('syncs a workspace on its first start, once', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const ws = emptyWorkspace(T);
    const a = addPerson(ws, { id: 'UAAA001', department: 'Ops' });
    const b = addPerson(ws, { id: 'UBBB001', department: 'Sales' });
    const c = addChannel(ws, { id: 'CJOB001', name: 'help', members: [a.id, b.id] });
    addMessage(c, { user: a.id, text: `<@${b.id}> hi`, at: new Date(clock.now().getTime() - 2 * DAY) });
    slack.reset(ws);
    await recordWorkspace(db(), { teamId: T });
    const services = testServices(db(), slack, clock);
    await tick(services);
    expect(await db()('members').where({ team_id: T }).count({ n: '*' }).first()).toEqual({ n: 2 });
    expect(await db()('interactions').where({ team_id: T }).sum({ n: 'count' }).first()).toEqual({ n: 1 });
    const listed = slack.callsTo('users.list').length;
    clock.advance(60_000);
    await tick(services);
    expect(slack.callsTo('users.list').length).toBe(listed);
    expect(await db()('jobs').where({ team_id: T, kind: 'sync.full' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('runs a long first sync in slices within the job lease, each slice resuming where the last stopped', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const ws = emptyWorkspace(T);
    const ids = [addPerson(ws, { id: 'UAAA001' }).id, addPerson(ws, { id: 'UBBB001' }).id];
    for (let i = 0; i < 12; i += 1)
      addChannel(ws, { id: `CSLICE${String(i).padStart(2, '0')}`, name: `slice-${i}`, members: ids });
    slack.reset(ws);
    // Each channel's member list takes Slack 30 seconds: 12 channels do not fit in one 3-minute slice.
    memberListsTakeSlackTime(clock, 30_000);
    await recordWorkspace(db(), { teamId: T });
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write: (chunk, _enc, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    await tick({ ...testServices(db(), slack, clock), logger });
    expect(lines.filter((l) => l.includes('resuming an interrupted run')).length).toBeGreaterThanOrEqual(1);
    expect(slack.callsTo('users.list')).toHaveLength(1);
    expect(slack.callsTo('conversations.members')).toHaveLength(12);
    expect(await db()('memberships').where({ team_id: T }).whereNull('left_at').count({ n: '*' }).first()).toEqual({
      n: 24,
    });
    expect(
      await db()('jobs').where({ team_id: T, kind: 'sync.full' }).whereNotNull('done_at').count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });

  it('publishes the first report when the sync asks for it, before it reads the rest of the member lists', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const ws = emptyWorkspace(T);
    const ids = Array.from({ length: 40 }, (_, i) => addPerson(ws, { id: `UFR${String(i).padStart(3, '0')}` }).id);
    addChannel(ws, { id: 'CFRBIG', name: 'all-hands', members: ids });
    for (let i = 0; i < 10; i += 1)
      addChannel(ws, { id: `CFRSMALL${i}`, name: `small-${i}`, members: ids.slice(2 * i, 2 * i + 2) });
    slack.reset(ws);
    // Each member list takes Slack 30 seconds; the first report is due with a few small lists still to read.
    memberListsTakeSlackTime(clock, 30_000);
    await recordWorkspace(db(), { teamId: T });
    // The HR file was uploaded before the first sync: departments are known from the start.
    const settings = defaultSettings();
    await saveSettings(db(), T, { ...settings, departmentSource: { ...settings.departmentSource, kind: 'csv' } });
    await upsertMembers(
      db(),
      T,
      ids.map((userId) => ({ userId, isBot: false, isDeleted: false })),
      clock.now(),
    );
    await setDepartments(
      db(),
      T,
      ids.map((userId, i) => ({ userId, department: i % 2 ? 'Ops' : 'Sales' })),
      'csv',
      clock.now(),
    );
    // time moves on as it does in production (a millisecond each time it is read), so the sync's next
    // slice is due after the report it asked for
    const moving = () => {
      clock.advance(1);
      return clock.now();
    };
    await tick({ ...testServices(db(), slack, clock), now: moving });

    // The report.snapshot job ran when the sync asked for it (with lists still to read), not when the
    // slice or the sync ended (09:05:30 and later).
    const first = await db()('jobs')
      .where({ team_id: T, kind: 'report.snapshot' })
      .where('idempotency_key', 'like', '%:first')
      .first();
    // asked for once 90 % of the 60 memberships were read (the 8th list, at 09:04), not earlier
    expect(first.due_at.getTime()).toBeGreaterThanOrEqual(new Date('2026-11-16T09:04:00Z').getTime());
    expect(first.due_at.getTime()).toBeLessThan(new Date('2026-11-16T09:05:00Z').getTime());
    expect(first.done_at.getTime() - first.due_at.getTime()).toBeLessThan(1000);
    expect(slack.callsTo('conversations.members')).toHaveLength(11);
    expect(
      await db()('jobs').where({ team_id: T, kind: 'sync.full' }).whereNotNull('done_at').count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });

  it('deletes interaction counts older than the retention window each day', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    await recordWorkspace(db(), { teamId: T });
    await saveSettings(db(), T, { ...defaultSettings(), retentionDays: 30 });
    // Mark the workspace as synced so the first-start planner stays quiet.
    await db()('sync_runs').insert({
      team_id: T,
      run_id: 'r',
      started_at: clock.now(),
      finished_at: clock.now(),
      last_finished_at: clock.now(),
      history_oldest: clock.now(),
    });
    const day = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * DAY).toISOString().slice(0, 10);
    await recordInteractions(db(), T, [
      { source: 'C1:1:mention:U2', day: day(45), channelId: 'C1', actorId: 'U1', targetId: 'U2', kind: 'mention' },
      { source: 'C1:2:mention:U2', day: day(31), channelId: 'C1', actorId: 'U1', targetId: 'U2', kind: 'mention' },
      { source: 'C1:3:mention:U2', day: day(29), channelId: 'C1', actorId: 'U1', targetId: 'U2', kind: 'mention' },
      { source: 'C1:4:mention:U2', day: day(1), channelId: 'C1', actorId: 'U1', targetId: 'U2', kind: 'mention' },
    ]);
    await tick(testServices(db(), slack, clock));
    expect((await db()('interactions').where({ team_id: T }).orderBy('day').select('day')).map((r) => r.day)).toEqual([
      day(29),
      day(1),
    ]);
    expect(await db()('interaction_ledger').where({ team_id: T }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });
});
