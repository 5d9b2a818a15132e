/**
 * Sync resumed across slices (issue 13, cases 7 and 8): profile chunks are keyed by user ids, so
 * people deactivated between two slices do not shift the chunks and nobody is left unread; a
 * channel whose history outlives the slice's deadline stops between pages and the next slice
 * reads on from there, not from the start.
 */
import { runFullSync } from '../../src/services/sync';
import { useTestDatabase } from '../support/db';
import { addChannel, addMessage, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';

const T = 'T0TEST';
const SLICE_MS = 3 * 60_000;

describe('a sync run in slices', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();

  function slowed(method: string, clock: TestClock, ms: number): void {
    type Handler = Parameters<typeof slack.handle>[1];
    const builtin = (slack as unknown as { builtins: Record<string, Handler> }).builtins[method];
    slack.handle(method, (args, call) => {
      clock.advance(ms);
      return builtin(args, call);
    });
  }

  async function slices(
    clock: TestClock,
    between: (slice: number) => Promise<void> = async () => undefined,
    pageSize?: number,
  ): Promise<number> {
    const services = testServices(db(), slack, clock);
    for (let slice = 1; slice < 50; slice += 1) {
      const result = await runFullSync(services, T, (await services.slackFor(T))!, {
        deadline: new Date(clock.now().getTime() + SLICE_MS),
        pageSize,
      });
      if (result.complete) return slice;
      await between(slice);
    }
    throw new Error('the sync never finished');
  }

  it('reads the department of every active person when people are deactivated between slices', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const ws = emptyWorkspace(T);
    const people = Array.from({ length: 260 }, (_, i) =>
      addPerson(ws, { id: `UR${String(i).padStart(4, '0')}`, department: ['Ops', 'Sales', 'Design'][i % 3] }),
    );
    slack.reset(ws);
    // Each profile takes Slack 2 seconds: 100 profiles (one chunk) fill a 3-minute slice.
    slowed('users.profile.get', clock, 2_000);
    const leavers = people.slice(0, 30).map((p) => p.id);
    const slicesRun = await slices(clock, async (slice) => {
      // After the first slice, 30 people from the first chunk leave (Slack tells us by user_change).
      if (slice !== 1) return;
      await db()('members').where({ team_id: T }).whereIn('user_id', leavers).update({ is_deleted: true });
    });
    expect(slicesRun).toBeGreaterThanOrEqual(3);
    const active = () => db()('members').where({ team_id: T, is_deleted: false });
    const unread = await active().whereNull('department').pluck('user_id');
    expect(unread).toEqual([]);
    expect(await active().count({ n: '*' }).first()).toEqual({ n: 230 });
  });

  it('stops a long channel history between pages at the deadline and reads on from there next slice', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const ws = emptyWorkspace(T);
    const [a, b] = [addPerson(ws, { id: 'UHA0001' }), addPerson(ws, { id: 'UHB0001' })];
    const channel = addChannel(ws, { id: 'CLONG01', name: 'long', members: [a.id, b.id] });
    for (let i = 0; i < 40; i += 1) {
      const at = new Date(clock.now().getTime() - (i + 1) * 3_600_000);
      addMessage(channel, { user: a.id, text: `<@${b.id}> ${i}`, at });
    }
    slack.reset(ws);
    // 10 pages of 4 messages, each page taking Slack a minute: the channel needs 10 minutes, the slice has 3.
    slowed('conversations.history', clock, 60_000);
    const slicesRun = await slices(clock, undefined, 4);
    expect(slicesRun).toBeGreaterThanOrEqual(3);
    const mentions = await db()('interactions').where({ team_id: T, kind: 'mention' }).sum({ n: 'count' }).first();
    expect(mentions).toEqual({ n: 40 });
    // Each slice read on from the page where the last stopped: no page was read twice.
    const calls = slack.callsTo('conversations.history');
    expect(calls.length).toBeLessThanOrEqual(10 + slicesRun);
  });

  it('reads member lists largest first across slices and publishes each report once, resumed or not', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const ws = emptyWorkspace(T);
    const people = Array.from({ length: 60 }, (_, i) => addPerson(ws, { id: `UM${String(i).padStart(4, '0')}` }));
    const ids = people.map((p) => p.id);
    // one channel of 60, then 20 channels of 3: the big one holds half of all 120 memberships
    addChannel(ws, { id: 'CBIG0001', name: 'zz-everyone', members: ids });
    for (let i = 0; i < 20; i += 1)
      addChannel(ws, { id: `CSM${String(i).padStart(5, '0')}`, name: `a-small-${i}`, members: ids.slice(i, i + 3) });
    slack.reset(ws);
    // Each member list takes Slack 20 seconds: a 3-minute slice reads 9 of the 21 lists.
    slowed('conversations.members', clock, 20_000);
    const slicesRun = await slices(clock);
    expect(slicesRun).toBeGreaterThanOrEqual(3);
    const order = [...new Set(slack.callsTo('conversations.members').map((c) => String(c.args.channel)))];
    expect(order[0]).toBe('CBIG0001'); // read first although its name sorts last
    expect(order).toHaveLength(21);
    // profile-field departments are not known here (no field): the full report only, once
    const jobs = await db()('jobs').where({ team_id: T, kind: 'report.snapshot' }).pluck('idempotency_key');
    expect(jobs).toEqual([expect.stringMatching(/^sync-report:.+:complete$/)]);
    const unread = await db()('channels').where({ team_id: T }).whereNull('members_read_at').pluck('channel_id');
    expect(unread).toEqual([]);
  });
});
